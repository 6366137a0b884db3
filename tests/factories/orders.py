"""Orders holding several producers' lines, split into SellerOrders like checkout does."""

from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from checkout.services import basket_groups
from fulfilment.services import SellerOrderPart, seller_orders_create

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")


def shipping_address(**overrides):
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={"name": "Indonesia", "printable_name": "Indonesia", "is_shipping_country": True},
    )
    values = {
        "first_name": "Siti",
        "last_name": "Aminah",
        "line1": "Jl. Melati No. 5",
        "line4": "Indramayu",
        "postcode": "45223",
        "phone_number": "+6281298765432",
        "country": country,
    }
    values.update(overrides)
    return ShippingAddress.objects.create(**values)


def order_with_lines(*items, status_paid=True, user=None, email="pembeli@contoh.id"):
    """items: (product, quantity) pairs, possibly from several sellers. Returns (order, seller_orders)."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    order = create_order(basket=basket, user=user, shipping_address=shipping_address(), guest_email=email)
    if email and not order.email:
        order.guest_email = email
        order.save(update_fields=["guest_email"])
    # Shipped free, in the time the slowest product takes to make.
    parts = [
        SellerOrderPart(seller=group.seller, lines_total=group.lines_total, dispatch_days=group.dispatch_days)
        for group in basket_groups(basket)
    ]
    seller_orders = seller_orders_create(order=order, parts=parts)
    if status_paid:
        from fulfilment.services import seller_order_mark_paid

        seller_orders = [seller_order_mark_paid(seller_order=so) for so in seller_orders]
    return order, seller_orders
