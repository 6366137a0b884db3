from django.urls import path

from sellers import views
from sellers.portal import views as portal

app_name = "sellers"

urlpatterns = [
    path("produsen/", views.SellerListView.as_view(), name="list"),
    path("produsen/<slug:slug>/", views.SellerProfileView.as_view(), name="profile"),
    # The producer's own portal ("penjual" = seller).
    path("penjual/daftar/", portal.ApplyView.as_view(), name="apply"),
    path("penjual/", portal.PortalHomeView.as_view(), name="portal"),
    path("penjual/bertindak/", portal.ActAsView.as_view(), name="portal-act-as"),
    path("penjual/profil/", portal.ProfileView.as_view(), name="portal-profile"),
    path("penjual/produk/", portal.ProductListView.as_view(), name="portal-products"),
    path("penjual/produk/baru/", portal.ProductClassChoiceView.as_view(), name="portal-product-new"),
    path("penjual/produk/baru/isi/", portal.ProductEditView.as_view(), name="portal-product-create"),
    path("penjual/produk/<int:pk>/ubah/", portal.ProductEditView.as_view(), name="portal-product-edit"),
    path(
        "penjual/produk/<int:pk>/tampil/",
        portal.ProductVisibilityView.as_view(),
        name="portal-product-visibility",
    ),
    path("penjual/produk/<int:pk>/hapus/", portal.ProductDeleteView.as_view(), name="portal-product-delete"),
    path("penjual/produk/<int:pk>/foto/", portal.ProductPhotosView.as_view(), name="portal-product-photos"),
    path(
        "penjual/produk/<int:pk>/foto/<int:image_pk>/hapus/",
        portal.ProductPhotoDeleteView.as_view(),
        name="portal-product-photo-delete",
    ),
    path("penjual/pesanan/", portal.OrderListView.as_view(), name="portal-orders"),
    path("penjual/pesanan/<str:number>/", portal.OrderDetailView.as_view(), name="portal-order"),
    path("penjual/pendapatan/", portal.EarningsView.as_view(), name="portal-earnings"),
    path("penjual/pendapatan.csv", portal.EarningsCsvView.as_view(), name="portal-earnings-csv"),
]
