"""The producer's own portal ("penjual" = seller), included in the "sellers" namespace."""

from django.urls import path

from portal import bulk, cod, complaints, views

urlpatterns = [
    path("penjual/daftar/", views.ApplyView.as_view(), name="apply"),
    path("penjual/", views.PortalHomeView.as_view(), name="portal"),
    path("penjual/bertindak/", views.ActAsView.as_view(), name="portal-act-as"),
    path("penjual/profil/", views.ProfileView.as_view(), name="portal-profile"),
    path("penjual/produk/", views.ProductListView.as_view(), name="portal-products"),
    path("penjual/produk/baru/", views.ProductClassChoiceView.as_view(), name="portal-product-new"),
    path("penjual/produk/baru/isi/", views.ProductEditView.as_view(), name="portal-product-create"),
    path("penjual/produk/<int:pk>/ubah/", views.ProductEditView.as_view(), name="portal-product-edit"),
    path(
        "penjual/produk/<int:pk>/tampil/",
        views.ProductVisibilityView.as_view(),
        name="portal-product-visibility",
    ),
    path("penjual/produk/<int:pk>/hapus/", views.ProductDeleteView.as_view(), name="portal-product-delete"),
    path("penjual/produk/<int:pk>/foto/", views.ProductPhotosView.as_view(), name="portal-product-photos"),
    path(
        "penjual/produk/<int:pk>/foto/<int:image_pk>/hapus/",
        views.ProductPhotoDeleteView.as_view(),
        name="portal-product-photo-delete",
    ),
    path("penjual/produk/stok-harga/", bulk.StockPricesView.as_view(), name="portal-stock-prices"),
    path("penjual/produk/ekspor/", bulk.ListingsExportView.as_view(), name="portal-listings-export"),
    path("penjual/produk/impor/", bulk.ListingsImportView.as_view(), name="portal-listings-import"),
    path(
        "penjual/produk/impor/simpan/",
        bulk.ListingsImportConfirmView.as_view(),
        name="portal-listings-import-confirm",
    ),
    path("penjual/pesanan/", views.OrderListView.as_view(), name="portal-orders"),
    path("penjual/pesanan/<str:number>/", views.OrderDetailView.as_view(), name="portal-order"),
    path("penjual/komplain/", complaints.ComplaintListView.as_view(), name="portal-complaints"),
    path("penjual/komplain/<str:number>/", complaints.ComplaintDetailView.as_view(), name="portal-complaint"),
    path(
        "penjual/pembatalan/<int:pk>/",
        complaints.CancellationAnswerView.as_view(),
        name="portal-cancellation-answer",
    ),
    path(
        "penjual/pesanan/<str:number>/label.pdf",
        views.OrderDocumentView.as_view(document="label"),
        name="portal-order-label",
    ),
    path(
        "penjual/pesanan/<str:number>/isi-paket.pdf",
        views.OrderDocumentView.as_view(document="slip"),
        name="portal-order-slip",
    ),
    path("penjual/pesanan/<str:number>/cod/", cod.OrderCodView.as_view(), name="portal-order-cod"),
    path(
        "penjual/pesanan/<str:number>/foto-diterima/",
        views.DeliveryPhotoView.as_view(),
        name="portal-order-delivery-photo",
    ),
    path("penjual/pendapatan/", views.EarningsView.as_view(), name="portal-earnings"),
    path("penjual/pendapatan.csv", views.EarningsCsvView.as_view(), name="portal-earnings-csv"),
]
