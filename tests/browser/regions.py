"""Choosing a desa in the region selects, as a buyer or producer does with JavaScript on."""

from playwright.sync_api import Page, expect


def village_choose(page: Page, village) -> None:
    """Each select fills in place from the region data (regions.js) once its parent is chosen."""
    page.select_option("#id_province", str(village.district.regency.province_id))
    for select, value in (
        ("#id_regency", village.district.regency_id),
        ("#id_district", village.district_id),
        ("#id_village", village.pk),
    ):
        expect(page.locator(f"{select} option").nth(1)).to_be_attached()
        page.select_option(select, str(value))


def village_choose_without_javascript(page: Page, village) -> None:
    """With scripts off, each "Pilih wilayah berikutnya" press re-renders the form with the
    next level's choices (regions.forms)."""
    refresh = page.get_by_role("button", name="Pilih wilayah berikutnya")
    page.select_option("#id_province", str(village.district.regency.province_id))
    for select, value in (
        ("#id_regency", village.district.regency_id),
        ("#id_district", village.district_id),
        ("#id_village", village.pk),
    ):
        refresh.click()
        page.select_option(select, str(value))
