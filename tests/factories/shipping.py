"""Couriers and tariff rows for tests (the migration's seeded couriers are gone after a
transactional test flushes the database, so each test makes what it needs)."""

from decimal import Decimal

from regions.models import Province, Regency
from shipping.models import Courier, CourierRate, CourierService

COURIER_NAMES = {"jne": "JNE", "jnt": "J&T Express", "sicepat": "SiCepat", "pos": "POS Indonesia"}


def courier_service(
    courier: str = "jne",
    service: str = "reg",
    *,
    divisor: int = 6000,
    tolerance_grams: int = 300,
    **courier_fields,
) -> CourierService:
    courier_obj, _created = Courier.objects.update_or_create(
        code=courier,
        defaults={
            "name": COURIER_NAMES.get(courier, courier),
            "volumetric_divisor": divisor,
            "rounding_tolerance_grams": tolerance_grams,
            **courier_fields,
        },
    )
    return CourierService.objects.get_or_create(
        courier=courier_obj, code=service, defaults={"name": service.upper()}
    )[0]


def courier_rate(
    *,
    origin: Regency,
    province: Province,
    regency: Regency | None = None,
    service: CourierService | None = None,
    first_kg: int = 20000,
    next_kg: int | None = None,
    days: tuple[int, int] = (2, 3),
) -> CourierRate:
    """One tariff row; without ``regency`` the province's fallback row."""
    return CourierRate.objects.create(
        service=service or courier_service(),
        origin=origin,
        destination_province=province,
        destination_regency=regency,
        first_kg_price=Decimal(first_kg),
        next_kg_price=Decimal(first_kg if next_kg is None else next_kg),
        days_min=days[0],
        days_max=days[1],
    )


def flat_rates(*, sellers, village, price: int = 20000) -> None:
    """Every producer ships to the buyer's province at ``price`` per kg (JNE REG)."""
    province = village.district.regency.province
    for seller in sellers:
        origin = seller.village.district.regency
        if not CourierRate.objects.filter(origin=origin, destination_province=province).exists():
            courier_rate(origin=origin, province=province, first_kg=price)
