"""The resolution centre's writes: cancelling a producer's part (services.cancellations) and
complaints with their deadlines (services.complaints). Import from here."""

from complaints.services.cancellations import cancellation_request_answer, seller_order_cancel_by_buyer
from complaints.services.complaints import (
    complaint_accept,
    complaint_decide,
    complaint_escalate,
    complaint_message,
    complaint_offer,
    complaint_open,
    complaint_reject,
    complaint_replacement_receive,
    complaint_replacement_ship,
    complaints_enforce_deadlines,
)

__all__ = [
    "cancellation_request_answer",
    "complaint_accept",
    "complaint_decide",
    "complaint_escalate",
    "complaint_message",
    "complaint_offer",
    "complaint_open",
    "complaint_reject",
    "complaint_replacement_receive",
    "complaint_replacement_ship",
    "complaints_enforce_deadlines",
    "seller_order_cancel_by_buyer",
]
