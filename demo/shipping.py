"""Demo courier tariffs: from every demo village's kabupaten to each province's capital
kabupaten, plus each province's fallback row, loaded through the same CSV import staff use.

Prices follow the couriers' published price lists in shape, not to the rupiah: JNE REG
within Java about Rp 10.000–12.000/kg, to Sumatra or Bali about Rp 20.000–30.000, to Papua
above Rp 80.000; the other services priced around it. The producer's own delivery reaches
only their own kabupaten.
"""

import csv
import io
import math
from collections.abc import Callable

from django.db import transaction

from demo import data
from regions.models import Province, Regency, Village
from regions.services import regions_import, regions_source_dir
from shipping.services import CSV_COLUMNS, courier_rates_import

# Rough position of each island group on a west-to-east line (by province code's first
# digit): Sumatra 0, Java 1, Kalimantan 1.5, Bali and Nusa Tenggara 2, Sulawesi 2.5,
# Maluku 3.5, Papua 4.5.
ISLAND_POSITION = {"1": 0.0, "2": 0.3, "3": 1.0, "5": 2.0, "6": 1.5, "7": 2.5, "8": 3.5, "9": 4.5}

# service -> (price factor on JNE REG, extra days, reaches only within this distance or None)
SERVICES = {
    ("jne", "reg"): (1.0, 0, None),
    ("jne", "yes"): (1.8, -1, 1.0),  # next day: Java, Sumatra, Bali
    ("jnt", "ez"): (1.05, 0, None),
    ("sicepat", "reg"): (0.95, 1, None),
    ("pos", "kilat-khusus"): (0.9, 2, None),
    ("anteraja", "reg"): (0.97, 1, 2.5),
}


def _per_kg(origin: str, destination_province: str, same_regency: bool) -> tuple[int, int, int]:
    """JNE REG's price per kg and days (min, max) from a kabupaten code to a province."""
    if same_regency:
        return 7000, 1, 1
    if origin[:2] == destination_province:
        return 9000, 1, 2
    distance = abs(ISLAND_POSITION[origin[0]] - ISLAND_POSITION[destination_province[0]])
    # Dearer the further east, and faster than linearly: Papua's airfreight.
    price = 11000 + 13000 * distance + 2000 * distance**2
    return int(round(price, -3)), 2 + math.ceil(distance), 3 + math.ceil(distance * 1.5)


def tariff_rows(*, origins: list[str], capitals: dict[str, str]) -> list[dict]:
    rows = []
    for origin in origins:
        for province, capital in capitals.items():
            for destination in (capital, ""):  # the capital, then the province's fallback
                price, days_min, days_max = _per_kg(origin, province, same_regency=destination == origin)
                if not destination:
                    # Beyond the capital: a day more, a little dearer.
                    price, days_min, days_max = int(price * 1.15 // 1000 * 1000), days_min + 1, days_max + 1
                distance = abs(ISLAND_POSITION[origin[0]] - ISLAND_POSITION[province[0]])
                for (courier, service), (factor, extra_days, reach) in SERVICES.items():
                    if reach is not None and distance > reach:
                        continue
                    per_kg = int(price * factor // 500 * 500)
                    # POS prices the first kilogram higher and each next one lower.
                    first = per_kg + 3000 if courier == "pos" else per_kg
                    rows.append(
                        {
                            "courier": courier,
                            "service": service,
                            "origin_regency": origin,
                            "destination_province": province,
                            "destination_regency": destination,
                            "first_kg": first,
                            "next_kg": per_kg,
                            "days_min": max(days_min + extra_days, 1),
                            "days_max": max(days_max + extra_days, 1),
                        }
                    )
        # The producer's own delivery, within their kabupaten only.
        rows.append(
            {
                "courier": "antar-sendiri",
                "service": "lokal",
                "origin_regency": origin,
                "destination_province": origin[:2],
                "destination_regency": origin,
                "first_kg": 8000,
                "next_kg": 2000,
                "days_min": 0,
                "days_max": 1,
            }
        )
    return rows


def _capital_codes() -> dict[str, str]:
    """Province code -> its capital's kabupaten/kota code, from the official regions file."""
    wanted = {province: name.replace(" ", "").upper() for province, name in data.PROVINCE_CAPITALS.items()}
    capitals: dict[str, str] = {}
    with open(regions_source_dir() / "regencies.csv", encoding="utf-8", newline="") as handle:
        for code, province, name, *_ in csv.reader(handle):
            bare = name.upper().removeprefix("KOTA ").removeprefix("KABUPATEN ").replace(" ", "")
            # A kota wins over a kabupaten of the same name (Kota Bandung, not Kab. Bandung).
            if bare == wanted.get(province) and (
                province not in capitals or name.upper().startswith("KOTA ")
            ):
                capitals[province] = code
    return capitals


def _one_village_each(regency_codes: set[str]) -> list[str]:
    found: dict[str, str] = {}
    with open(regions_source_dir() / "villages.csv", encoding="utf-8", newline="") as handle:
        for code, *_ in csv.reader(handle):
            if code[:4] in regency_codes and code[:4] not in found:
                found[code[:4]] = code
    return list(found.values())


class DemoShippingLoader:
    def __init__(self, *, report: Callable[[str], None], count: Callable[[str], None]):
        self.report = report
        self.count = count

    @transaction.atomic
    def run(self) -> None:
        capitals = _capital_codes()
        # The capitals become places buyers can choose at checkout (one desa each).
        missing = {code for code in capitals.values() if not Regency.objects.filter(code=code).exists()}
        if missing:
            regions_import(village_codes=_one_village_each(missing))
        capitals = {
            province: code
            for province, code in capitals.items()
            if Province.objects.filter(code=province).exists()
        }
        origins = sorted(
            {code[:4] for code in Village.objects.filter(is_desmigratif=True).values_list("code", flat=True)}
        )
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(tariff_rows(origins=origins, capitals=capitals))
        buffer.seek(0)
        result = courier_rates_import(lines=buffer)
        if result.errors:
            raise ValueError("Demo tariffs refused: " + "; ".join(result.errors[:5]))
        if result.created:
            self.count("courier tariff imports")
        self.report(
            f"Courier tariffs: {result.created} new, {result.updated} updated "
            f"({len(origins)} producer kabupaten → {len(capitals)} provinces)"
        )
