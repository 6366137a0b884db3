from django.urls import path

from payment.dashboard import views

app_name = "payment-dashboard"

urlpatterns = [
    path("", views.PaymentListView.as_view(), name="list"),
    path("<int:pk>/", views.PaymentDetailView.as_view(), name="detail"),
    path("<int:pk>/tandai-lunas/", views.MarkPaidView.as_view(), name="mark-paid"),
    path("bukti-transfer/<int:pk>/", views.TransferReceiptImageView.as_view(), name="transfer-receipt"),
]
