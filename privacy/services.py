"""One person's data, on request: everything the shop holds about them, exported or erased.

A person is found by e-mail address: their accounts (matched case-insensitively) and the
orders placed with that address as a guest. Erasing keeps what the books need: orders,
lines, payments, producers' orders and ledger entries keep their numbers, amounts, dates
and regions (village, city, province), while names, phone numbers, street addresses and
e-mail addresses are blanked. Accounts are kept as anonymous, unusable shells, because
orders, audit entries and ledger entries point at them.
"""

from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.forms.models import model_to_dict
from oscar.core.loading import get_model

from family.models import FamilyDelivery
from family.services import family_delivery_erase
from payment.models import RefundBankAccount, TransferReceipt
from sellers.models import AuditLogEntry, Cooperative, SellerProfile

User = get_user_model()
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
Basket = get_model("basket", "Basket")
ProductReview = get_model("reviews", "ProductReview")
ProductAlert = get_model("customer", "ProductAlert")
WishList = get_model("wishlists", "WishList")
Email = get_model("communication", "Email")
Notification = get_model("communication", "Notification")
UserSearch = get_model("analytics", "UserSearch")
UserProductView = get_model("analytics", "UserProductView")
UserRecord = get_model("analytics", "UserRecord")

ADDRESS_PERSONAL_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "postcode",
    "search_text",
)
USER_FIELDS = ("id", "username", "email", "first_name", "last_name", "date_joined", "last_login", "is_active")
SELLER_PERSONAL_FIELDS = ("whatsapp", "bank_account_name", "bank_name", "bank_account_number")
ERASED_REASON = "Data pribadi dihapus atas permintaan pemiliknya."


@dataclass
class ErasureReport:
    """What personal_data_erase changed, by kind of record, for the operator to read."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int) -> None:
        if count:
            self.counts[what] = self.counts.get(what, 0) + count

    def lines(self) -> list[str]:
        return [f"{what}: {count}" for what, count in self.counts.items()]


def _users(email: str) -> QuerySet:
    return User.objects.filter(email__iexact=email.strip())


def _orders(email: str, users: QuerySet) -> QuerySet:
    return (
        Order.objects.filter(Q(user__in=users) | Q(guest_email__iexact=email.strip()))
        .select_related("shipping_address", "billing_address")
        .prefetch_related("lines")
        .order_by("date_placed")
    )


def _address(address) -> dict | None:
    if address is None:
        return None
    data = model_to_dict(address, exclude=["id", "search_text"])
    # Phone numbers, countries and villages as text.
    return {
        name: value if value is None or isinstance(value, str | int | float | bool) else str(value)
        for name, value in data.items()
    }


def personal_data_export(*, email: str) -> dict[str, Any]:
    """Everything held about the person with this e-mail address, as JSON-ready data."""
    users = _users(email)
    accounts = []
    for user in users:
        seller = SellerProfile.objects.filter(user=user).select_related("village").first()
        accounts.append(
            {
                "account": {name: getattr(user, name) for name in USER_FIELDS},
                "address_book": [_address(a) for a in UserAddress.objects.filter(user=user)],
                "seller_profile": (
                    {
                        "name": seller.name,
                        "status": seller.status,
                        "village": str(seller.village),
                        "story": seller.story,
                        **{name: getattr(seller, name) for name in SELLER_PERSONAL_FIELDS},
                    }
                    if seller
                    else None
                ),
                "cooperatives_operated": list(
                    Cooperative.objects.filter(operators=user).values_list("name", flat=True)
                ),
                "reviews": list(
                    ProductReview.objects.filter(user=user).values("product_id", "score", "title", "body")
                ),
                "product_alerts": list(ProductAlert.objects.filter(user=user).values("product_id", "status")),
                "wishlists": [
                    {"name": w.name, "products": [line.get_title() for line in w.lines.all()]}
                    for w in WishList.objects.filter(owner=user).prefetch_related("lines")
                ],
                "emails_sent": list(Email.objects.filter(user=user).values("subject", "date_sent")),
                "searches": list(UserSearch.objects.filter(user=user).values("query", "date_created")),
                "seller_portal_actions": AuditLogEntry.objects.filter(actor=user).count(),
            }
        )
    orders = [
        {
            "number": order.number,
            "date_placed": order.date_placed,
            "status": order.status,
            "email": order.email,
            "total": order.total_incl_tax,
            "currency": order.currency,
            "shipping_address": _address(order.shipping_address),
            "billing_address": _address(order.billing_address),
            "lines": [
                {"title": line.title, "quantity": line.quantity, "price": line.line_price_incl_tax}
                for line in order.lines.all()
            ],
            "refund_bank_accounts": list(
                RefundBankAccount.objects.filter(payment__order=order).values(
                    "bank_name", "account_number", "holder_name"
                )
            ),
            "transfer_receipt_photos": TransferReceipt.objects.filter(payment__order=order).count(),
            "family_delivery": FamilyDelivery.objects.filter(order=order)
            .values("sender_name", "gift_message", "notify_family")
            .first(),
        }
        for order in _orders(email, users)
    ]
    return {"email": email.strip(), "accounts": accounts, "orders": orders}


def _blank_address(address) -> int:
    if address is None:
        return 0
    for name in ADDRESS_PERSONAL_FIELDS:
        setattr(address, name, "")
    updates = list(ADDRESS_PERSONAL_FIELDS)
    if hasattr(address, "phone_number"):
        address.phone_number = ""
        updates.append("phone_number")
    if hasattr(address, "notes"):
        address.notes = ""
        updates.append("notes")
    address.save(update_fields=updates)
    return 1


@transaction.atomic
def personal_data_erase(*, email: str) -> ErasureReport:
    """Erase the person's data, keeping the anonymous records accounting needs."""
    report = ErasureReport()
    email = email.strip()
    users = list(_users(email))
    login_names = {email.lower(), *(user.username.lower() for user in users)}
    accounts = User.objects.filter(pk__in=[user.pk for user in users])
    orders = list(_orders(email, accounts).select_for_update(of=("self",)))

    for order in orders:
        report.add("order addresses blanked", _blank_address(order.shipping_address))
        report.add("order addresses blanked", _blank_address(order.billing_address))
        # The refunds keep their amounts and transfer references; where they went is erased.
        report.add(
            "refund bank accounts deleted", RefundBankAccount.objects.filter(payment__order=order).delete()[0]
        )
        for receipt in TransferReceipt.objects.filter(payment__order=order):
            receipt.image.delete(save=False)
            receipt.delete()
            report.add("transfer receipt photos deleted", 1)
        report.add("family deliveries erased (sender, message, photos)", family_delivery_erase(order=order))
        order.guest_email = ""
        order.user = None
        order.placed_from = None
        order.buyer_phone = ""
        order.save(update_fields=["guest_email", "user", "placed_from", "buyer_phone"])
        report.add("orders anonymised (numbers and amounts kept)", 1)
    report.add("e-mails to the buyer deleted", Email.objects.filter(email__iexact=email).delete()[0])
    report.add("reviews deleted", ProductReview.objects.filter(email__iexact=email).delete()[0])
    report.add("stock alerts deleted", ProductAlert.objects.filter(email__iexact=email).delete()[0])

    for user in users:
        report.add("address book entries deleted", UserAddress.objects.filter(user=user).delete()[0])
        open_baskets = Basket.objects.filter(owner=user).exclude(status=Basket.SUBMITTED)
        report.add("open baskets deleted", open_baskets.delete()[0])
        report.add("reviews deleted", ProductReview.objects.filter(user=user).delete()[0])
        report.add("stock alerts deleted", ProductAlert.objects.filter(user=user).delete()[0])
        report.add("wishlists deleted", WishList.objects.filter(owner=user).delete()[0])
        report.add("e-mails to the buyer deleted", Email.objects.filter(user=user).delete()[0])
        report.add(
            "notifications deleted",
            Notification.objects.filter(Q(recipient=user) | Q(sender=user)).delete()[0],
        )
        for model in (UserSearch, UserProductView, UserRecord):
            report.add("browsing records deleted", model.objects.filter(user=user).delete()[0])
        for cooperative in Cooperative.objects.filter(operators=user):
            cooperative.operators.remove(user)
            report.add("cooperative operator roles removed", 1)

        seller = SellerProfile.objects.filter(user=user).first()
        if seller is not None:
            for name in SELLER_PERSONAL_FIELDS:
                setattr(seller, name, "")
            if seller.photo:
                seller.photo.delete(save=False)
            seller.status = SellerProfile.Status.SUSPENDED
            seller.status_reason = ERASED_REASON
            seller.save(update_fields=[*SELLER_PERSONAL_FIELDS, "photo", "status", "status_reason"])
            report.add("producer profiles anonymised and suspended (ledger kept)", 1)

        # A new (unusable) password also signs every session of the account out.
        user.username = f"deleted-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        report.add("accounts anonymised and deactivated", 1)

    # django-axes keeps the login names and addresses of sign-in attempts.
    by_name = Q()
    for name in login_names:
        by_name |= Q(username__iexact=name)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        report.add("sign-in records deleted", model.objects.filter(by_name).delete()[0])
    return report
