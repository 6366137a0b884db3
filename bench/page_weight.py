"""Page weight: bytes a phone downloads on its first visit, by kind of resource.

Brings up the real shop (bench/shop_server.py), opens each page in a fresh browser context
(empty cache) on a phone-sized screen — 390x844 at 2x, a mobile Chrome user agent,
Indonesian — waits until the network is quiet, scrolls nothing, and adds up what Chromium
reports as received for each request (Network.loadingFinished's encodedDataLength:
headers and the body as sent, compressed where the server compressed it).

    .venv/bin/python bench/page_weight.py            # the product list, home and a product page
    .venv/bin/python bench/page_weight.py --short    # the same (it takes seconds); for bench-short

Budget: the product list page (/catalogue/) under 150 KB (153,600 bytes), for an Indonesian
visitor and for one in Hong Kong (HK$ beside every price). Exit 1 when either is over. The
other pages are printed for comparison.

Chromium loads a lazy image before it scrolls into view once it is within a margin of the
viewport (1,250 px and more): such images count, as they are real downloads, and the
listing of images says which of them are below the fold.
"""

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shop_server import CHROMIUM, CHROMIUM_FLAGS, load_average, running_shop  # noqa: E402

BUDGET = 150 * 1024
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "id-ID",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/156.0.0.0 Mobile Safari/537.36"
    ),
}
IMAGES_SCRIPT = """() => Array.from(document.images).map((img) => {
  const box = img.getBoundingClientRect();
  return {url: img.currentSrc || img.src, top: Math.round(box.top + window.scrollY),
          visible: box.bottom > 0 && box.top < window.innerHeight && box.width > 0};
})"""


@dataclass
class Resource:
    url: str
    kind: str = "Other"
    status: int = 0
    encoding: str = ""
    bytes: int = 0


@dataclass
class Weight:
    name: str
    path: str
    resources: list[Resource] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(resource.bytes for resource in self.resources)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for resource in self.resources:
            totals[resource.kind][0] += 1
            totals[resource.kind][1] += resource.bytes
        return {kind: (count, size) for kind, (count, size) in sorted(totals.items())}


# A worker in Hong Kong: every price shows HK$ beside the rupiah (exchange app), on a page
# cached apart from the Indonesian one.
ABROAD = {
    "locale": "zh-HK",
    "timezone_id": "Asia/Hong_Kong",
    "extra_http_headers": {"Accept-Language": "zh-HK,en"},
}


def measure(browser, base_url: str, name: str, path: str, visitor: dict | None = None) -> Weight:
    context = browser.new_context(**{**PHONE, **(visitor or {})})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        resources: dict[str, Resource] = {}

        def on_response(event):
            response = event["response"]
            resource = resources.setdefault(event["requestId"], Resource(url=response["url"]))
            resource.kind = event.get("type", "Other")
            resource.status = response.get("status", 0)
            headers = {key.lower(): value for key, value in response.get("headers", {}).items()}
            resource.encoding = headers.get("content-encoding", "")

        def on_finished(event):
            resource = resources.setdefault(event["requestId"], Resource(url="?"))
            resource.bytes = int(event["encodedDataLength"])

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        cdp.send("Network.enable")
        page.goto(base_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)  # an image decoded late may still start its request
        weight = Weight(name=name, path=path, images=page.evaluate(IMAGES_SCRIPT))
        weight.resources = [r for r in resources.values() if not r.url.startswith("data:")]
        return weight
    finally:
        context.close()


def report(weight: Weight, base_url: str) -> None:
    print(f"\n{weight.name}: {weight.path}")
    for kind, (count, size) in weight.by_kind().items():
        print(f"  {kind:<12} {count:>3} requests {size:>9,} bytes")
    count, total = len(weight.resources), weight.total
    print(f"  {'total':<12} {count:>3} requests {total:>9,} bytes ({total / 1024:.1f} KB)")
    sizes = {resource.url: resource for resource in weight.resources}
    for resource in sorted(weight.resources, key=lambda r: -r.bytes):
        if resource.kind == "Image":
            continue
        encoding = f" [{resource.encoding}]" if resource.encoding else ""
        print(
            f"    {resource.bytes:>8,}  {resource.kind:<10} {resource.url.removeprefix(base_url)}{encoding}"
        )
    shown = [image for image in weight.images if image["url"] in sizes]
    not_loaded = len(weight.images) - len(shown)
    print(f"  images: {len(shown)} loaded ({not_loaded} lazy ones not), position on the page:")
    for image in sorted(shown, key=lambda image: image["top"]):
        where = "above the fold" if image["visible"] else f"below the fold (y={image['top']})"
        print(f"    {sizes[image['url']].bytes:>8,}  {where:<28} {image['url'].removeprefix(base_url)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="CI mode (the same pages: it takes seconds)")
    parser.parse_args()
    from playwright.sync_api import sync_playwright

    with running_shop() as shop, sync_playwright() as playwright:
        urls = shop.urls()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            pages = [("Product list", "/catalogue/"), ("Home", "/"), ("Product page", urls["product"])]
            weights = [measure(browser, shop.base_url, name, path) for name, path in pages]
            weights.append(measure(browser, shop.base_url, "List, from HK", "/catalogue/", ABROAD))
        finally:
            browser.close()
        print(f"Page weight, first visit on a phone (390x844 @2x); {load_average()}")
        for weight in weights:
            report(weight, shop.base_url)
        listings = [weights[0], weights[-1]]
        print()
        for weight in weights:
            print(f"{weight.name:<14} {weight.total:>9,} bytes ({weight.total / 1024:6.1f} KB)")
        for listing in listings:
            verdict = "within" if listing.total < BUDGET else "OVER"
            print(
                f"{listing.name}: {listing.total:,} bytes, {verdict} the budget of {BUDGET:,} bytes (150 KB)"
            )
        return 0 if all(listing.total < BUDGET for listing in listings) else 1


if __name__ == "__main__":
    sys.exit(main())
