from django.urls import path

from sellers import views

app_name = "sellers"

urlpatterns = [
    path("produsen/", views.SellerListView.as_view(), name="list"),
    path("produsen/<slug:slug>/", views.SellerProfileView.as_view(), name="profile"),
]
