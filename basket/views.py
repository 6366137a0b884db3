from django.contrib import messages
from oscar.apps.basket.views import BasketView as OscarBasketView

from basket.services import basket_vouchers_prune


class BasketView(OscarBasketView):
    """Oscar's basket page, which first lets go of vouchers that can no longer be used (a
    single-use code someone else used meanwhile), saying so, rather than keeping a code that
    gives no discount and that Oscar's OrderCreator would refuse the order over."""

    def get(self, request, *args, **kwargs):
        for message in basket_vouchers_prune(basket=request.basket, user=request.user):
            messages.warning(request, message)
        return super().get(request, *args, **kwargs)
