from django.urls import path

from staff import shipments, views

app_name = "sellers-dashboard"

urlpatterns = [
    path("", views.SellerListView.as_view(), name="seller-list"),
    path("pendaftaran/", views.SellerListView.as_view(status="applied"), name="application-list"),
    path("<int:pk>/", views.SellerDetailView.as_view(), name="seller-detail"),
    path("<int:pk>/setujui/", views.SellerStatusView.as_view(action="approve"), name="seller-approve"),
    path("<int:pk>/tolak/", views.SellerStatusView.as_view(action="reject"), name="seller-reject"),
    path("<int:pk>/tangguhkan/", views.SellerStatusView.as_view(action="suspend"), name="seller-suspend"),
    path("<int:pk>/aktifkan/", views.SellerStatusView.as_view(action="reapprove"), name="seller-reapprove"),
    path("<int:pk>/pencairan/", views.SellerPayoutCreateView.as_view(), name="payout-create"),
    path("pencairan/", views.PayoutListView.as_view(), name="payout-list"),
    path("pencairan/csv/", views.PayoutExportView.as_view(), name="payout-export"),
    path("terlambat-kirim/", shipments.LateOrderListView.as_view(), name="late-orders"),
    path(
        "pesanan/<int:pk>/sampai/",
        shipments.SellerOrderDeliverView.as_view(),
        name="seller-order-deliver",
    ),
]
