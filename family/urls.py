"""Included as "family" (marketplace/urls.py)."""

from django.urls import path

from family import views

urlpatterns = [
    path("kirim/<str:token>/", views.TrackingView.as_view(), name="tracking"),
    path("kirim/<str:token>/foto/<str:number>/", views.DeliveryPhotoView.as_view(), name="photo"),
    path("kirim-rutin/bayar/<str:token>/", views.FamilyBasketPayView.as_view(), name="basket-pay"),
    path(
        "pesanan-keluarga/<str:number>/<str:token>/kirim-rutin/",
        views.RepeatCreateView.as_view(),
        name="repeat-create",
    ),
    path(
        "pesanan-keluarga/<str:number>/<str:token>/kirim-rutin/<int:pk>/berhenti/",
        views.RepeatStopView.as_view(),
        name="repeat-stop",
    ),
]
