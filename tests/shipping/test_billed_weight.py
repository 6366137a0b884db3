"""Billed weight as couriers bill it: actual vs volumetric, the courier's tolerance, packaging."""

import pytest

from shipping.weights import Parcel, ParcelItem, billed_weight_kg


def _billed(*items, packaging=0, divisor=6000, tolerance=300):
    parcel = Parcel(origin_regency_code="3212", items=tuple(items), packaging_grams=packaging)
    return billed_weight_kg(parcel=parcel, divisor=divisor, tolerance_grams=tolerance)


@pytest.mark.parametrize(
    ("grams", "kilograms"),
    [(250, 1), (1000, 1), (1300, 1), (1301, 2), (1999, 2), (2300, 2), (2310, 3)],
)
def test_actual_weight_rounds_up_after_the_couriers_tolerance(grams, kilograms):
    assert _billed(ParcelItem(weight_grams=grams)) == kilograms


def test_a_courier_without_tolerance_bills_every_started_kilogram():
    assert _billed(ParcelItem(weight_grams=1001), tolerance=0) == 2


def test_packaging_weight_is_added_to_the_goods():
    # 4 × 250 g crackers = 1,000 g: 1 kg; with a 400 g box 1,400 g is past the 300 g tolerance.
    crackers = ParcelItem(weight_grams=250, quantity=4)
    assert _billed(crackers) == 1
    assert _billed(crackers, packaging=400) == 2


def test_a_bulky_light_item_is_billed_by_its_volume():
    # A rolled pandan mat: 1.2 kg, 100 × 15 × 15 cm = 22,500 cm³ / 6000 = 3.75 kg → 4 kg.
    mat = ParcelItem(weight_grams=1200, length_cm=100, width_cm=15, height_cm=15)
    assert _billed(mat) == 4
    # A cargo divisor of 4000 makes the same box 5.625 kg → 6 kg.
    assert _billed(mat, divisor=4000) == 6


def test_a_heavy_small_item_is_billed_by_its_weight():
    # Ten syrup bottles, 750 g each, in a 30 × 20 × 25 cm box (2.5 kg volumetric): 7.5 kg → 8 kg.
    syrup = ParcelItem(weight_grams=750, quantity=10, length_cm=6, width_cm=6, height_cm=25)
    assert _billed(syrup, packaging=0) == 8


def test_volumes_of_several_items_add_up():
    pillow = ParcelItem(weight_grams=300, quantity=2, length_cm=40, width_cm=40, height_cm=15)
    # 2 × 24,000 cm³ = 48,000 / 6000 = 8 kg, far above the 600 g they weigh.
    assert _billed(pillow) == 8


def test_an_empty_weight_still_costs_the_first_kilogram():
    assert _billed(ParcelItem(weight_grams=50)) == 1
