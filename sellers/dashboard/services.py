"""What program staff do to a producer from the dashboard, each recorded in the audit log.

The status services in sellers.services send the e-mail; these add the rule of which
decision may follow which, under a lock, and record who decided.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ledger.models import LedgerEntry
from ledger.services import ledger_record_payout
from sellers.models import AuditLogEntry, SellerProfile
from sellers.services import seller_approve, seller_reject, seller_suspend

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


@transaction.atomic
def seller_payout_record(*, seller: SellerProfile, amount: Decimal, reference: str, actor) -> LedgerEntry:
    """Record a bank transfer made to the producer, never more than its balance."""
    entry = ledger_record_payout(seller=seller, amount=amount, reference=reference, created_by=actor)
    AuditLogEntry.objects.create(
        actor=actor,
        seller=seller,
        action="payout_record",
        object_type="ledger_entry",
        object_id=str(entry.pk),
        detail={"amount": str(-entry.amount), "reference": entry.reference},
    )
    return entry
