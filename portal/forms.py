from decimal import Decimal
from html import unescape

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from core.bank_accounts import bank_account_digits
from core.phones import IndonesianPhoneField
from core.uploads import MultipleFileField, MultipleFileInput
from regions.forms import RegionChainMixin
from sellers.models import SellerProfile

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

MAX_PRICE = Decimal("100000000")


class SellerApplicationForm(RegionChainMixin, forms.Form):
    """A producer's application; account fields only for visitors not logged in."""

    full_name = forms.CharField(label=_("Nama Anda"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)
    name = forms.CharField(label=_("Nama usaha"), max_length=150)
    enterprise_kind = forms.ChoiceField(label=_("Jenis usaha"), choices=SellerProfile.EnterpriseKind.choices)
    whatsapp = IndonesianPhoneField(label=_("Nomor WhatsApp"))
    story = forms.CharField(
        label=_("Cerita singkat usaha Anda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            for name in ("full_name", "email", "password"):
                del self.fields[name]
        self.add_region_fields()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("E-mail ini sudah terdaftar. Masuk dulu, lalu daftar sebagai produsen.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        self.clean_region_chain(cleaned)
        if "password" in self.fields and cleaned.get("password"):
            try:
                password_validation.validate_password(cleaned["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ProductForm(forms.Form):
    title = forms.CharField(label=_("Nama produk"), max_length=255)
    description = forms.CharField(
        label=_("Deskripsi"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.none())
    price = forms.DecimalField(
        label=_("Harga (Rp)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("100")), MaxValueValidator(MAX_PRICE)],
    )
    made_to_order = forms.BooleanField(label=_("Dibuat sesuai pesanan (tanpa stok)"), required=False)
    num_in_stock = forms.IntegerField(
        label=_("Stok"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Kosongkan bila dibuat sesuai pesanan."),
    )
    # The stock this form was opened with (catalog.services.StockChanged).
    stock_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    processing_days = forms.IntegerField(
        label=_("Waktu proses sebelum dikirim (hari)"), min_value=0, max_value=60, initial=1
    )
    net_weight_grams = forms.IntegerField(
        label=_("Berat bersih (gram)"), min_value=1, max_value=100000, required=False
    )
    # Couriers bill by weight: without it a parcel cannot be priced.
    weight_grams = forms.IntegerField(
        label=_("Berat kirim per barang (gram)"),
        min_value=1,
        max_value=50000,
        help_text=_(
            "Barang dengan botol/bungkusnya, mis. 750 untuk sirup 600 ml. Kardus kiriman tidak termasuk."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    length_cm = forms.IntegerField(
        label=_("Panjang (cm)"),
        min_value=1,
        max_value=300,
        required=False,
        help_text=_(
            "Isi panjang, lebar dan tinggi untuk barang besar tapi ringan (tikar, bantal): "
            "kurir menagih berat volumenya."
        ),
    )
    width_cm = forms.IntegerField(label=_("Lebar (cm)"), min_value=1, max_value=300, required=False)
    height_cm = forms.IntegerField(label=_("Tinggi (cm)"), min_value=1, max_value=300, required=False)
    pirt_number = forms.CharField(label=_("Nomor P-IRT"), max_length=20, required=False)
    bpom_number = forms.CharField(label=_("Nomor BPOM"), max_length=16, required=False)
    halal_number = forms.CharField(label=_("Nomor sertifikat halal"), max_length=40, required=False)
    shelf_life_days = forms.IntegerField(
        label=_("Masa simpan (hari)"), min_value=1, max_value=3650, required=False
    )
    best_before = forms.DateField(
        label=_("Baik digunakan sebelum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_public = forms.BooleanField(label=_("Tampilkan di toko"), required=False, initial=True)

    FOOD_ONLY = ("pirt_number", "bpom_number", "halal_number", "shelf_life_days", "best_before")
    PRODUCT_FIELDS = (
        "title",
        "description",
        "made_to_order",
        "processing_days",
        "net_weight_grams",
        "weight_grams",
        "length_cm",
        "width_cm",
        "height_cm",
        "pirt_number",
        "bpom_number",
        "halal_number",
        "shelf_life_days",
        "best_before",
        "is_public",
    )

    def __init__(self, *args, product_class, seller, product=None, **kwargs):
        self.product_class = product_class
        self.seller = seller
        self.product = product
        if product is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial_from(product)
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(numchild=0).order_by("path")
        if not product_class.is_food:
            for name in self.FOOD_ONLY:
                del self.fields[name]
        if not seller.is_approved:
            self.fields["is_public"].disabled = True
            self.fields["is_public"].initial = False
            self.fields["is_public"].help_text = _("Produk bisa ditampilkan setelah pendaftaran disetujui.")
        self.attribute_codes = []
        for attribute in product_class.attributes.all():
            field_name = f"attr_{attribute.code}"
            self.fields[field_name] = forms.CharField(
                label=attribute.name, max_length=255, required=attribute.required
            )
            if product is not None:
                value = getattr(product.attr, attribute.code, None)
                self.initial.setdefault(field_name, value if value is not None else "")
            self.attribute_codes.append(attribute.code)

    @staticmethod
    def _initial_from(product) -> dict:
        stockrecord = product.stockrecords.first()
        category = product.categories.first()
        initial = {name: getattr(product, name) for name in ProductForm.PRODUCT_FIELDS}
        # Stored cleaned, with "&" as "&amp;"; the seller edits the text as they typed it.
        initial["description"] = unescape(product.description or "")
        initial.update(
            category=category.pk if category else None,
            price=stockrecord.price.quantize(Decimal("1")) if stockrecord else None,
            num_in_stock=stockrecord.num_in_stock if stockrecord else None,
            stock_seen=stockrecord.num_in_stock if stockrecord else None,
        )
        return initial

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("made_to_order")
            and cleaned.get("num_in_stock") is None
            and "num_in_stock" not in self.errors
        ):
            self.add_error("num_in_stock", _("Isi jumlah stok, atau centang 'dibuat sesuai pesanan'."))
        dimensions = [cleaned.get(name) for name in ("length_cm", "width_cm", "height_cm")]
        if any(dimensions) and not all(dimensions):
            self.add_error("length_cm", _("Isi ketiganya (panjang, lebar, tinggi), atau kosongkan semuanya."))
        for name in ("pirt_number", "bpom_number", "halal_number"):
            if name in cleaned and cleaned[name]:
                cleaned[name] = (
                    cleaned[name].strip().upper() if name == "bpom_number" else cleaned[name].strip()
                )
        return cleaned

    def product_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.PRODUCT_FIELDS if name in self.cleaned_data}
        if self.fields["is_public"].disabled:
            fields["is_public"] = False
        for name in self.FOOD_ONLY:
            fields.setdefault(name, "" if name.endswith("number") else None)
        fields["description"] = fields.get("description") or ""
        return fields

    def attributes(self) -> dict:
        return {code: self.cleaned_data.get(f"attr_{code}") or None for code in self.attribute_codes}

    def save_arguments(self) -> dict:
        """What catalog.services.seller_product_save takes from this form (the portal's page and
        the listings file save through it alike)."""
        return {
            "category": self.cleaned_data["category"],
            "price": self.cleaned_data["price"],
            "num_in_stock": self.cleaned_data.get("num_in_stock"),
            "num_in_stock_seen": self.cleaned_data.get("stock_seen"),
            "attributes": self.attributes(),
            "fields": self.product_fields(),
        }


class ProductImagesForm(forms.Form):
    photos = MultipleFileField(
        label=_("Foto produk"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    MAX_FILES = 8

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "JPG, PNG atau WebP, maksimal 8 MB dan %(mp)s megapiksel per foto. Boleh beberapa sekaligus."
        ) % {"mp": settings.PHOTO_MAX_PIXELS // 1_000_000}

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        if len(files) > self.MAX_FILES:
            raise forms.ValidationError(_("Maksimal %(n)s foto sekaligus.") % {"n": self.MAX_FILES})
        return files


class ShipForm(forms.Form):
    """The waybill (resi) at hand-over. The courier is the one the buyer chose, so it is asked
    only for parts placed without one; fulfilment checks the number against the courier."""

    courier = forms.CharField(label=_("Kurir"), max_length=64)
    tracking_number = forms.CharField(label=_("Nomor resi"), max_length=64)

    def __init__(self, *args, seller_order=None, **kwargs):
        super().__init__(*args, **kwargs)
        service = seller_order.courier_service if seller_order is not None else None
        if service is not None:
            del self.fields["courier"]
            if service.courier.kind == service.courier.Kind.OWN_DELIVERY:
                self.fields["tracking_number"].label = _("Catatan pengantaran")
                self.fields["tracking_number"].help_text = _("Mis. siapa yang mengantar dan kapan.")
            else:
                self.fields["tracking_number"].help_text = _(
                    "Nomor resi %(courier)s dari struk kurir, %(min)s-%(max)s huruf dan angka."
                ) % {
                    "courier": service.courier.name,
                    "min": service.courier.waybill_min_length,
                    "max": service.courier.waybill_max_length,
                }


class DeliveryPhotoForm(forms.Form):
    """Proof that a family's parcel arrived: checked and cleaned by sellers.images, as
    product photos are (family.services.delivery_photo_add)."""

    photo = forms.FileField(
        label=_("Foto paket diterima keluarga"),
        help_text=_("JPG, PNG atau WebP. Lokasi dan data kamera dihapus sebelum disimpan."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
        ),
    )


class ProfileForm(forms.ModelForm):
    """The producer's own details. The saved account number is never sent back to the page."""

    whatsapp = IndonesianPhoneField(label=_("Nomor WhatsApp"))
    # Wider than the stored 20 digits: the separators are typed too.
    bank_account_number = forms.CharField(label=_("Nomor rekening"), max_length=40, required=False)

    class Meta:
        model = SellerProfile
        fields = [
            "name",
            "story",
            "whatsapp",
            "bank_account_name",
            "bank_name",
            "bank_account_number",
            "packaging_grams",
            "offers_local_delivery",
            "offers_cod",
            "cod_max_order_value",
        ]
        widgets = {"story": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty (or by a form from before it existed): the packaging weight stays as it was.
        self.fields["packaging_grams"].required = False
        self.fields["cod_max_order_value"].required = False
        self.saved_account_number = self.instance.bank_account_number
        self.initial["bank_account_number"] = ""
        if self.saved_account_number:
            self.fields["bank_account_number"].help_text = _(
                "Tersimpan: %(masked)s. Kosongkan bila tidak berubah."
            ) % {"masked": self.instance.masked_bank_account_number}

    def clean_packaging_grams(self):
        value = self.cleaned_data.get("packaging_grams")
        return self.instance.packaging_grams if value is None else value

    def clean_cod_max_order_value(self):
        value = self.cleaned_data.get("cod_max_order_value")
        return self.instance.cod_max_order_value if value is None else value

    def clean_bank_account_number(self):
        number = bank_account_digits(self.cleaned_data.get("bank_account_number", ""))
        return number or self.saved_account_number


class CodRefusedForm(forms.Form):
    """ "Paket ditolak / tidak dibayar": what came back, and whether it can be sold again."""

    restock = forms.BooleanField(
        label=_("Barang kembali utuh dan bisa dijual lagi (stok dikembalikan)"), required=False, initial=True
    )
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)
