"""Stripe's webhook endpoint, and the two small endpoints the card payment page calls.

None of them moves an order's payment except through a verified webhook event: the
confirm endpoint only asks Stripe to charge, the status endpoint only reads.
"""

import logging

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from order.tokens import order_status_token_valid
from payment import stripe_api
from payment.methods import StripeCard
from payment.models import OrderPayment
from payment.webhooks import stripe_event_process

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def stripe_webhook(request):
    """Verify the Stripe-Signature, then hand the event to its handler (payment.webhooks)."""
    try:
        event = stripe_api.webhook_event(request.body, request.headers.get("Stripe-Signature"))
    except stripe_api.InvalidSignature as error:
        logger.warning("Refused a Stripe webhook: %s", error.message)
        return HttpResponseBadRequest("invalid signature")
    except stripe_api.MalformedEvent as error:
        # Signed, so from Stripe (or someone holding the secret), yet unreadable: nothing
        # to record it under without a usable id and body, so it is logged for staff.
        logger.error("Refused a signed Stripe webhook: %s", error.message)
        return HttpResponseBadRequest("malformed event")
    processed = stripe_event_process(event=event)
    if processed.refused:
        return HttpResponseBadRequest("malformed event")
    return HttpResponse("duplicate" if processed.duplicate else "ok", content_type="text/plain")


class CardPaymentMixin:
    """The order's card payment, reached with the same signed token as its status page."""

    def get_payment(self, number: str, token: str) -> OrderPayment:
        order = get_object_or_404(Order, number=number)
        if not order_status_token_valid(order, token):
            raise Http404
        payment = get_object_or_404(OrderPayment.objects.select_related("order"), order=order)
        if payment.method != StripeCard.code:
            raise Http404
        return payment


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _payment_json(payment: OrderPayment, **extra) -> dict:
    return {
        "status": payment.status,
        "label": str(payment.get_status_display()),
        "paid": payment.is_paid,
        **extra,
    }


class CardConfirmView(CardPaymentMixin, View):
    """Charge a PaymentMethod (or, in test mode, a Stripe test card) from the server.

    Stripe.js normally confirms in the browser; this is the server-side path for a
    PaymentMethod created there, and for test cards where the browser cannot enter one
    (localstripe's Stripe.js has no card field). The answer says what the browser must do
    next: nothing and wait (succeeded/processing), 3-D Secure (requires_action, with the
    client secret), or try another card (requires_payment_method, with the reason).
    """

    def post(self, request, number, token):
        payment = self.get_payment(number, token)
        page = reverse("checkout:order-status", args=[number, token])
        if payment.is_paid or payment.status in (OrderPayment.Status.CANCELLED, OrderPayment.Status.REFUNDED):
            if _wants_json(request):
                return JsonResponse(_payment_json(payment, intent_status=""), status=409)
            return redirect(page)
        payment_method = request.POST.get("payment_method", "").strip()
        test_card = request.POST.get("test_card", "").strip()
        if payment_method and not payment_method.startswith("pm_"):
            return HttpResponseBadRequest("payment_method must be a PaymentMethod id")
        if not (payment_method or test_card):
            return HttpResponseBadRequest("payment_method or test_card is required")
        try:
            intent = StripeCard().confirm(payment=payment, payment_method=payment_method, test_card=test_card)
        except stripe_api.StripeApiError as error:
            if _wants_json(request):
                return JsonResponse(_payment_json(payment, error=error.message), status=502)
            messages.error(request, error.message)
            return redirect(page)
        if _wants_json(request):
            return JsonResponse(
                _payment_json(
                    payment,
                    intent_status=intent.status,
                    client_secret=intent.client_secret if intent.status == "requires_action" else "",
                    error=intent.last_error,
                )
            )
        if intent.last_error:
            messages.error(request, intent.last_error)
        elif intent.status == "requires_action":
            messages.info(request, _("Bank Anda meminta verifikasi 3-D Secure."))
        else:
            messages.info(request, _("Pembayaran sedang diproses; halaman ini diperbarui otomatis."))
        return redirect(page)


class CardStatusView(CardPaymentMixin, View):
    """Where the payment stands here (moved only by webhooks): the page polls this."""

    def get(self, request, number, token):
        payment = self.get_payment(number, token)
        response = JsonResponse(_payment_json(payment))
        response["Cache-Control"] = "no-store"
        return response
