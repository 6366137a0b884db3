"""The storefront's URLs, in the two namespaces they have always had (marketplace/urls.py)."""

from django.urls import path, re_path

from storefront import receipts, resolutions, views

# Included as "regions": {% url 'regions:village' %} and friends.
region_urlpatterns = [
    path("desa/", views.VillageListView.as_view(), name="village-list"),
    re_path(
        r"^desa/(?P<code>\d{10})-(?P<slug>[-a-z0-9]*)/$",
        views.VillageDetailView.as_view(),
        name="village",
    ),
    path("provinsi/<slug:slug>/", views.ProvinceDetailView.as_view(), name="province"),
    re_path(
        r"^wilayah/(?P<level>regency|district|village)/(?P<code>\d{2,7})/$",
        views.region_children,
        name="children",
    ),
]

# Included as "sellers", together with the seller portal's URLs.
seller_urlpatterns = [
    path("produsen/", views.SellerListView.as_view(), name="list"),
    path("produsen/<slug:slug>/", views.SellerProfileView.as_view(), name="profile"),
]

# Included as "orders": the buyer's steps on an order after checkout.
order_urlpatterns = [
    path(
        "pesanan/<str:number>/<str:token>/diterima/<str:part>/",
        receipts.ReceiptConfirmView.as_view(),
        name="receipt-confirm",
    ),
    path(
        "pesanan/<str:number>/<str:token>/batal/<str:part>/", resolutions.CancelView.as_view(), name="cancel"
    ),
    path(
        "pesanan/<str:number>/<str:token>/komplain/<str:part>/baru/",
        resolutions.ComplaintOpenView.as_view(),
        name="complaint-open",
    ),
    path(
        "pesanan/<str:number>/<str:token>/komplain/<str:part>/",
        resolutions.ComplaintView.as_view(),
        name="complaint",
    ),
]
