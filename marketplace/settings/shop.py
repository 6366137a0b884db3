"""The shop: Oscar's settings, the marketplace's own rules, payments and product search.

base.py imports this; Oscar's defaults are loaded here first, so every Oscar setting the
shop changes is below them.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403 - Oscar's documented way to load its defaults

from .environment import env

# --- Money ------------------------------------------------------------------

OSCAR_DEFAULT_CURRENCY = "IDR"
# Rupiah has no minor unit in daily use; one format for both UI languages.
OSCAR_CURRENCY_FORMAT = {
    "IDR": {"locale": "id_ID", "format": "¤\u00a0#,##0", "currency_digits": False},
}

# --- Marketplace rules ------------------------------------------------------

# Share of each delivered sale the program keeps, debited in the producer's ledger.
MARKETPLACE_COMMISSION_RATE = Decimal(env("MARKETPLACE_COMMISSION_RATE", default="0.05"))
# Escrow: a paid part's money is held until the buyer presses "Pesanan diterima", or
# automatically this many days after the parcel arrived (Tokopedia: complaints within 2x24 hours
# of arrival, then the seller is paid), or after it was shipped when no arrival is reported.
ESCROW_RELEASE_DAYS_AFTER_DELIVERY = int(env("ESCROW_RELEASE_DAYS_AFTER_DELIVERY", default="2"))
ESCROW_RELEASE_DAYS_AFTER_SHIPPING = int(env("ESCROW_RELEASE_DAYS_AFTER_SHIPPING", default="7"))
# The resolution centre (complaints): hours after a parcel arrived that the buyer may complain
# (Tokopedia's 2x24 hours); working days (Monday to Friday, WIB; holidays not counted) the
# producer has to answer before staff take over; hours the buyer has to answer an offer or a
# rejection before it counts as accepted.
COMPLAINT_WINDOW_HOURS = env.int("COMPLAINT_WINDOW_HOURS", default=48)
COMPLAINT_PRODUCER_WORKING_DAYS = env.int("COMPLAINT_PRODUCER_WORKING_DAYS", default=2)
COMPLAINT_BUYER_RESPONSE_HOURS = env.int("COMPLAINT_BUYER_RESPONSE_HOURS", default=48)
# Missing items or an exchange accepted: the part's money stays held until the replacement
# arrives. Days the producer has to record its shipment (silence: staff decide), and days after
# that shipment it counts as arrived when nobody reported it (then the money is released).
COMPLAINT_REPLACEMENT_DAYS = env.int("COMPLAINT_REPLACEMENT_DAYS", default=7)
# Ship-by: a paid part not handed to the courier within its processing days + 2 is flagged
# to the producer and staff; this many days later it is cancelled and refunded by the
# scheduler (enforce_ship_by), its units back on sale.
SHIP_BY_GRACE_DAYS = env.int("SHIP_BY_GRACE_DAYS", default=2)
# Kirim ke keluarga: a repeat's basket is prepared (and its link e-mailed) this many days
# before its date, time to pay and for the parcel to cross the islands; the link lasts
# FAMILY_BASKET_LINK_DAYS.
FAMILY_BASKET_DAYS_BEFORE = int(env("FAMILY_BASKET_DAYS_BEFORE", default="5"))
FAMILY_BASKET_LINK_DAYS = int(env("FAMILY_BASKET_LINK_DAYS", default="30"))
# Where delivery prices come from (shipping.providers): the imported courier tariff table.
SHIPPING_RATES_PROVIDER = "shipping.providers.TariffTableProvider"
# Hours a buyer has to complete a bank transfer before the order is cancelled and its units
# go back on sale (payment.services.bank_transfers_expire, every 10 minutes). Short, as an
# unpaid order holds its stock: staff must check transfers at least this often.
BANK_TRANSFER_HOURS = env.int("BANK_TRANSFER_HOURS", default=6)
# Open unpaid orders one buyer may hold (per account and per e-mail address), and per client
# address (higher: many phones share a carrier's address); one more is refused at checkout
# (checkout.services.order_place). Staff see and release hoards at /dashboard/belum-dibayar/.
UNPAID_ORDERS_PER_BUYER = env.int("UNPAID_ORDERS_PER_BUYER", default=3)
UNPAID_ORDERS_PER_ADDRESS = env.int("UNPAID_ORDERS_PER_ADDRESS", default=10)
BANK_TRANSFER_ACCOUNT = {
    "bank": "Bank Rakyat Indonesia (BRI)",
    "number": "0123-01-000123-30-5",
    "holder": "Koperasi Pasar Desmigratif",
}
# Payment methods offered at checkout, in order; each is one class (payment.methods).
# Cash on delivery is listed always and offered only where every producer of the basket
# offers it (payment.cod).
PAYMENT_METHODS = ["payment.methods.BankTransfer", "payment.cod.CashOnDelivery"]
# COD abuse limit, as Shopee does: a buyer (account or phone number) with this many COD
# parcels cancelled or refused within the window loses COD for COD_BLOCK_DAYS from the last
# one (payment.selectors.cod_block_for); staff see and lift blocks at /dashboard/cod-diblokir/.
COD_STRIKES_TO_BLOCK = env.int("COD_STRIKES_TO_BLOCK", default=2)
COD_STRIKE_WINDOW_DAYS = env.int("COD_STRIKE_WINDOW_DAYS", default=60)
COD_BLOCK_DAYS = env.int("COD_BLOCK_DAYS", default=30)

# --- Oscar ------------------------------------------------------------------

OSCAR_SHOP_NAME = "Pasar Desmigratif"
OSCAR_SHOP_TAGLINE = _("Produk desa migran produktif")
OSCAR_HOMEPAGE = "/"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
# The buyer's order as a whole; each producer's part has its own status (fulfilment).
# The order's status follows its payment and is set only by payment.services (ORDER_STATUS
# there); Oscar's dashboard routes its status form to those services (staff.orders).
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Menunggu pembayaran"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Paid", "Cancelled"),
    "Paid": ("Partially refunded", "Refunded"),
    "Partially refunded": ("Refunded",),
    "Cancelled": (),
    "Refunded": (),
}

# Oscar's class loader imports oscar.apps.search, which imports haystack, so a
# connection must exist even though our search app does not query through it.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"


def _staff_only(user, *args, **kwargs) -> bool:
    # Oscar's default access check only knows its own dashboard apps' URLs.
    return user.is_active and user.is_staff


# Program staff review, manage and pay producers from Oscar's dashboard (the staff app).
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,
    {
        "label": _("Produsen"),
        "icon": "fas fa-store",
        "access_fn": _staff_only,
        "children": [
            {
                "label": _("Pendaftaran"),
                "url_name": "sellers-dashboard:application-list",
                "access_fn": _staff_only,
            },
            {
                "label": _("Semua produsen"),
                "url_name": "sellers-dashboard:seller-list",
                "access_fn": _staff_only,
            },
            {
                "label": _("Pencairan"),
                "url_name": "sellers-dashboard:payout-list",
                "access_fn": _staff_only,
            },
            {
                # Paid parts past their ship-by date, before the scheduler cancels them.
                "label": _("Terlambat kirim"),
                "url_name": "sellers-dashboard:late-orders",
                "access_fn": _staff_only,
            },
        ],
    },
    {
        "label": _("Pembayaran"),
        "icon": "fas fa-money-bill",
        "access_fn": _staff_only,
        "children": [
            {"label": _("Semua pembayaran"), "url_name": "payment-dashboard:list", "access_fn": _staff_only},
            {
                # Open complaints with their deadlines; staff decide escalated ones.
                "label": _("Komplain"),
                "url_name": "complaints-dashboard:list",
                "access_fn": _staff_only,
            },
            {
                # Unpaid orders hold stock: hoards by e-mail or address, and releasing them.
                "label": _("Pesanan belum dibayar"),
                "url_name": "unpaid-dashboard:list",
                "access_fn": _staff_only,
            },
            {
                # Buyers who lost cash on delivery for cancelling or refusing COD parcels.
                "label": _("Pembeli diblokir COD"),
                "url_name": "cod-dashboard:list",
                "access_fn": _staff_only,
            },
        ],
    },
]

# The program's impact figures live in the Wagtail admin (impact app); staff reach them
# from Oscar's dashboard too.
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,
    {
        "label": _("Dampak program"),
        "icon": "fas fa-chart-bar",
        "url_name": "impact:dashboard",
        "access_fn": _staff_only,
    },
]

# --- Product search ---------------------------------------------------------

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# The index's alias is <prefix>-products: two shops may share one cluster (the fault suite's).
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="pasar")
# ELASTICSEARCH_STEMMER=false: a cluster (or emulator) without the indonesian stemmer.
SEARCH_BACKEND_OPTIONS = {} if env.bool("ELASTICSEARCH_STEMMER", default=True) else {"stemmer": False}
# The database backend counts a search's total and facets exactly up to this many matches
# (the planner's estimate); above it, from a uniform sample of about SEARCH_SAMPLE_SIZE of
# them, shown as estimates (search/backends/database/sampling.py).
SEARCH_EXACT_COUNT_LIMIT = env.int("SEARCH_EXACT_COUNT_LIMIT", default=2_000)
SEARCH_SAMPLE_SIZE = env.int("SEARCH_SAMPLE_SIZE", default=1_000)
# Product search (search.backends): Elasticsearch when a URL is given, else the database.
SEARCH_BACKEND = (
    "search.backends.elasticsearch.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend"
)

# --- Payments ---------------------------------------------------------------

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Tests point these at localstripe; unset means Stripe's own endpoints.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# Extra PaymentIntent parameters ("{order_number}" is filled in), e.g. {"description":
# "Pasar Desmigratif {order_number}"}; none by default, as localstripe refuses each of them.
STRIPE_PAYMENT_INTENT_OPTIONS: dict = {}
# Card payments are offered once Stripe is configured (payment.methods.StripeCard).
if STRIPE_SECRET_KEY:
    PAYMENT_METHODS = [*PAYMENT_METHODS, "payment.methods.StripeCard"]

# Midtrans (Core API): virtual accounts, QRIS, GoPay, ShopeePay, Indomaret/Alfamart.
MIDTRANS_SERVER_KEY = env("MIDTRANS_SERVER_KEY", default="")
MIDTRANS_CLIENT_KEY = env("MIDTRANS_CLIENT_KEY", default="")
MIDTRANS_IS_PRODUCTION = env.bool("MIDTRANS_IS_PRODUCTION", default=False)
# Tests point the SDK at their loopback double; unset means Midtrans's sandbox or production.
MIDTRANS_API_BASE_URL = env("MIDTRANS_API_BASE_URL", default="")
# Minutes a buyer has to pay, per kind of channel, counted from placing the order.
MIDTRANS_EXPIRY_MINUTES = {"bank_transfer": 24 * 60, "cstore": 24 * 60, "qris": 30, "ewallet": 30}
MIDTRANS_METHODS = [
    "payment.midtrans_methods.BcaVirtualAccount",
    "payment.midtrans_methods.BniVirtualAccount",
    "payment.midtrans_methods.BriVirtualAccount",
    "payment.midtrans_methods.MandiriBill",
    "payment.midtrans_methods.PermataVirtualAccount",
    "payment.midtrans_methods.CimbVirtualAccount",
    "payment.midtrans_methods.Qris",
    "payment.midtrans_methods.GoPay",
    "payment.midtrans_methods.ShopeePay",
    "payment.midtrans_methods.Indomaret",
    "payment.midtrans_methods.Alfamart",
]
# Offered once Midtrans is configured; without keys none of them is.
if MIDTRANS_SERVER_KEY:
    PAYMENT_METHODS = [*PAYMENT_METHODS, *MIDTRANS_METHODS]
