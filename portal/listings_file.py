"""Listings in bulk: a cooperative's (or a producer's) products as one CSV or XLSX file.

The file's rows go through django-import-export's Resource (a dry run for the preview, then
the real import), and each row through the portal's own ProductForm and
catalog.services.seller_product_save, so an imported listing meets exactly the rules of one
typed into the product form (weight, dimensions, stock, permits, publication). Every row is
checked before anything is kept: import_data runs in one transaction that is rolled back
when any row is refused. Rows only reach the producers the user may act for
(sellers.selectors.sellers_actable_by): a cooperative operator its members, a producer
itself.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import unescape

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, instance_loaders, resources, widgets
from oscar.core.loading import get_model

from catalog import selectors as catalog_selectors
from catalog import services as catalog_services
from core import batching
from portal.forms import ProductForm
from portal.photo_archive import PhotoArchive
from sellers.models import SellerProfile

logger = logging.getLogger(__name__)

Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")

# The file's columns, in order, and the product form's field each one fills.
COLUMNS = {
    "id": None,
    "produsen": None,
    "nama_produk": "title",
    "jenis": None,
    "kategori": "category",
    "harga": "price",
    "stok": "num_in_stock",
    "dibuat_sesuai_pesanan": "made_to_order",
    "berat_gram": "weight_grams",
    "berat_bersih_gram": "net_weight_grams",
    "panjang_cm": "length_cm",
    "lebar_cm": "width_cm",
    "tinggi_cm": "height_cm",
    "waktu_proses_hari": "processing_days",
    "nomor_pirt": "pirt_number",
    "nomor_bpom": "bpom_number",
    "nomor_halal": "halal_number",
    "masa_simpan_hari": "shelf_life_days",
    "baik_sebelum": "best_before",
    "tampil": "is_public",
    "deskripsi": "description",
    "foto": None,
}
COLUMN_OF = {name: column for column, name in COLUMNS.items() if name}
BOOLEAN_COLUMNS = {"dibuat_sesuai_pesanan", "tampil"}
ATTRIBUTE_PREFIX = "atribut_"  # atribut_<code>: the product class's own attributes
PHOTO_SEPARATOR = re.compile(r"[;,\n]")
YES = {"ya", "y", "yes", "1", "true", "benar"}
NO = {"tidak", "t", "no", "n", "0", "false", "salah", ""}


def cell_text(value) -> str:
    """A cell as the text the product form would have been sent (XLSX gives numbers, dates)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def price_text(text: str) -> str:
    """ "Rp 25.000" and "25.000" (how Indonesians write it) as 25000."""
    text = re.sub(r"(?i)^rp\.?\s*", "", text).replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return text.replace(".", "")
    return text


def spreadsheet_safe(value):
    """A text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading space,
    which the import strips again: a title typed by one producer never runs on another's
    computer."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return " " + value
    return value


class CellWidget(widgets.Widget):
    """Cells as they are: the product form parses and judges them, in the shop's language."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        return spreadsheet_safe(value) if value is not None else ""


@dataclass
class Listing:
    """One row: the product it updates (None for a new one) and what the file says."""

    product: object = None
    seller: SellerProfile | None = None
    values: dict = field(default_factory=dict)

    def __setattr__(self, name, value):
        # django-import-export sets each column's cell as an attribute of the instance.
        if name in ("product", "seller", "values"):
            super().__setattr__(name, value)
        else:
            self.values[name] = value

    def __getattr__(self, name):
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)


def listing_values(product, *, seller, category_names: dict, attribute_codes: list[str]) -> dict:
    """A product as the file shows it: what export writes and what an unchanged row reads."""
    record = product.stockrecords.all()[0] if product.stockrecords.all() else None
    category = product.categories.all()[0] if product.categories.all() else None
    values = {
        "id": product.pk,
        "produsen": seller.slug,
        "nama_produk": product.title,
        "jenis": product.product_class.name if product.product_class else "",
        "kategori": category_names.get(category.pk, "") if category else "",
        "harga": int(record.price) if record and record.price is not None else None,
        "stok": record.num_in_stock if record else None,
        "dibuat_sesuai_pesanan": "ya" if product.made_to_order else "tidak",
        "berat_gram": product.weight_grams,
        "berat_bersih_gram": product.net_weight_grams,
        "panjang_cm": product.length_cm,
        "lebar_cm": product.width_cm,
        "tinggi_cm": product.height_cm,
        "waktu_proses_hari": product.processing_days,
        "nomor_pirt": product.pirt_number,
        "nomor_bpom": product.bpom_number,
        "nomor_halal": product.halal_number,
        "masa_simpan_hari": product.shelf_life_days,
        "baik_sebelum": product.best_before.isoformat() if product.best_before else "",
        "tampil": "ya" if product.is_public else "tidak",
        # Stored cleaned, with "&" as "&amp;"; the file shows the text as it was typed.
        "deskripsi": unescape(product.description or ""),
        "foto": "; ".join(image.original.name.rsplit("/", 1)[-1] for image in product.images.all()),
    }
    for code in attribute_codes:
        value = getattr(product.attr, code, None)
        values[ATTRIBUTE_PREFIX + code] = value if value is not None else ""
    return values


def category_names() -> dict[int, str]:
    """Leaf categories (the product form offers only those) by id: "Makanan > Kerupuk"."""
    leaves = Category.objects.filter(numchild=0).order_by("path")
    return {category.pk: category.full_name for category in leaves}


class ListingResource(resources.Resource):
    """The file's columns; import and export of the listings of the sellers given."""

    class Meta:
        using_db = "default"
        use_transactions = True
        skip_diff = True
        report_skipped = True
        clean_model_instances = False
        import_id_fields = ["id"]
        # Rows are found by get_or_init_instance() among the products the user manages.
        instance_loader_class = instance_loaders.BaseInstanceLoader

    def __init__(self, *, actor, sellers, photos: PhotoArchive | None = None, attribute_codes=()):
        super().__init__()
        self.actor = actor
        self.sellers = list(sellers)
        self.by_slug = {seller.slug: seller for seller in self.sellers}
        self.photos = photos
        self.attribute_codes = list(attribute_codes)
        for column in [*COLUMNS, *(ATTRIBUTE_PREFIX + code for code in self.attribute_codes)]:
            self.fields[column] = fields.Field(attribute=column, column_name=column, widget=CellWidget())
        self.category_names = category_names()
        self.categories = {}
        for pk, name in self.category_names.items():
            self.categories.setdefault(name.lower(), pk)
            self.categories.setdefault(name.rsplit(" > ", 1)[-1].lower(), pk)
        self.classes = {}
        for product_class in ProductClass.objects.prefetch_related("attributes"):
            self.classes[product_class.name.lower()] = product_class
            self.classes.setdefault(product_class.slug.lower(), product_class)
        self.photos_left: dict[int, int] = {}
        self.ids_seen: dict[int, int] = {}

    # --- Import ---------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        headers = [cell_text(header).lower() for header in dataset.headers or []]
        dataset.headers = headers
        unknown = [h for h in headers if h and h not in COLUMNS and not h.startswith(ATTRIBUTE_PREFIX)]
        if unknown:
            raise ValidationError(
                _("Kolom tidak dikenal: %(columns)s. Pakai kolom dari berkas ekspor.")
                % {"columns": ", ".join(unknown)}
            )
        for required in ("nama_produk", "harga"):
            if required not in headers:
                raise ValidationError(_("Kolom %(column)s tidak ada.") % {"column": required})
        for header in headers:
            if header.startswith(ATTRIBUTE_PREFIX) and header not in self.fields:
                self.fields[header] = fields.Field(attribute=header, column_name=header, widget=CellWidget())
        ids = (
            [int(text) for text in (cell_text(v) for v in dataset["id"]) if text.isdigit()]
            if ("id" in headers)
            else []
        )
        self.products = {
            product.pk: product
            for product in catalog_selectors.sellers_products(sellers=self.sellers).filter(pk__in=ids)
        }

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        # The preview's work for the search index is rolled back with it; the real import
        # rewrites the index once for every row, at its end (core.batching).
        with batching.discarded() if dry_run else batching.batched():
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        text = cell_text(row.get("id"))
        if not text:
            return Listing(), True
        product = self.products.get(int(text)) if text.isdigit() else None
        if product is None:
            raise ValidationError(
                {"id": _("Produk %(id)s tidak ada di antara produk yang Anda kelola.") % {"id": text}}
            )
        return Listing(product=product, seller=product.stockrecords.all()[0].partner.seller_profile), False

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not any(cell_text(value) for value in row.values()):
            return True  # an empty line in the sheet
        if instance.product is None or import_validation_errors:
            return False
        current = listing_values(
            instance.product,
            seller=instance.seller,
            category_names=self.category_names,
            attribute_codes=[h[len(ATTRIBUTE_PREFIX) :] for h in row if h.startswith(ATTRIBUTE_PREFIX)],
        )
        return all(
            self._same(column, cell_text(value), cell_text(current.get(column)))
            for column, value in row.items()
            if column
        )

    @staticmethod
    def _same(column: str, given: str, current: str) -> bool:
        if column == "harga":
            given = price_text(given)
        if column in BOOLEAN_COLUMNS:
            return (given.lower() in YES) == (current == "ya")
        if column == "foto":
            return {n.strip() for n in PHOTO_SEPARATOR.split(given) if n.strip()} <= set(current.split("; "))
        return given == current

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        seller = self._seller(instance, errors)
        product_class = self._product_class(instance, errors)
        if seller is None or product_class is None:
            raise ValidationError(errors)
        instance.seller = seller
        form = ProductForm(
            self._form_data(instance, product_class, errors),
            product_class=product_class,
            seller=seller,
            product=instance.product,
        )
        if not form.is_valid():
            for name, messages in form.errors.items():
                column = COLUMN_OF.get(name) or (
                    ATTRIBUTE_PREFIX + name[5:] if name.startswith("attr_") else NON_FIELD_ERRORS
                )
                errors.setdefault(column, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        instance.__dict__["form"] = form
        instance.__dict__["product_class"] = product_class

    def _seller(self, instance, errors) -> SellerProfile | None:
        slug = cell_text(instance.values.get("produsen"))
        if instance.product is not None:
            if slug and slug != instance.seller.slug:
                errors["produsen"] = [_("Produk ini milik %(name)s.") % {"name": instance.seller.name}]
                return None
            return instance.seller
        if not slug:
            if len(self.sellers) == 1:
                return self.sellers[0]
            errors["produsen"] = [_("Isi kode produsen (anggota) pemilik produk ini.")]
            return None
        seller = self.by_slug.get(slug)
        if seller is None:
            errors["produsen"] = [
                _("“%(slug)s” bukan produsen yang Anda kelola (bukan anggota koperasi Anda).")
                % {"slug": slug}
            ]
            return None
        if seller.status not in (SellerProfile.Status.APPROVED, SellerProfile.Status.APPLIED):
            errors["produsen"] = [_("Toko %(name)s sedang tidak aktif.") % {"name": seller.name}]
            return None
        return seller

    def _product_class(self, instance, errors):
        name = cell_text(instance.values.get("jenis")).lower()
        if instance.product is not None:
            current = instance.product.get_product_class()
            if name and name not in (current.name.lower(), current.slug.lower()):
                errors["jenis"] = [_("Jenis produk yang sudah ada tidak bisa diubah.")]
                return None
            return current
        if not name:
            errors["jenis"] = [_("Isi jenis produk, mis. %(example)s.") % {"example": self._class_example()}]
            return None
        product_class = self.classes.get(name)
        if product_class is None:
            errors["jenis"] = [
                _("Jenis “%(name)s” tidak ada; pilih salah satu: %(names)s.")
                % {"name": name, "names": self._class_example(every=True)}
            ]
        return product_class

    def _class_example(self, every=False) -> str:
        names = sorted({product_class.name for product_class in self.classes.values()})
        return ", ".join(names if every else names[:1])

    def _form_data(self, instance, product_class, errors) -> dict:
        """The product form's data: the product as it is (or a new one's defaults), with
        what the file's columns say over it; a column left out keeps its value."""
        data = {}
        if instance.product is not None:
            base = ProductForm._initial_from(instance.product)
            for attribute in product_class.attributes.all():
                base[f"attr_{attribute.code}"] = getattr(instance.product.attr, attribute.code, None)
            # The file's stock replaces the stock now (the form's guard is for a form kept open).
        else:
            base = {"processing_days": 1, "is_public": True}
        for name, value in base.items():
            if value is True:
                data[name] = "on"
            elif value is not None and value is not False:
                data[name] = str(value)
        for column, value in instance.values.items():
            name = COLUMNS.get(column)
            text = cell_text(value)
            if column.startswith(ATTRIBUTE_PREFIX):
                data["attr_" + column[len(ATTRIBUTE_PREFIX) :]] = text
            elif not name:
                continue
            elif column in BOOLEAN_COLUMNS:
                if text.lower() not in YES | NO:
                    errors[column] = [_("Tulis “ya” atau “tidak”.")]
                elif text.lower() in YES or (column == "tampil" and not text):
                    data[name] = "on"
                else:
                    data.pop(name, None)
            elif column == "kategori" and text:
                pk = self.categories.get(text.lower())
                if pk is None:
                    errors[column] = [
                        _("Kategori “%(name)s” tidak ada. Tulis seperti di berkas ekspor, mis. %(example)s.")
                        % {"name": text, "example": next(iter(self.category_names.values()), "")}
                    ]
                else:
                    data[name] = str(pk)
            else:
                data[name] = price_text(text) if column == "harga" else text
        return data

    def save_instance(self, instance, is_create, row, **kwargs):
        form = instance.form
        try:
            product = catalog_services.seller_product_save(
                seller=instance.seller,
                actor=self.actor,
                product=instance.product,
                product_class=instance.product_class,
                **form.save_arguments(),
            )
        except ValidationError as error:
            raise ValidationError(self._columns_of(error)) from error
        instance.product = product
        self._photos_add(instance, row, dry_run=kwargs.get("dry_run", False))

    @staticmethod
    def _columns_of(error: ValidationError) -> dict:
        if not hasattr(error, "error_dict"):
            return {NON_FIELD_ERRORS: error.messages}
        return {COLUMN_OF.get(name, NON_FIELD_ERRORS): list(e.messages) for name, e in error}

    def _photos_add(self, instance, row, *, dry_run: bool) -> None:
        names = [n.strip() for n in PHOTO_SEPARATOR.split(cell_text(row.get("foto"))) if n.strip()]
        product, seller = instance.product, instance.seller
        have = {image.original.name.rsplit("/", 1)[-1] for image in product.images.all()}
        names = [name for name in names if name not in have]
        if not names:
            return
        problems = []
        if not seller.is_approved:
            problems.append(_("Foto produk bisa diunggah setelah pendaftaran disetujui."))
        elif self.photos is None:
            problems.append(_("Unggah juga berkas ZIP berisi foto: %(names)s.") % {"names": ", ".join(names)})
        else:
            for name in names:
                problem = self._photo_add(product, seller, name, dry_run=dry_run)
                if problem:
                    problems.append(f"{name}: {problem}")
        if problems:
            raise ValidationError({"foto": problems})

    def _photo_add(self, product, seller, name: str, *, dry_run: bool) -> str:
        if seller.pk not in self.photos_left:
            since = timezone.now() - timedelta(days=1)
            added = seller.audit_entries.filter(action="image_add", created_at__gte=since).count()
            self.photos_left[seller.pk] = settings.LISTINGS_PHOTOS_PER_DAY - added
        if self.photos_left[seller.pk] <= 0:
            return _("batas %(n)s foto sehari untuk %(seller)s tercapai.") % {
                "n": settings.LISTINGS_PHOTOS_PER_DAY,
                "seller": seller.name,
            }
        try:
            upload = self.photos.upload(name)
            if dry_run:
                # The preview reads the photo's header; the import re-encodes it (image_clean).
                self.photos.check(upload)
            else:
                catalog_services.seller_product_image_add(
                    seller=seller, actor=self.actor, product=product, upload=upload
                )
        except ValidationError as error:
            return " ".join(error.messages)
        self.photos_left[seller.pk] -= 1
        return ""

    # --- Export ---------------------------------------------------------------

    def export_rows(self, products) -> list[dict]:
        return [
            listing_values(
                product,
                seller=product.stockrecords.all()[0].partner.seller_profile,
                category_names=self.category_names,
                attribute_codes=self.attribute_codes,
            )
            for product in products
        ]


def attribute_codes_of(products) -> list[str]:
    """The attribute codes of the products' classes, for their columns in the export."""
    classes = {product.product_class_id for product in products}
    codes = get_model("catalogue", "ProductAttribute").objects.filter(product_class__in=classes)
    return sorted(set(codes.values_list("code", flat=True)))


@dataclass
class RowProblem:
    line: int  # in the sheet: the header is line 1
    column: str  # the column's header, "" for the whole row
    letter: str  # the spreadsheet's column letter
    message: str


def import_problems(result, headers: list[str]) -> list[RowProblem]:
    """Each refused row's problems, by its line in the file and its column."""
    letters = {header: column_letter(index) for index, header in enumerate(headers)}
    problems = []
    for error in result.base_errors:
        if isinstance(error.error, ValidationError):
            problems.extend(RowProblem(0, "", "", message) for message in error.error.messages)
        else:
            logger.error("Listings file refused", exc_info=error.error)
            problems.append(RowProblem(0, "", "", _("Berkas tidak bisa dibaca.")))
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            column = "" if column == NON_FIELD_ERRORS else column
            for message in messages:
                problems.append(RowProblem(invalid.number + 1, column, letters.get(column, ""), message))
    for error_row in result.error_rows:
        for error in error_row.errors:
            logger.error("Listings row %s failed", error_row.number + 1, exc_info=error.error)
        problems.append(
            RowProblem(error_row.number + 1, "", "", _("Baris ini tidak bisa disimpan (kesalahan sistem)."))
        )
    return sorted(problems, key=lambda problem: (problem.line, len(problem.letter), problem.letter))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
