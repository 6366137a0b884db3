"""Midtrans's notification endpoint, and the buyer's switch between an e-wallet's app and QR.

Neither marks anything paid by itself: the notification view hands a signed body to
payment.midtrans_notifications, which asks Midtrans before it moves a payment.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from order.tokens import order_status_token_valid
from payment import midtrans_api
from payment.methods import payment_method
from payment.midtrans_methods import APP, QR, EWallet
from payment.midtrans_notifications import midtrans_notification_process
from payment.models import OrderPayment

Order = get_model("order", "Order")


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def midtrans_notification(request):
    """POST JSON from Midtrans: 200 once handled (or a repeat), 403 forged, 400 unreadable,
    503 when Midtrans's own status call failed (Midtrans then retries)."""
    handled = midtrans_notification_process(body=request.body)
    return HttpResponse(handled.outcome, status=handled.status, content_type="text/plain")


@require_POST
@transaction.non_atomic_requests
def midtrans_switch(request, number, token):
    """Pay the other way: the e-wallet's app instead of its QR code, or the reverse."""
    order = get_object_or_404(Order, number=number)
    if not order_status_token_valid(order, token):
        raise Http404
    payment = get_object_or_404(OrderPayment.objects.select_related("order"), order=order)
    page = reverse("checkout:order-status", args=[number, token])
    try:
        method = payment_method(payment.method)
    except LookupError:
        raise Http404 from None
    mode = request.POST.get("mode")
    if not isinstance(method, EWallet) or mode not in (APP, QR):
        raise Http404
    if payment.status not in (OrderPayment.Status.PENDING, OrderPayment.Status.FAILED):
        return redirect(page)
    try:
        method.charge(payment=payment, mode=mode, return_url=request.build_absolute_uri(page), replace=True)
    except midtrans_api.MidtransApiError as error:
        messages.error(request, error.message)
    return redirect(page)
