"""Oscar's stock alerts ("tell me when it is back"), kept to what the shop lists and to itself.

Oscar's views are subclassed here and put in place by storefront.apps.CustomerConfig, so the
URLs and their names (customer:alert-create…) stay Oscar's.
"""

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme
from oscar.apps.customer.alerts import views as oscar_views

from catalog.selectors import product_browsable


class ProductAlertCreateView(oscar_views.ProductAlertCreateView):
    def dispatch(self, request, *args, **kwargs):
        # Oscar finds the product by id alone: a hidden product (a draft, a suspended
        # producer's) would get alerts, and the shop would e-mail their confirmations to any
        # address given. Refused as its product page refuses it. Creating alerts is also
        # limited per address (RATE_LIMITS["alert"]).
        if not product_browsable().filter(pk=kwargs["pk"]).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ProductAlertCancelView(oscar_views.ProductAlertCancelView):
    def get_redirect_url(self, *args, **kwargs):
        # Oscar follows ?next= anywhere: a cancel link could send a buyer to a fake sign-in.
        target = self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return self.alert.product.get_absolute_url()
