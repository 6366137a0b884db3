"""Writes that concern producers: registering, approving and suspending them.

Staff decisions (seller_status_decide) add the rule of which decision may follow which,
under a lock, and record who decided; the status services send the e-mail.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from core.emails import send_templated_email, shop_url, user_language, users_by_language
from core.tasks import enqueue_on_commit
from regions.models import Village
from sellers import tasks
from sellers.models import AuditLogEntry, Cooperative, SellerProfile

Partner = get_model("partner", "Partner")


def _unique_slug(model, base: str) -> str:
    slug = slugify(base)[:150] or "produsen"
    candidate, n = slug, 2
    while model.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


@transaction.atomic
def seller_register(
    *,
    name: str,
    village: Village,
    whatsapp: str,
    user=None,
    enterprise_kind: str = SellerProfile.EnterpriseKind.FAMILY,
    story: str = "",
    cooperative: Cooperative | None = None,
    slug: str | None = None,
) -> SellerProfile:
    """Create a producer in 'applied' state with its Oscar partner (which holds its stock)."""
    slug = slug or _unique_slug(SellerProfile, name)
    partner = Partner.objects.create(name=name, code=slug)
    seller = SellerProfile(
        partner=partner,
        user=user,
        village=village,
        cooperative=cooperative,
        name=name,
        slug=slug,
        enterprise_kind=enterprise_kind,
        story=story,
        whatsapp=whatsapp,
    )
    seller.full_clean()
    seller.save()
    return seller


@transaction.atomic
def seller_approve(*, seller: SellerProfile, notify: bool = True) -> SellerProfile:
    seller = SellerProfile.objects.select_for_update().get(pk=seller.pk)
    seller.status = SellerProfile.Status.APPROVED
    seller.status_reason = ""
    seller.approved_at = seller.approved_at or timezone.now()
    seller.save(update_fields=["status", "status_reason", "approved_at"])
    # Deliberately not added to Partner.users: Oscar's partner dashboard shows every line
    # of a shared order (Oscar #2240). Producers use the portal, which shows only theirs.
    if notify:
        enqueue_on_commit(tasks.send_status_email, seller.pk)
    return seller


def _set_status(seller: SellerProfile, status: str, reason: str) -> SellerProfile:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"status_reason": _("Tuliskan alasannya agar produsen tahu apa yang perlu diperbaiki.")}
        )
    seller = SellerProfile.objects.select_for_update().get(pk=seller.pk)
    seller.status = status
    seller.status_reason = reason
    seller.save(update_fields=["status", "status_reason"])
    enqueue_on_commit(tasks.send_status_email, seller.pk)
    return seller


@transaction.atomic
def seller_reject(*, seller: SellerProfile, reason: str) -> SellerProfile:
    if seller.status != SellerProfile.Status.APPLIED:
        raise ValidationError(_("Hanya pendaftaran yang belum diputuskan yang bisa ditolak."))
    return _set_status(seller, SellerProfile.Status.REJECTED, reason)


@transaction.atomic
def seller_suspend(*, seller: SellerProfile, reason: str) -> SellerProfile:
    """Stop a producer selling: its products stay but cannot be bought or listed."""
    return _set_status(seller, SellerProfile.Status.SUSPENDED, reason)


def send_status_email(*, seller_id: int) -> None:
    seller = SellerProfile.objects.select_related("user").get(pk=seller_id)
    send_templated_email(
        template="sellers/emails/status",
        context={
            "seller": seller,
            "portal_url": shop_url(reverse("sellers:portal")),
        },
        to=[seller.user.email] if seller.user_id else [],
        language=user_language(seller.user) if seller.user_id else None,
    )


def cooperative_create(
    *, name: str, village: Village, kind: str, description: str = "", founded_year=None
) -> Cooperative:
    cooperative = Cooperative(
        name=name,
        slug=_unique_slug(Cooperative, name),
        village=village,
        kind=kind,
        description=description,
        founded_year=founded_year,
    )
    cooperative.full_clean()
    cooperative.save()
    return cooperative


def audit_record(*, actor, seller: SellerProfile, action: str, obj=None, **detail) -> AuditLogEntry:
    """Note a portal action; when actor is not the seller's own user it was done on their behalf."""
    return AuditLogEntry.objects.create(
        actor=actor,
        seller=seller,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail={key: str(value) for key, value in detail.items()},
    )


@transaction.atomic
def seller_apply(
    *,
    user,
    name: str,
    village: Village,
    whatsapp: str,
    enterprise_kind: str,
    story: str = "",
    email: str = "",
    password: str = "",
    full_name: str = "",
) -> SellerProfile:
    """A producer applies to sell; staff decide in the dashboard.

    A visitor without an account gets one from email, password and full_name, in the same
    transaction, so a refused application leaves no account behind.
    """
    if not user.is_authenticated:
        user = get_user_model().objects.create_user(
            username=email[:150], email=email, password=password, first_name=full_name[:150]
        )
    if SellerProfile.objects.filter(user=user).exists():
        raise ValidationError(_("Akun ini sudah terdaftar sebagai produsen."))
    seller = seller_register(
        name=name, village=village, whatsapp=whatsapp, user=user, enterprise_kind=enterprise_kind, story=story
    )
    audit_record(actor=user, seller=seller, action="apply", obj=seller)
    enqueue_on_commit(tasks.notify_staff_of_application, seller.pk)
    return seller


def _notify_staff_of_application(*, seller_id: int) -> None:
    from django.core.mail import send_mail

    seller = SellerProfile.objects.select_related("village__district__regency").get(pk=seller_id)
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    # Sent from the applicant's request: each staff member reads it in their own language.
    place = {"name": seller.name, "village": seller.village, "regency": seller.village.district.regency}
    for language, addresses in users_by_language(staff).items():
        with translation.override(language):
            send_mail(
                _("Pendaftaran produsen baru: %(name)s") % place,
                _("%(name)s dari %(village)s, %(regency)s mendaftar sebagai produsen. Tinjau di dasbor.")
                % place,
                settings.DEFAULT_FROM_EMAIL,
                addresses,
            )


@transaction.atomic
def seller_profile_update(*, seller: SellerProfile, actor, **fields) -> SellerProfile:
    changed = [name for name, value in fields.items() if getattr(seller, name) != value]
    for name, value in fields.items():
        setattr(seller, name, value)
    seller.full_clean()
    seller.save()
    if changed:
        audit_record(
            actor=actor, seller=seller, action="profile_update", obj=seller, fields=",".join(changed)
        )
    return seller


Status = SellerProfile.Status

APPROVE = "approve"
REAPPROVE = "reapprove"
REJECT = "reject"
SUSPEND = "suspend"

# action -> (statuses it may follow, whether staff must give a reason, button label)
STATUS_ACTIONS = {
    APPROVE: ({Status.APPLIED}, False, gettext_lazy("Setujui pendaftaran")),
    REJECT: ({Status.APPLIED}, True, gettext_lazy("Tolak pendaftaran")),
    SUSPEND: ({Status.APPROVED}, True, gettext_lazy("Tangguhkan produsen")),
    REAPPROVE: ({Status.SUSPENDED}, False, gettext_lazy("Aktifkan kembali")),
}


def seller_actions_allowed(*, status: str) -> list[str]:
    return [action for action, (sources, _reason, _label) in STATUS_ACTIONS.items() if status in sources]


@transaction.atomic
def seller_status_decide(*, seller: SellerProfile, action: str, actor, reason: str = "") -> SellerProfile:
    """Approve, reject, suspend or re-approve a producer; the producer is e-mailed on commit."""
    if action not in STATUS_ACTIONS:
        raise ValidationError(_("Tindakan tidak dikenal."))
    seller = SellerProfile.objects.select_for_update().get(pk=seller.pk)
    previous = seller.status
    if previous not in STATUS_ACTIONS[action][0]:
        raise ValidationError(
            _("Produsen berstatus “%(status)s”: tindakan “%(action)s” tidak bisa dilakukan.")
            % {"status": seller.get_status_display(), "action": STATUS_ACTIONS[action][2]}
        )
    reason = reason.strip()
    if action in (APPROVE, REAPPROVE):
        seller = seller_approve(seller=seller)
    elif action == REJECT:
        seller = seller_reject(seller=seller, reason=reason)
    else:
        seller = seller_suspend(seller=seller, reason=reason)
    AuditLogEntry.objects.create(
        actor=actor,
        seller=seller,
        action=f"seller_{action}",
        object_type="seller",
        object_id=str(seller.pk),
        detail={"from": previous, "to": seller.status, "reason": reason},
    )
    return seller
