from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import apps as oscar_catalogue_dashboard
from oscar.apps.dashboard.offers import apps as oscar_offers_dashboard
from oscar.apps.dashboard.orders import apps as oscar_orders_dashboard
from oscar.apps.dashboard.reports import apps as oscar_reports_dashboard
from oscar.apps.dashboard.vouchers import apps as oscar_vouchers_dashboard


class StaffConfig(AppConfig):
    """Program staff's producer pages inside Oscar's dashboard."""

    name = "staff"
    verbose_name = _("Dasbor staf")


class CatalogueDashboardConfig(oscar_catalogue_dashboard.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard with its product page's form replaced (staff.products).

    One view differs, so the app itself is not forked: its URLs and templates stay Oscar's.
    """

    def ready(self):
        super().ready()
        from staff import products

        self.product_createupdate_view = products.ProductCreateUpdateView


class OrdersDashboardConfig(oscar_orders_dashboard.OrdersDashboardConfig):
    """Oscar's order dashboard, its status changes routed to the payment services (staff.orders)."""

    def ready(self):
        super().ready()
        from staff import orders

        self.order_detail_view = orders.OrderDetailView
        self.order_list_view = orders.OrderListView


class OffersDashboardConfig(oscar_offers_dashboard.OffersDashboardConfig):
    """Oscar's offer dashboard, its list's search filters labelled in the staff's language."""

    def ready(self):
        super().ready()
        from staff import search_filters

        self.list_view = search_filters.OfferListView


class VouchersDashboardConfig(oscar_vouchers_dashboard.VouchersDashboardConfig):
    """Oscar's voucher dashboard, its lists' search filters labelled in the staff's language."""

    def ready(self):
        super().ready()
        from staff import search_filters

        self.list_view = search_filters.VoucherListView
        self.set_detail_view = search_filters.VoucherSetDetailView


class ReportsDashboardConfig(oscar_reports_dashboard.ReportsDashboardConfig):
    """Oscar's staff reports, read from the reports replica when there is one (staff.reports)."""

    def ready(self):
        super().ready()
        from staff import reports

        self.index_view = reports.ReportsIndexView
