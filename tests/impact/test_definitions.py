"""Each figure's definition is written once (impact.definitions): the README's table is
printed from it, in English, and the dashboard shows the same texts as the XLSX."""

from pathlib import Path

import pytest

from impact.definitions import COUNTRY_FIGURES, NOT_RECORDED, PILLARS, VILLAGE_FIGURES, markdown_table

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- impact-definitions:start -->\n", "<!-- impact-definitions:end -->"


def test_the_readme_table_is_the_one_printed_from_the_definitions():
    text = README.read_text()
    table = text[text.index(START) + len(START) : text.index(END)]
    assert table == markdown_table("en"), "run: python -m impact.definitions, paste it into the README"


def test_every_figure_belongs_to_a_pillar_and_every_pillar_has_a_figure_or_says_why_not():
    figures = (*VILLAGE_FIGURES, *COUNTRY_FIGURES)
    assert {figure.pillar for figure in figures} | set(NOT_RECORDED) == set(PILLARS)
    assert len({figure.column for figure in VILLAGE_FIGURES}) == len(VILLAGE_FIGURES)


@pytest.mark.django_db
def test_the_dashboard_shows_every_definition(staff_client):
    content = staff_client.get("/cms/dampak/").content.decode()
    for figure in (*VILLAGE_FIGURES, *COUNTRY_FIGURES):
        assert str(figure.label) in content
        assert str(figure.definition) in content
    for text in NOT_RECORDED.values():
        assert str(text) in content
