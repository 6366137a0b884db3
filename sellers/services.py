"""Writes that concern producers: registering, approving and suspending them."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model

from regions.models import Village
from sellers.models import Cooperative, SellerProfile

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
def seller_approve(*, seller: SellerProfile) -> SellerProfile:
    seller.status = SellerProfile.Status.APPROVED
    seller.status_reason = ""
    seller.approved_at = timezone.now()
    seller.save(update_fields=["status", "status_reason", "approved_at"])
    if seller.user_id:
        # Oscar's dashboard scopes partner staff by Partner.users.
        seller.partner.users.add(seller.user_id)
    return seller


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
