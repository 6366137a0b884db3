"""The main pages are valid HTML: the Nu Html Checker (npm `vnu-jar`, pinned in package.json,
run with Java 17) finds no error on any of them, as a buyer, a logged-in buyer and a producer
get them. All pages go to one Java run: the JVM takes seconds to start.

Issue #14 found 63 errors on ten pages: 50 product cards' quantity inputs sharing
id="id_quantity", aria-labelledby on plain divs, headings skipping levels.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.main_pages import shop_build
from tests.conftest import _skip_or_fail

pytestmark = pytest.mark.django_db

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Page name -> the checker's errors ("line N: message"), for every page in one run."""
    java = shutil.which("java")
    if java is None:
        _skip_or_fail("the Nu Html Checker needs Java 17 (Debian's openjdk-17-jre-headless)")
    if not VNU_JAR.exists():
        _skip_or_fail(f"vnu-jar is not installed ({VNU_JAR} missing): run `npm ci`")
    files, names = [], {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
        names[path.name] = name
    run = subprocess.run(  # noqa: S603 - our own files, a fixed command
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(run.stdout)["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            url = message.get("url", "")
            name = names.get(url.rsplit("/", 1)[-1], url)
            errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response.content.decode()


def test_main_pages_have_no_html_errors(client, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        shop = shop_build()
    pages = {name: _page(client, path) for name, path in shop.public_pages().items()}

    # A guest's basket and the first checkout steps.
    client.post(reverse("basket:add", kwargs={"pk": shop.product.pk}), {"quantity": 2})
    pages["basket"] = _page(client, reverse("basket:summary"))
    pages["checkout"] = _page(client, reverse("checkout:index"))
    response = client.post(reverse("checkout:index"), {"username": "siti@contoh.id", "options": "anonymous"})
    assert response.status_code == 302
    pages["checkout address"] = _page(client, response["Location"])

    client.force_login(shop.buyer)
    pages.update({name: _page(client, path) for name, path in shop.account_pages().items()})
    pages["product, logged in"] = _page(client, shop.product.get_absolute_url())
    client.force_login(shop.seller.user)
    pages.update({name: _page(client, path) for name, path in shop.portal_pages().items()})

    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in sorted(errors.items())
    )
