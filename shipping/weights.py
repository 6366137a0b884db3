"""Billed weight of a parcel, as Indonesian couriers bill it.

The larger of the actual weight (goods plus the producer's packaging) and the volumetric
weight (L×W×H in cm over the courier's divisor, in kg), then rounded up to whole
kilograms except for a tolerance the courier allows: JNE bills 1.3 kg as 1 kg and
1.31 kg as 2 kg. Never less than 1 kg.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ParcelItem:
    weight_grams: int
    quantity: int = 1
    # Only bulky goods have dimensions; small goods are billed by weight alone.
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None

    @property
    def volume_cm3(self) -> int:
        if not (self.length_cm and self.width_cm and self.height_cm):
            return 0
        return self.length_cm * self.width_cm * self.height_cm * self.quantity


@dataclass(frozen=True)
class Parcel:
    """One producer's parcel of one order, sent from the producer's kabupaten."""

    origin_regency_code: str
    items: tuple[ParcelItem, ...]
    packaging_grams: int = 0

    @property
    def actual_grams(self) -> int:
        return sum(item.weight_grams * item.quantity for item in self.items) + self.packaging_grams

    @property
    def volume_cm3(self) -> int:
        # Items packed side by side: the box holds at least their volumes together.
        return sum(item.volume_cm3 for item in self.items)


def volumetric_grams(*, volume_cm3: int, divisor: int) -> int:
    return math.ceil(volume_cm3 * 1000 / divisor)


def billed_weight_kg(*, parcel: Parcel, divisor: int, tolerance_grams: int) -> int:
    grams = max(parcel.actual_grams, volumetric_grams(volume_cm3=parcel.volume_cm3, divisor=divisor))
    kilograms, rest = divmod(grams, 1000)
    if rest > tolerance_grams:
        kilograms += 1
    return max(kilograms, 1)
