"""Writes to the buyers' address books (Oscar's UserAddress, with the official desa)."""

from oscar.core.loading import get_model

from regions.models import Village

Country = get_model("address", "Country")
UserAddress = get_model("address", "UserAddress")


def country_indonesia():
    """The shop's one delivery country (Oscar's addresses need a Country row)."""
    country, _created = Country.objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={"name": "Indonesia", "printable_name": "Indonesia", "is_shipping_country": True},
    )
    return country


def address_columns(
    *, name: str, street: str, village: Village, postcode: str, phone_number: str, notes: str = ""
) -> dict:
    """Oscar's address columns for an Indonesian address, the region lines from the official
    names (so an address reads the same in every order and address book)."""
    district = village.district
    return {
        "first_name": name,
        "line1": street,
        "line2": f"{village}, {district}",
        "line3": str(district.regency),
        "line4": district.regency.name,
        "state": district.regency.province.name,
        "postcode": postcode,
        "phone_number": phone_number,
        "notes": notes,
    }


def user_address_fill(*, address, columns: dict, village: Village) -> None:
    """Put an address's columns and desa on an (unsaved) UserAddress."""
    for name, value in columns.items():
        setattr(address, name, value)
    address.village = village
    address.country = country_indonesia()


def user_address_is_duplicate(*, address) -> bool:
    """Another address of the same buyer reads the same (Oscar keeps one per hash)."""
    same = UserAddress.objects.filter(user=address.user, hash=address.generate_hash())
    return same.exclude(pk=address.pk).exists() if address.pk else same.exists()


def user_address_remember(*, user, shipping_address):
    """Keep an order's delivery address in the buyer's address book, as Oscar's checkout does
    (OrderPlacementMixin.update_address_book): the same address, found by its hash, counts one
    more order and takes the latest phone number and courier notes; a new one is added."""
    address = UserAddress.objects.filter(user=user, hash=shipping_address.generate_hash()).first()
    if address is None:
        address = UserAddress(user=user)
        shipping_address.populate_alternative_model(address)  # copies the desa as well
    else:
        address.phone_number = shipping_address.phone_number
        address.notes = shipping_address.notes
    address.num_orders_as_shipping_address += 1
    address.save()
    return address
