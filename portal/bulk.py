"""The portal's bulk pages: listings exported and imported as one file (preview, then
confirm), and many products' prices and stock saved in one form after a market day.

Both reach every producer the user may act for (sellers.selectors.sellers_actable_by): a
cooperative operator all its members at once, a producer its own products.
"""

import logging
import time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import MediaStorage

from catalog import selectors as catalog_selectors
from catalog import services as catalog_services
from portal.access import SellerPortalMixin
from portal.bulk_forms import SHEET_KINDS, ListingsUploadForm, StockPriceFormSet, sheet_dataset
from portal.listings_file import (
    COLUMNS,
    ListingResource,
    attribute_codes_of,
    cell_text,
    import_problems,
    price_text,
)
from portal.photo_archive import PhotoArchive
from sellers.models import SellerProfile
from sellers.selectors import sellers_actable_by

logger = logging.getLogger(__name__)

SESSION_KEY = "listings_import"
FORMATS = {"xlsx": XLSX, "csv": CSV}
PREVIEW_ROWS = 50


def active_sellers(user):
    return sellers_actable_by(user=user).filter(
        status__in=[SellerProfile.Status.APPROVED, SellerProfile.Status.APPLIED]
    )


def portal_context(request, seller) -> dict:
    """What portal/base.html shows (SellerPortalMixin.get_context_data, for plain views)."""
    return {
        "seller": seller,
        "actable_sellers": sellers_actable_by(user=request.user),
        "acting_for_other": request.acting_for_other,
    }


def _stored(name: str) -> MediaStorage:
    return MediaStorage(name=name, MEDIA_FOLDER=settings.LISTINGS_UPLOAD_FOLDER)


def _store(content: bytes) -> str:
    storage = MediaStorage(MEDIA_FOLDER=settings.LISTINGS_UPLOAD_FOLDER)
    storage.save(content)
    return storage.name


def _discard(name: str | None) -> None:
    if name:
        try:
            _stored(name).remove()
        except OSError:
            logger.warning("A stored listings upload was already gone: %s", name)


class ListingsExportView(SellerPortalMixin, View):
    """Every listing the user manages, as the file the import reads (also its template)."""

    def get(self, request):
        kind = request.GET.get("format", "xlsx")
        if kind not in SHEET_KINDS:
            raise Http404
        sellers = sellers_actable_by(user=request.user)
        products = list(catalog_selectors.sellers_products(sellers=sellers).order_by("title", "id"))
        resource = ListingResource(
            actor=request.user, sellers=sellers, attribute_codes=attribute_codes_of(products)
        )
        rows = sorted(resource.export_rows(products), key=lambda row: (row["produsen"], row["nama_produk"]))
        file_format = FORMATS[kind]()
        content = file_format.export_data(resource.export(queryset=rows))
        response = HttpResponse(content, content_type=file_format.get_content_type())
        filename = f"produk-{timezone.localdate():%Y%m%d}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class ListingsImportView(SellerPortalMixin, View):
    """Upload a file (and its photos), see what it would do; nothing is saved yet."""

    template_name = "portal/listings_import.html"
    requires_active = True

    def context(self, request, **extra):
        return {
            **portal_context(request, self.seller),
            "members": active_sellers(request.user),
            "columns": COLUMNS,
            "pending": request.session.get(SESSION_KEY),
            "max_rows": settings.LISTINGS_FILE_MAX_ROWS,
            "max_mb": settings.LISTINGS_FILE_MAX_BYTES // (1024 * 1024),
            "max_zip_mb": settings.LISTINGS_PHOTOS_ZIP_MAX_BYTES // (1024 * 1024),
            **extra,
        }

    def get(self, request):
        return render(request, self.template_name, self.context(request, form=ListingsUploadForm()))

    def post(self, request):
        form = ListingsUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(request, form=form), status=400)
        pending = request.session.get(SESSION_KEY) or {}
        # Kept in the media storage: the confirm reads them from there, and a sheet corrected
        # after a refusal needs no second upload of its photos.
        _discard(pending.get("sheet"))
        state = {
            "sheet": _store(form.sheet_content),
            "sheet_kind": form.sheet_kind,
            "sheet_name": form.cleaned_data["sheet"].name,
            "photos": pending.get("photos"),
            "photos_name": pending.get("photos_name", ""),
        }
        if form.photos_content is not None:
            _discard(pending.get("photos"))
            state["photos"] = _store(form.photos_content)
            state["photos_name"] = form.cleaned_data["photos"].name
        request.session[SESSION_KEY] = state
        photos = PhotoArchive(form.photos_content) if form.photos_content is not None else _photos(state)
        result, problems, seconds = listings_import(request, form.dataset, photos, dry_run=True)
        context = self.context(
            request,
            form=ListingsUploadForm(),
            state=state,
            problems=problems,
            totals=result.totals,
            rows=[preview_row(row) for row in form.dataset.dict[:PREVIEW_ROWS]],
            more_rows=max(len(form.dataset) - PREVIEW_ROWS, 0),
            seconds=seconds,
        )
        return render(request, "portal/listings_preview.html", context, status=400 if problems else 200)


class ListingsImportConfirmView(ListingsImportView):
    """Import the previewed file for real: every row, or (when one is refused now) none."""

    def get(self, request):
        return redirect("sellers:portal-listings-import")

    def post(self, request):
        state = request.session.get(SESSION_KEY)
        if not state or not state.get("sheet"):
            messages.error(request, _("Unggah berkasnya lagi: pratinjau sudah tidak ada."))
            return redirect("sellers:portal-listings-import")
        if request.POST.get("action") == "cancel":
            _discard(state.get("sheet"))
            _discard(state.get("photos"))
            request.session.pop(SESSION_KEY, None)
            messages.info(request, _("Impor dibatalkan; tidak ada yang disimpan."))
            return redirect("sellers:portal-listings-import")
        try:
            dataset = sheet_dataset(_stored(state["sheet"]).read(), state["sheet_kind"])
            photos = _photos(state)
        except (OSError, ValidationError):
            request.session.pop(SESSION_KEY, None)
            messages.error(request, _("Unggah berkasnya lagi: pratinjau sudah tidak ada."))
            return redirect("sellers:portal-listings-import")
        result, problems, seconds = listings_import(request, dataset, photos, dry_run=False)
        if problems:
            # Nothing was saved; the files stay stored for a corrected sheet.
            context = self.context(
                request, form=ListingsUploadForm(), state=state, problems=problems, totals=result.totals
            )
            return render(request, "portal/listings_preview.html", context, status=400)
        _discard(state.get("sheet"))
        _discard(state.get("photos"))
        request.session.pop(SESSION_KEY, None)
        totals = result.totals
        messages.success(
            request,
            _("Impor selesai: %(new)s produk baru, %(updated)s diubah, %(same)s tetap (%(seconds)s detik).")
            % {
                "new": totals["new"],
                "updated": totals["update"],
                "same": totals["skip"],
                "seconds": f"{seconds:.1f}".replace(".", ","),
            },
        )
        return redirect("sellers:portal-products")


def preview_row(row: dict) -> dict:
    """A row as the preview lists it, its price as a number when the cell holds one, so the
    page shows it as the shop writes prices (Rp 25.000), whatever the sheet's notation."""
    try:
        price = Decimal(price_text(cell_text(row.get("harga"))))
    except InvalidOperation:
        price = None
    return {**row, "price": price if price is not None and price.is_finite() else None}


def _photos(state) -> PhotoArchive | None:
    return PhotoArchive(_stored(state["photos"]).read()) if state.get("photos") else None


def listings_import(request, dataset, photos, *, dry_run: bool):
    """Run the file through ListingResource: (result, problems by line and column, seconds)."""
    resource = ListingResource(actor=request.user, sellers=active_sellers(request.user), photos=photos)
    started = time.monotonic()
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    seconds = time.monotonic() - started
    logger.info(
        "Listings %s: %d rows in %.2f s (user %s)",
        "preview" if dry_run else "import",
        len(dataset),
        seconds,
        request.user.pk,
    )
    return result, import_problems(result, list(dataset.headers or [])), seconds


class StockPricesView(SellerPortalMixin, View):
    """Every product's price and stock in one form, saved all together or not at all."""

    template_name = "portal/stock_prices.html"
    requires_active = True
    paginate_by = 100
    prefix = "produk"

    def page(self, request):
        sellers = active_sellers(request.user)
        chosen = request.GET.get("produsen", "")
        if chosen:
            sellers = sellers.filter(slug=chosen)
        products = catalog_selectors.sellers_products(sellers=sellers).order_by("title", "id")
        return Paginator(products, self.paginate_by).get_page(request.GET.get("page")), chosen

    def render_page(self, request, formset, page, chosen, status=200):
        context = {
            **portal_context(request, self.seller),
            "formset": formset,
            "rows": zip(formset.forms, page.object_list, strict=True),
            "page_obj": page,
            "members": active_sellers(request.user),
            "chosen": chosen,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        page, chosen = self.page(request)
        formset = StockPriceFormSet(products=page.object_list, prefix=self.prefix)
        return self.render_page(request, formset, page, chosen)

    def post(self, request):
        page, chosen = self.page(request)
        products = list(page.object_list)
        formset = StockPriceFormSet(request.POST, products=products, prefix=self.prefix)
        if not formset.is_valid():
            return self.render_page(request, formset, page, chosen, status=400)
        changes = [
            catalog_services.StockPriceChange(
                seller=product.stockrecords.all()[0].partner.seller_profile,
                product=product,
                price=form.cleaned_data["price"],
                num_in_stock=form.cleaned_data.get("num_in_stock"),
                num_in_stock_seen=form.cleaned_data.get("stock_seen"),
            )
            for form, product in zip(formset.forms, products, strict=True)
        ]
        try:
            saved = catalog_services.seller_stock_prices_update(actor=request.user, changes=changes)
        except catalog_services.StockPricesChanged as changed:
            # The rows whose stock moved show today's stock, so the next save starts from it.
            data = request.POST.copy()
            for index, product in enumerate(products):
                if product.pk in changed.changed:
                    current = changed.changed[product.pk].current
                    for name in ("num_in_stock", "stock_seen"):
                        data[f"{self.prefix}-{index}-{name}"] = "" if current is None else current
            formset = StockPriceFormSet(data, products=products, prefix=self.prefix)
            formset.is_valid()
            for form, product in zip(formset.forms, products, strict=True):
                if product.pk in changed.changed:
                    form.add_error("num_in_stock", changed.changed[product.pk].messages)
            return self.render_page(request, formset, page, chosen, status=409)
        messages.success(request, _("Harga dan stok %(n)s produk tersimpan.") % {"n": len(saved)})
        return redirect(request.get_full_path())
