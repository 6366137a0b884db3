from django.db import transaction
from django.urls import path

from payment import midtrans_views, order_views, views

app_name = "payment"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
    # Stripe is called outside a request-wide transaction (ATOMIC_REQUESTS).
    path(
        "kartu/<str:number>/<str:token>/bayar/",
        transaction.non_atomic_requests(views.CardConfirmView.as_view()),
        name="card-confirm",
    ),
    path("kartu/<str:number>/<str:token>/status/", views.CardStatusView.as_view(), name="card-status"),
    path("midtrans/notifikasi/", midtrans_views.midtrans_notification, name="midtrans-notification"),
    path("midtrans/<str:number>/<str:token>/ganti/", midtrans_views.midtrans_switch, name="midtrans-switch"),
    path(
        "pesanan/<str:number>/<str:token>/rekening-pengembalian/",
        order_views.RefundAccountView.as_view(),
        name="refund-account",
    ),
    path(
        "pesanan/<str:number>/<str:token>/bukti-transfer/",
        order_views.TransferReceiptView.as_view(),
        name="transfer-receipt",
    ),
]
