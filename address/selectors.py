"""Reads of the buyers' address books."""

from oscar.core.loading import get_model

UserAddress = get_model("address", "UserAddress")

# The checkout offers a buyer's most used addresses, not a whole book.
CHECKOUT_ADDRESS_LIMIT = 5


def user_addresses_deliverable(*, user):
    """The buyer's saved addresses the checkout can deliver to (those with a desa), the
    default one first, then the most used."""
    if not user.is_authenticated:
        return UserAddress.objects.none()
    return (
        UserAddress.objects.filter(user=user, village__isnull=False)
        .select_related("village")
        .order_by("-is_default_for_shipping", "-num_orders_as_shipping_address", "-date_created")[
            :CHECKOUT_ADDRESS_LIMIT
        ]
    )
