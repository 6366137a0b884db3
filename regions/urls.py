from django.urls import path, re_path

from regions import views

app_name = "regions"

urlpatterns = [
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
