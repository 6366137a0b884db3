"""What each order status is called. The statuses themselves are the keys of
OSCAR_ORDER_STATUS_PIPELINE, written in English because Oscar's code compares them; people
read these labels instead (the payment decides the status: payment.services)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "Pending": pgettext_lazy("status pesanan", "Menunggu pembayaran"),
    "Paid": pgettext_lazy("status pesanan", "Dibayar"),
    "Partially refunded": pgettext_lazy("status pesanan", "Dikembalikan sebagian"),
    "Refunded": pgettext_lazy("status pesanan", "Dikembalikan"),
    "Cancelled": pgettext_lazy("status pesanan", "Dibatalkan"),
}


def order_status_label(status: str) -> str:
    """The label of a status; a status the pipeline no longer has keeps its own name."""
    return str(LABELS.get(status, status or "-"))
