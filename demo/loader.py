"""Builds the demo shop through the same services the shop uses. Idempotent: every step
looks its object up by a natural key first and creates only what is missing."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from catalog import services as catalog_services
from cms.services import homepage_ensure
from demo import data
from demo.cms import CmsDemoLoader
from demo.images import product_picture
from demo.orders import DemoOrderLoader
from demo.shipping import DemoShippingLoader
from exchange.services import exchange_rates_import
from regions.models import Village
from regions.services import regions_import, regions_import_all_once, village_mark_desmigratif
from sellers import services as seller_services
from sellers.models import Cooperative, SellerProfile

Product = get_model("catalogue", "Product")

DEMO_STAFF_EMAIL = "staf@pasardesmigratif.id"
DEMO_PASSWORD = "desmigratif-demo"  # noqa: S105 - printed for the local demo only
EXCHANGE_RATES_CSV = Path(__file__).parent / "fixtures" / "kurs_transaksi_bi.csv"
PRODUCER_EMAIL_DOMAIN = "produsen.pasardesmigratif.id"


class DemoLoader:
    def __init__(self, report: Callable[[str], None], all_regions: bool = False):
        self.report = report
        # All of Indonesia's regions (about 10 s once) so any buyer can enter an address;
        # tests keep to the program villages.
        self.all_regions = all_regions
        self.created: dict[str, int] = {}

    def _count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def run(self) -> dict[str, int]:
        self.load_villages()
        self.load_cooperatives()
        self.load_sellers()
        self.load_products()
        DemoShippingLoader(report=self.report, count=self._count).run()
        self.load_staff()
        self.load_exchange_rates()
        if homepage_ensure():
            self._count("home page")
        CmsDemoLoader(report=self.report, count=self._count, password=DEMO_PASSWORD).run()
        DemoOrderLoader(report=self.report, count=self._count, password=DEMO_PASSWORD).run()
        return self.created

    @transaction.atomic
    def load_villages(self) -> None:
        if self.all_regions and regions_import_all_once(report=self.report) is not None:
            self._count("region imports")
        codes = [code for code, *_ in data.VILLAGES]
        missing = [code for code in codes if not Village.objects.filter(code=code).exists()]
        if missing:
            regions_import(village_codes=missing)
        for code, is_pilot, joined_year, description in data.VILLAGES:
            village = Village.objects.get(code=code)
            if not village.is_desmigratif:
                village_mark_desmigratif(
                    village=village, is_pilot=is_pilot, joined_year=joined_year, description=description
                )
                self._count("villages")
        self.report(f"Villages: {len(codes)} Desmigratif villages ready")

    @transaction.atomic
    def load_cooperatives(self) -> None:
        for _key, name, kind, village_code, founded, description in data.COOPERATIVES:
            if not Cooperative.objects.filter(name=name).exists():
                seller_services.cooperative_create(
                    name=name,
                    village=Village.objects.get(code=village_code),
                    kind=kind,
                    description=description,
                    founded_year=founded,
                )
                self._count("cooperatives")
        self.report(f"Cooperatives: {len(data.COOPERATIVES)} ready")

    @transaction.atomic
    def load_sellers(self) -> None:
        cooperatives = {key: name for key, name, *_ in data.COOPERATIVES}
        User = get_user_model()
        for slug, name, village_code, kind, cooperative_key, whatsapp, story in data.SELLERS:
            user = None
            if slug not in data.MEMBERS_WITHOUT_ACCOUNT:
                user, _ = User.objects.get_or_create(
                    username=slug[:30], defaults={"email": _producer_email(slug)}
                )
                # A user made without a password has an empty one, which Django counts as
                # "usable" yet no login matches; earlier demo loads left producers like that.
                if not user.password:
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                    self._count("producer passwords")
            if SellerProfile.objects.filter(slug=slug).exists():
                continue
            seller = seller_services.seller_register(
                name=name,
                slug=slug,
                village=Village.objects.get(code=village_code),
                whatsapp=whatsapp,
                user=user,
                enterprise_kind=kind,
                story=story,
                cooperative=(
                    Cooperative.objects.get(name=cooperatives[cooperative_key]) if cooperative_key else None
                ),
            )
            seller_services.seller_approve(seller=seller, notify=False)
            self._count("sellers")
        self.report(f"Producers: {len(data.SELLERS)} ready")
        first = next(slug for slug, *_ in data.SELLERS if slug not in data.MEMBERS_WITHOUT_ACCOUNT)
        self.report(
            f"Producer login: {_producer_email(first)} / {DEMO_PASSWORD} "
            f"(every producer with an account: <slug>@{PRODUCER_EMAIL_DOMAIN})"
        )

    def load_products(self) -> None:
        classes = {
            key: catalog_services.product_class_ensure(name=name, is_food=is_food, attributes=attributes)
            for key, (name, is_food, attributes) in data.PRODUCT_CLASSES.items()
        }
        sellers = {seller.slug: seller for seller in SellerProfile.objects.select_related("partner")}
        for n, (seller_slug, kind, category, title, price, stock, extras) in enumerate(data.PRODUCTS, 1):
            upc = f"PD-{slugify(title)[:40]}"
            with transaction.atomic():
                product = Product.objects.filter(upc=upc).first()
                if product is None:
                    extras = {**extras, **_shipping_size(title)}
                    attributes = extras.pop("attributes", {})
                    product = catalog_services.product_create(
                        seller=sellers[seller_slug],
                        product_class=classes[kind],
                        title=title,
                        description=_description(title, sellers[seller_slug]),
                        category_path=category,
                        price=Decimal(price),
                        num_in_stock=stock,
                        upc=upc,
                        attributes=attributes,
                        **extras,
                    )
                    self._count("products")
                elif product.weight_grams is None:
                    # Listed by a demo load from before products had shipping weights.
                    Product.objects.filter(pk=product.pk).update(**_shipping_size(title))
                    self._count("product weights")
                if not product.images.exists():
                    catalog_services.product_image_add(
                        product=product,
                        filename=f"{slugify(title)}.jpg",
                        content=product_picture(title, kind),
                        caption=title,
                    )
                    self._count("product images")
            if n % 10 == 0 or n == len(data.PRODUCTS):
                self.report(f"Products: {n}/{len(data.PRODUCTS)}")

    @transaction.atomic
    def load_staff(self) -> None:
        User = get_user_model()
        if not User.objects.filter(email=DEMO_STAFF_EMAIL).exists():
            User.objects.create_superuser(username="staf", email=DEMO_STAFF_EMAIL, password=DEMO_PASSWORD)
            self._count("staff accounts")
        self.report(f"Staff login: {DEMO_STAFF_EMAIL} / {DEMO_PASSWORD}")

    def load_exchange_rates(self) -> None:
        """Bank Indonesia's rates of 1 December 2026, as BI's table exports them; after a week
        they are stale and the shop hides converted prices until fresh ones are imported."""
        for change in exchange_rates_import(text=EXCHANGE_RATES_CSV.read_text(encoding="utf-8-sig")):
            self._count("exchange rates")
            self.report(f"Exchange rate {change.currency} {change.date}: Rp {change.new_rate}")


def _shipping_size(title: str) -> dict:
    grams, box = data.SHIPPING_SIZES[title]
    length, width, height = box or (None, None, None)
    return {"weight_grams": grams, "length_cm": length, "width_cm": width, "height_cm": height}


def _producer_email(slug: str) -> str:
    return f"{slug}@{PRODUCER_EMAIL_DOMAIN}"


def _description(title: str, seller: SellerProfile) -> str:
    return (
        f"{title} buatan {seller.name} dari {seller.village}, "
        f"{seller.village.district.regency}. {seller.story}"
    )
