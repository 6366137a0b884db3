import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "checkout"

    def ready(self):
        super().ready()
        self.order_status_view = get_class("checkout.views", "OrderStatusView")

    def get_urls(self):
        urls = super().get_urls()
        urls += self.post_process_urls(
            [
                path(
                    "pesanan/<str:number>/<str:token>/",
                    self.order_status_view.as_view(),
                    name="order-status",
                )
            ]
        )
        return urls
