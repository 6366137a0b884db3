"""Demo orders placed through the real checkout service, then moved along like real
ones: paid, shipped, delivered (crediting the producer's ledger), and a payout."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from checkout.services import order_place
from fulfilment import services as fulfilment_services
from ledger.selectors import seller_balances
from ledger.services import ledger_record_payout
from payment.services import payment_mark_succeeded
from regions.models import Village
from sellers.models import Cooperative, SellerProfile

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")

DEMO_BUYER_DOMAIN = "pembeli.pasardesmigratif.id"
OPERATOR_EMAIL = "operator.tanjungluar@pasardesmigratif.id"
# Where each demo order ends up: one of each, so every screen has something to show.
STAGES = ["delivered", "shipped", "paid"]


class DemoOrderLoader:
    def __init__(self, *, report: Callable[[str], None], count: Callable[[str], None], password: str):
        self.report = report
        self.count = count
        self.password = password

    def run(self) -> None:
        self.load_operator()
        if Order.objects.filter(guest_email__endswith="@" + DEMO_BUYER_DOMAIN).exists():
            self.report("Orders: already there")
            return
        staff = get_user_model().objects.filter(is_superuser=True).first()
        buyer_village = Village.objects.get(code="3209010008")
        sellers = list(SellerProfile.objects.approved().order_by("slug"))
        for n, seller in enumerate(sellers):
            products = list(
                Product.objects.filter(stockrecords__partner=seller.partner, is_public=True).order_by("id")[
                    :2
                ]
            )
            for stage_index, stage in enumerate(STAGES):
                product = products[stage_index % len(products)]
                self.place(seller, product, stage, buyer_village, f"{n}-{stage_index}")
        # A pending bank transfer that staff can confirm in the dashboard.
        first = sellers[0]
        self.place(
            first,
            Product.objects.filter(stockrecords__partner=first.partner).first(),
            "pending",
            buyer_village,
            "x",
        )
        self.report(f"Orders: {len(sellers) * len(STAGES) + 1} placed")
        with transaction.atomic():
            paid_seller = sellers[0]
            balance = seller_balances(seller=paid_seller).available
            if balance > 0:
                ledger_record_payout(
                    seller=paid_seller, amount=balance, reference="DEMO-TRF-0001", created_by=staff
                )
                self.count("payouts")

    def place(self, seller, product, stage: str, village, key: str) -> None:
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(product, 1)
        with transaction.atomic():
            order = order_place(
                basket=basket,
                user=None,
                email=f"pembeli-{key}@{DEMO_BUYER_DOMAIN}",
                address={
                    "first_name": "Nur Aisyah",
                    "line1": "Jl. Raya Waled No. 12",
                    "line4": "Cirebon",
                    "postcode": "45187",
                    "phone_number": "+6281311112222",
                },
                village=village,
                shipping_choices={},
                payment_method_code="bank_transfer",
            )
            self.count("orders")
            if stage == "pending":
                return
            payment_mark_succeeded(payment=order.payment, reference=f"DEMO-{order.number}")
            if stage == "paid":
                return
            for seller_order in order.seller_orders.all():
                fulfilment_services.seller_order_ship(
                    seller_order=seller_order, courier="JNE", tracking_number=f"JNE{order.number}"
                )
                if stage == "delivered":
                    # The buyer pressed "Pesanan diterima": the held money is available.
                    fulfilment_services.seller_order_confirm_received(seller_order=seller_order)

    @transaction.atomic
    def load_operator(self) -> None:
        """BUMDes Tanjung Luar's operator runs the shop for its two members."""
        User = get_user_model()
        operator, created = User.objects.get_or_create(
            username="operator.tanjungluar",
            defaults={"email": OPERATOR_EMAIL, "first_name": "Operator BUMDes"},
        )
        if created:
            operator.set_password(self.password)
            operator.save()
            self.count("operator accounts")
        cooperative = Cooperative.objects.get(name="BUMDes Tanjung Luar Bahari")
        cooperative.operators.add(operator)
        members = cooperative.members.count()
        self.report(f"Cooperative operator: {OPERATOR_EMAIL} / {self.password} (acts for {members} members)")
