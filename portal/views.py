"""The producer's portal: listings, photos, orders and earnings, phone first.

Every query starts from request.seller (portal.access), so another producer's
product, order or ledger entry is simply not found (404).
"""

import csv

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from catalog import selectors as catalog_selectors
from catalog import services as catalog_services
from core.forms import form_errors_from
from core.times import CSV_TIME_HEADER, wib_format
from family import selectors as family_selectors
from family import services as family_services
from fulfilment import documents as fulfilment_documents
from fulfilment import selectors as fulfilment_selectors
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from ledger import selectors as ledger_selectors
from ledger.models import LedgerEntry
from ledger.services import ledger_balance
from payment import selectors as payment_selectors
from portal.access import SESSION_KEY, SellerPortalMixin
from portal.forms import (
    DeliveryPhotoForm,
    ProductForm,
    ProductImagesForm,
    ProfileForm,
    SellerApplicationForm,
    ShipForm,
)
from regions.forms import is_region_refresh
from sellers import services as seller_services
from sellers.selectors import sellers_actable_by


class PortalHomeView(SellerPortalMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["orders_to_ship"] = fulfilment_selectors.seller_orders_to_ship(seller=self.seller).count()
        context["product_count"] = catalog_selectors.seller_products(seller=self.seller).count()
        context["balance"] = ledger_balance(seller=self.seller)
        return context


class ActAsView(SellerPortalMixin, View):
    """A cooperative operator switches to the member they are helping."""

    def post(self, request):
        chosen = request.POST.get("seller", "")
        if not chosen.isdigit():
            raise Http404
        seller = get_object_or_404(sellers_actable_by(user=request.user), pk=int(chosen))
        request.session[SESSION_KEY] = seller.pk
        messages.info(request, _("Sekarang Anda bertindak untuk %(name)s.") % {"name": seller.name})
        return redirect("sellers:portal")


class ApplyView(View):
    template_name = "portal/apply.html"

    def get(self, request):
        if (
            request.user.is_authenticated
            and sellers_actable_by(user=request.user).filter(user=request.user).exists()
        ):
            return redirect("sellers:portal")
        return render(request, self.template_name, {"form": SellerApplicationForm(user=request.user)})

    def post(self, request):
        if is_region_refresh(request):
            # Only the next level of the place was asked for: show it without errors.
            form = SellerApplicationForm(initial=request.POST.dict(), user=request.user)
            return render(request, self.template_name, {"form": form})
        form = SellerApplicationForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data
        try:
            seller = seller_services.seller_apply(
                user=request.user,
                name=data["name"],
                village=data["village"],
                whatsapp=data["whatsapp"],
                enterprise_kind=data["enterprise_kind"],
                story=data.get("story", ""),
                email=data.get("email", ""),
                password=data.get("password", ""),
                full_name=data.get("full_name", ""),
            )
        except ValidationError as error:
            form_errors_from(error, form)
            return render(request, self.template_name, {"form": form})
        if not request.user.is_authenticated:
            login(request, seller.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Pendaftaran terkirim. Tim program akan meninjaunya dan mengabari Anda lewat e-mail.")
        )
        return redirect("sellers:portal")


class ProductListView(SellerPortalMixin, ListView):
    template_name = "portal/product_list.html"
    context_object_name = "products"
    paginate_by = 20

    def get_queryset(self):
        return catalog_selectors.seller_products(seller=self.seller).order_by("-date_updated", "-id")


class ProductClassChoiceView(SellerPortalMixin, TemplateView):
    template_name = "portal/product_class_choice.html"
    requires_active = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["product_classes"] = catalog_selectors.product_classes()
        return context


class ProductEditView(SellerPortalMixin, View):
    """Create (with ?jenis=<class slug>) or edit one of the acting seller's products."""

    template_name = "portal/product_form.html"
    requires_active = True

    def setup_product(self, pk):
        if pk is None:
            self.product = None
            slug = self.request.GET.get("jenis") or self.request.POST.get("jenis")
            self.product_class = catalog_selectors.product_class_by_slug(slug=slug)
        else:
            self.product = get_object_or_404(catalog_selectors.seller_products(seller=self.seller), pk=pk)
            self.product_class = self.product.get_product_class()

    def get_form(self, data=None):
        return ProductForm(data, product_class=self.product_class, seller=self.seller, product=self.product)

    def render_form(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "product": self.product,
                "product_class": self.product_class,
                "seller": self.seller,
            },
            status=status,
        )

    def get(self, request, pk=None):
        self.setup_product(pk)
        if self.product_class is None:
            return redirect("sellers:portal-product-new")
        return self.render_form(self.get_form())

    def post(self, request, pk=None):
        self.setup_product(pk)
        if self.product_class is None:
            return redirect("sellers:portal-product-new")
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            product = catalog_services.seller_product_save(
                seller=self.seller,
                actor=request.user,
                product=self.product,
                product_class=self.product_class,
                **form.save_arguments(),
            )
        except catalog_services.StockChanged as changed:
            # The form again with today's stock in it, so the next save starts from it.
            data = request.POST.copy()
            data["num_in_stock"] = data["stock_seen"] = "" if changed.current is None else changed.current
            form = self.get_form(data)
            form.is_valid()
            form_errors_from(changed, form)
            return self.render_form(form, status=409)
        except ValidationError as error:
            form_errors_from(error, form)
            return self.render_form(form, status=400)
        messages.success(request, _("Produk “%(title)s” tersimpan.") % {"title": product.title})
        if self.product is None:
            return redirect("sellers:portal-product-photos", pk=product.pk)
        return redirect("sellers:portal-products")


class ProductVisibilityView(SellerPortalMixin, View):
    requires_active = True

    def post(self, request, pk):
        product = get_object_or_404(catalog_selectors.seller_products(seller=self.seller), pk=pk)
        try:
            catalog_services.seller_product_set_public(
                seller=self.seller,
                actor=request.user,
                product=product,
                is_public=request.POST.get("is_public") == "1",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("sellers:portal-products")


class ProductDeleteView(SellerPortalMixin, View):
    template_name = "portal/product_delete.html"
    requires_active = True

    def get(self, request, pk):
        product = get_object_or_404(catalog_selectors.seller_products(seller=self.seller), pk=pk)
        return render(request, self.template_name, {"product": product, "seller": self.seller})

    def post(self, request, pk):
        product = get_object_or_404(catalog_selectors.seller_products(seller=self.seller), pk=pk)
        title = product.title
        catalog_services.seller_product_delete(seller=self.seller, actor=request.user, product=product)
        messages.success(request, _("Produk “%(title)s” dihapus.") % {"title": title})
        return redirect("sellers:portal-products")


class ProductPhotosView(SellerPortalMixin, View):
    template_name = "portal/product_photos.html"
    requires_active = True

    def render_page(self, product, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "product": product,
                "form": form,
                "images": product.images.order_by("display_order"),
                "seller": self.seller,
            },
            status=status,
        )

    def get(self, request, pk):
        product = get_object_or_404(catalog_selectors.seller_products(seller=self.seller), pk=pk)
        return self.render_page(product, ProductImagesForm())

    def post(self, request, pk):
        product = get_object_or_404(catalog_selectors.seller_products(seller=self.seller), pk=pk)
        form = ProductImagesForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(product, form, status=400)
        try:
            saved, refused = catalog_services.seller_product_images_add(
                seller=self.seller, actor=request.user, product=product, uploads=form.cleaned_data["photos"]
            )
        except ValidationError as error:
            form_errors_from(error, form)
            return self.render_page(product, form, status=403)
        if saved:
            messages.success(request, _("%(n)s foto tersimpan.") % {"n": len(saved)})
        if refused:
            for name, reason in refused:
                form.add_error("photos", f"{name}: {reason}")
            return self.render_page(product, form, status=400)
        return redirect("sellers:portal-product-photos", pk=product.pk)


class ProductPhotoDeleteView(SellerPortalMixin, View):
    requires_active = True

    def post(self, request, pk, image_pk):
        product = get_object_or_404(catalog_selectors.seller_products(seller=self.seller), pk=pk)
        image = get_object_or_404(catalog_selectors.product_images(product=product), pk=image_pk)
        catalog_services.seller_product_image_delete(seller=self.seller, actor=request.user, image=image)
        messages.success(request, _("Foto dihapus."))
        return redirect("sellers:portal-product-photos", pk=product.pk)


class OrderListView(SellerPortalMixin, ListView):
    template_name = "portal/order_list.html"
    context_object_name = "seller_orders"
    paginate_by = 20

    def get_queryset(self):
        orders = fulfilment_selectors.seller_orders(seller=self.seller)
        status = self.request.GET.get("status")
        if status in SellerOrder.Status.values:
            orders = orders.filter(status=status)
        return orders

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = SellerOrder.Status.choices
        context["current_status"] = self.request.GET.get("status", "")
        # Past their ship-by date: shipped soon, or cancelled and refunded by the scheduler.
        context["late_orders"] = fulfilment_selectors.seller_orders_late(seller=self.seller)
        return context


class OrderDetailView(SellerPortalMixin, View):
    template_name = "portal/order_detail.html"

    def get_seller_order(self, number):
        return get_object_or_404(fulfilment_selectors.seller_orders(seller=self.seller), number=number)

    def render_page(self, seller_order, ship_form=None, status=200, photo_form=None):
        return render(
            self.request,
            self.template_name,
            {
                "seller_order": seller_order,
                "lines": seller_order.lines().select_related("product"),
                "address": seller_order.order.shipping_address,
                "ship_form": ship_form or ShipForm(seller_order=seller_order),
                "seller": self.seller,
                "events": seller_order.events.select_related("by"),
                "printable": printable(seller_order),
                "family": family_selectors.family_delivery_for_order(order=seller_order.order),
                "photo_form": photo_form or DeliveryPhotoForm(),
            },
            status=status,
        )

    def get(self, request, number):
        return self.render_page(self.get_seller_order(number))

    def post(self, request, number):
        seller_order = self.get_seller_order(number)
        if self.seller.status != self.seller.Status.APPROVED:
            messages.error(request, _("Toko Anda sedang tidak aktif; pesanan tidak bisa diproses."))
            return redirect(seller_order.get_absolute_url())
        action = request.POST.get("action")
        try:
            if action == "pack":
                fulfilment_services.seller_order_pack(seller_order=seller_order, by=request.user)
                seller_services.audit_record(
                    actor=request.user, seller=self.seller, action="order_pack", obj=seller_order
                )
                messages.success(request, _("Pesanan ditandai sudah dikemas."))
            elif action == "ship":
                form = ShipForm(request.POST, seller_order=seller_order)
                if not form.is_valid():
                    return self.render_page(seller_order, form, status=400)
                try:
                    fulfilment_services.seller_order_hand_over(
                        seller_order=seller_order, by=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    form_errors_from(error, form)
                    return self.render_page(seller_order, form, status=400)
                seller_services.audit_record(
                    actor=request.user,
                    seller=self.seller,
                    action="order_ship",
                    obj=seller_order,
                    **form.cleaned_data,
                )
                messages.success(request, _("Pesanan ditandai sudah dikirim. Pembeli diberi tahu."))
            elif action == "deliver":
                # The producer's own delivery, or the courier's page says it arrived.
                fulfilment_services.seller_order_deliver(seller_order=seller_order, by=request.user)
                seller_services.audit_record(
                    actor=request.user, seller=self.seller, action="order_deliver", obj=seller_order
                )
                messages.success(request, _("Pesanan ditandai sudah sampai di pembeli."))
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(seller_order.get_absolute_url())


# Statuses a label and a packing slip can be printed in: paid and not cancelled.
PRINTABLE = {
    SellerOrder.Status.PAID,
    SellerOrder.Status.PACKED,
    SellerOrder.Status.SHIPPED,
    SellerOrder.Status.DELIVERED,
}


def printable(seller_order: SellerOrder) -> bool:
    """Paid, or cash on delivery (packed and shipped before it is paid) and not cancelled."""
    if seller_order.status in PRINTABLE:
        return True
    return seller_order.cash_on_delivery and seller_order.status == SellerOrder.Status.AWAITING_PAYMENT


class OrderDocumentView(SellerPortalMixin, View):
    """The part's shipping label or packing slip as a PDF; another producer's is not found."""

    document = "label"

    def get(self, request, number):
        seller_order = get_object_or_404(
            fulfilment_selectors.seller_orders(seller=self.seller).select_related(
                "seller__village__district__regency__province", "courier_service__courier"
            ),
            number=number,
        )
        if not printable(seller_order):
            raise Http404
        if self.document == "label":
            cod_amount = payment_selectors.cod_amount_due(seller_order=seller_order)
            pdf = fulfilment_documents.shipping_label_pdf(seller_order=seller_order, cod_amount=cod_amount)
            filename = f"label-{seller_order.number}.pdf"
        else:
            # A gift prints its message and no prices (the family must not see what it cost).
            gift = family_selectors.gift_for_order(order=seller_order.order)
            pdf = fulfilment_documents.packing_slip_pdf(
                seller_order=seller_order,
                gift_message=gift.message,
                gift_from=gift.sender_name,
                hide_prices=gift.hide_prices,
            )
            filename = f"isi-paket-{seller_order.number}.pdf"
        response = HttpResponse(pdf, content_type="application/pdf")
        # Opened in the phone's viewer, from where it is printed or shared to a print shop.
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class DeliveryPhotoView(OrderDetailView):
    """The producer's photo of a family's parcel handed over (marks a shipped part delivered)."""

    def post(self, request, number):
        seller_order = self.get_seller_order(number)
        if family_selectors.family_delivery_for_order(order=seller_order.order) is None:
            raise Http404  # proof of delivery is for parcels sent to a family
        if self.seller.status != self.seller.Status.APPROVED:
            messages.error(request, _("Toko Anda sedang tidak aktif; pesanan tidak bisa diproses."))
            return redirect(seller_order.get_absolute_url())
        form = DeliveryPhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(seller_order, photo_form=form, status=400)
        try:
            family_services.delivery_photo_add(
                seller_order=seller_order, upload=form.cleaned_data["photo"], by=request.user
            )
        except ValidationError as error:
            if seller_order.status not in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED):
                messages.error(request, " ".join(error.messages))  # no form on the page to show it
                return redirect(seller_order.get_absolute_url())
            form.add_error("photo", error)
            return self.render_page(seller_order, photo_form=form, status=400)
        seller_services.audit_record(
            actor=request.user, seller=self.seller, action="order_delivery_photo", obj=seller_order
        )
        messages.success(request, _("Foto bukti terima tersimpan. Pengirim diberi tahu lewat e-mail."))
        return redirect(seller_order.get_absolute_url())


class EarningsView(SellerPortalMixin, ListView):
    template_name = "portal/earnings.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return ledger_selectors.seller_earnings(seller=self.seller)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["balance"] = ledger_balance(seller=self.seller)
        context["balances"] = ledger_selectors.seller_balances(seller=self.seller)
        context["totals"] = ledger_selectors.seller_totals_by_kind(seller=self.seller)
        context["kinds"] = LedgerEntry.Kind
        return context


class EarningsCsvView(SellerPortalMixin, View):
    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pendapatan-{self.seller.slug}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                CSV_TIME_HEADER,
                _("jenis"),
                _("jumlah"),
                _("saldo"),
                _("pesanan"),
                _("referensi"),
                _("keterangan"),
            ]
        )
        balance = 0
        for entry in ledger_selectors.seller_earnings(seller=self.seller, newest_first=False):
            balance += entry.amount
            writer.writerow(
                [
                    wib_format(entry.created_at),
                    entry.get_kind_display(),
                    f"{entry.amount:.0f}",
                    f"{balance:.0f}",
                    entry.seller_order.number if entry.seller_order else "",
                    entry.reference,
                    entry.memo,
                ]
            )
        return response


class ProfileView(SellerPortalMixin, View):
    template_name = "portal/profile.html"

    def get(self, request):
        return render(
            request, self.template_name, {"form": ProfileForm(instance=self.seller), "seller": self.seller}
        )

    def post(self, request):
        # A separate instance, so a failed form never alters request.seller.
        form = ProfileForm(request.POST, instance=type(self.seller).objects.get(pk=self.seller.pk))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "seller": self.seller}, status=400)
        seller_services.seller_profile_update(
            seller=self.seller,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
        )
        messages.success(request, _("Profil tersimpan."))
        return redirect(reverse("sellers:portal-profile"))
