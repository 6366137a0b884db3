"""Forms of the portal's bulk pages: a listings file with its photos, and many products'
prices and stock in one form."""

import csv
import io
import zipfile
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats.base_formats import CSV, XLSX
from tablib import InvalidDimensions

from portal.forms import MAX_PRICE
from portal.photo_archive import PhotoArchive

SHEET_KINDS = ("xlsx", "csv")
# How much an XLSX (itself a ZIP of XML) may unpack to, per byte of the file: far above what
# a sheet of products needs, far below what would exhaust the server reading it.
XLSX_MAX_UNPACKED_RATIO = 20


def sheet_kind(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sheet_dataset(content: bytes, kind: str):
    """The file's rows as a tablib Dataset, through django-import-export's formats."""
    wrong = forms.ValidationError(
        _(
            "Berkas ini bukan XLSX atau CSV yang bisa dibaca. "
            "Di Excel: Simpan Sebagai → Buku Kerja Excel (.xlsx)."
        )
    )
    if kind == "xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise wrong from exc
        if unpacked > XLSX_MAX_UNPACKED_RATIO * settings.LISTINGS_FILE_MAX_BYTES:
            raise forms.ValidationError(_("Isi berkas XLSX ini terlalu besar."))
        try:
            dataset = XLSX().create_dataset(content)
        except Exception as exc:  # openpyxl raises many kinds on a broken workbook
            raise wrong from exc
    else:
        if content.startswith(b"PK") or b"\x00" in content[:4096]:
            raise wrong
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
        header = text.split("\n", 1)[0]
        # Excel set to Indonesian separates with ";" (the comma is its decimal mark).
        delimiter = ";" if header.count(";") > header.count(",") else ","
        try:
            dataset = CSV().create_dataset(text, delimiter=delimiter)
        except (csv.Error, InvalidDimensions) as exc:
            raise wrong from exc
    if not dataset.headers or not any(dataset.headers):
        raise forms.ValidationError(_("Berkas ini kosong: baris pertama harus berisi nama kolom."))
    if len(dataset) > settings.LISTINGS_FILE_MAX_ROWS:
        raise forms.ValidationError(
            _(
                "Berkas berisi %(rows)s baris; maksimal %(max)s baris sekali impor. "
                "Bagi menjadi beberapa berkas."
            )
            % {"rows": len(dataset), "max": settings.LISTINGS_FILE_MAX_ROWS}
        )
    return dataset


class ListingsUploadForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("Berkas produk (XLSX atau CSV)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    photos = forms.FileField(
        label=gettext_lazy("Foto produk (ZIP, boleh dikosongkan)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_sheet(self):
        upload = self.cleaned_data["sheet"]
        kind = sheet_kind(upload.name)
        if kind not in SHEET_KINDS:
            raise forms.ValidationError(
                _("Berkas “%(name)s” bukan XLSX atau CSV. Unggah berkas .xlsx atau .csv.")
                % {"name": upload.name}
            )
        if upload.size > settings.LISTINGS_FILE_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (maksimal %(mb)s MB).")
                % {"mb": settings.LISTINGS_FILE_MAX_BYTES // (1024 * 1024)}
            )
        self.sheet_content = upload.read()
        self.sheet_kind = kind
        self.dataset = sheet_dataset(self.sheet_content, kind)
        return upload

    def clean_photos(self):
        upload = self.cleaned_data.get("photos")
        self.photos_content = None
        if not upload:
            return upload
        if upload.size > settings.LISTINGS_PHOTOS_ZIP_MAX_BYTES:
            raise forms.ValidationError(
                _("ZIP foto terlalu besar (maksimal %(mb)s MB).")
                % {"mb": settings.LISTINGS_PHOTOS_ZIP_MAX_BYTES // (1024 * 1024)}
            )
        content = upload.read()
        PhotoArchive(content)  # refuses what is no ZIP, or holds too many files
        self.photos_content = content
        return upload


class StockPriceForm(forms.Form):
    """One product's row in the many-products form."""

    product = forms.IntegerField(widget=forms.HiddenInput)
    # The stock the page showed (catalog.services.StockChanged).
    stock_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    price = forms.DecimalField(
        label=gettext_lazy("Harga (Rp)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("100")), MaxValueValidator(MAX_PRICE)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    num_in_stock = forms.IntegerField(
        label=gettext_lazy("Stok"),
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        if product.made_to_order:
            del self.fields["num_in_stock"]  # no shelf stock: made when ordered

    def clean_product(self):
        if self.cleaned_data["product"] != self.product.pk:
            raise forms.ValidationError(_("Daftar produk berubah sejak halaman dibuka; muat ulang halaman."))
        return self.cleaned_data["product"]


class BaseStockPriceFormSet(forms.BaseFormSet):
    def __init__(self, *args, products, **kwargs):
        self.products = list(products)
        kwargs.setdefault(
            "initial",
            [
                {
                    "product": product.pk,
                    "stock_seen": product.stockrecords.all()[0].num_in_stock,
                    "price": product.stockrecords.all()[0].price.quantize(Decimal("1")),
                    "num_in_stock": product.stockrecords.all()[0].num_in_stock,
                }
                for product in self.products
            ],
        )
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        # One row per product of the page, whatever the request says.
        return len(self.products)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "product": self.products[index]}


StockPriceFormSet = forms.formset_factory(StockPriceForm, formset=BaseStockPriceFormSet, extra=0)
