"""Import of the official administrative regions.

The data comes from the django-indonesia-regions package, which ships Kemendagri's
CSV files (34 provinces, 514 kabupaten/kota, 7,071 kecamatan, 81,937 desa/kelurahan).
We read its files into our own tables instead of installing its app, so our models can
carry the Desmigratif fields and stay under our migrations.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from regions.models import District, Province, Regency, Village

BATCH_SIZE = 5000

# Words that keep their capitals when the upper-case source names are title-cased.
_KEEP_UPPER = {"DKI", "DI", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "UPT", "SP"}


@dataclass
class RegionImportResult:
    provinces: int = 0
    regencies: int = 0
    districts: int = 0
    villages: int = 0


def regions_source_dir() -> Path:
    return Path(str(resources.files("djindonesiaregions") / "csv"))


def region_name_normalize(raw: str) -> str:
    """'KEPULAUAN BANGKA BELITUNG' -> 'Kepulauan Bangka Belitung'; keeps 'DKI', 'II'."""
    words = []
    for word in raw.strip().split():
        if word.upper() in _KEEP_UPPER:
            words.append(word.upper())
        else:
            words.append("-".join(part.capitalize() for part in word.lower().split("-")))
    return " ".join(words)


def _regency_kind_and_name(raw: str) -> tuple[str, str]:
    raw = raw.strip().upper()
    for prefix, kind in (("KABUPATEN ", "kabupaten"), ("KAB. ", "kabupaten"), ("KOTA ", "kota")):
        if raw.startswith(prefix):
            return kind, region_name_normalize(raw[len(prefix) :])
    return "kabupaten", region_name_normalize(raw)


def _read(source: Path, name: str) -> Iterable[list[str]]:
    with open(source / f"{name}.csv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if row and row[0].strip().isdigit():
                yield [cell.strip() for cell in row]


def _bulk_upsert(model, objects: list, fields: list[str], report: Callable[[str], None]) -> int:
    for start in range(0, len(objects), BATCH_SIZE):
        model.objects.bulk_create(
            objects[start : start + BATCH_SIZE],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=fields,
        )
        report(f"{model._meta.verbose_name_plural}: {min(start + BATCH_SIZE, len(objects))}/{len(objects)}")
    return len(objects)


@transaction.atomic
def regions_import(
    *,
    village_codes: Iterable[str] | None = None,
    source: Path | None = None,
    report: Callable[[str], None] = lambda message: None,
) -> RegionImportResult:
    """Upsert the official regions; with village_codes, only those villages and their parents.

    Upserting by code leaves the Desmigratif fields of existing villages untouched.
    """
    source = source or regions_source_dir()
    wanted = set(village_codes) if village_codes is not None else None

    villages = [row for row in _read(source, "villages") if wanted is None or row[0] in wanted]
    if wanted is not None:
        missing = wanted - {row[0] for row in villages}
        if missing:
            raise ValueError(f"Unknown village codes: {', '.join(sorted(missing))}")
    district_codes = {row[1] for row in villages} if wanted is not None else None
    districts = [
        row for row in _read(source, "districts") if district_codes is None or row[0] in district_codes
    ]
    regency_codes = {row[1] for row in districts} if wanted is not None else None
    regencies = [
        row for row in _read(source, "regencies") if regency_codes is None or row[0] in regency_codes
    ]
    province_codes = {row[1] for row in regencies} if wanted is not None else None
    provinces = [
        row for row in _read(source, "provinces") if province_codes is None or row[0] in province_codes
    ]

    result = RegionImportResult()
    result.provinces = _bulk_upsert(
        Province,
        [
            Province(code=code, name=region_name_normalize(name), slug=slugify(region_name_normalize(name)))
            for code, name, *_ in provinces
        ],
        ["name", "slug"],
        report,
    )
    regency_objects = []
    for code, province_code, raw_name, *_ in regencies:
        kind, name = _regency_kind_and_name(raw_name)
        regency_objects.append(
            Regency(
                code=code,
                province_id=province_code,
                kind=kind,
                name=name,
                slug=slugify(f"{kind} {name}"),
            )
        )
    result.regencies = _bulk_upsert(Regency, regency_objects, ["province", "kind", "name", "slug"], report)
    result.districts = _bulk_upsert(
        District,
        [
            District(code=code, regency_id=regency_code, name=region_name_normalize(name))
            for code, regency_code, name, *_ in districts
        ],
        ["regency", "name"],
        report,
    )
    result.villages = _bulk_upsert(
        Village,
        [
            Village(
                code=code,
                district_id=district_code,
                name=region_name_normalize(name),
            )
            for code, district_code, name, *_ in villages
        ],
        # The source does not tell desa from kelurahan; "kind" is left as staff set it.
        ["district", "name"],
        report,
    )
    return result


def regions_import_all_once(
    *, source: Path | None = None, report: Callable[[str], None] = lambda message: None
) -> RegionImportResult | None:
    """Import every official region unless each level already holds as many rows as the source.

    Reading the CSV files takes a fraction of a second; the upsert takes about 10 s, so a
    second `make run` skips it. None when nothing needed importing.
    """
    source = source or regions_source_dir()
    levels = (("provinces", Province), ("regencies", Regency), ("districts", District), ("villages", Village))
    if all(model.objects.count() >= sum(1 for _ in _read(source, name)) for name, model in levels):
        return None
    return regions_import(source=source, report=report)


def village_mark_desmigratif(
    *, village: Village, is_pilot: bool = False, joined_year: int, description: str = ""
) -> Village:
    village.is_desmigratif = True
    village.is_pilot = is_pilot
    village.joined_year = joined_year
    if description:
        village.description = description
    village.full_clean()
    village.save()
    return village
