"""Oscar's order, offer and voucher lists in the staff's language.

Oscar's list templates print the label before the active search filters as plain English
("Filters:"), outside any block. These views hand the filters to the templates under
another name, so Oscar's English label never renders and staff/partials/search_filters.html
shows the same filters with a translated label.
"""

from oscar.core.loading import get_class

OscarOfferListView = get_class("dashboard.offers.views", "OfferListView")
OscarVoucherListView = get_class("dashboard.vouchers.views", "VoucherListView")
OscarVoucherSetDetailView = get_class("dashboard.vouchers.views", "VoucherSetDetailView")


class TranslatedSearchFiltersMixin:
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["active_search_filters"] = ctx.pop("search_filters", [])
        return ctx


class OfferListView(TranslatedSearchFiltersMixin, OscarOfferListView):
    template_name = "staff/offer_list.html"


class VoucherListView(TranslatedSearchFiltersMixin, OscarVoucherListView):
    template_name = "staff/voucher_list.html"


class VoucherSetDetailView(TranslatedSearchFiltersMixin, OscarVoucherSetDetailView):
    template_name = "staff/voucher_set_detail.html"
