"""axe-core accessibility checks in a Playwright page.

axe comes from the npm package pinned in package.json (`npm ci` at the repository root,
`make node_modules`). It is evaluated through Playwright (the DevTools protocol), not added
as a <script> element: the shop's Content Security Policy lets only scripts carrying the
request's nonce run, and evaluation from DevTools is outside the page's policy, so the
pages are checked under the same policy they ship with, without bypass_csp.
"""

from pathlib import Path

from playwright.sync_api import Page

from tests.conftest import _skip_or_fail

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA: 2.2 adds the 24 px target size (2.5.8), which a buyer's thumb on a
# 360 px phone needs most (axe's target-size rule).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")


class KnownViolation(AssertionError):
    """Only violations already reported (and marked xfail) were found: nothing new."""


def axe_violations(page: Page) -> list[dict]:
    """axe's WCAG 2.2 A and AA violations on the page as it is now."""
    if not AXE_JS.exists():
        _skip_or_fail(f"axe-core is not installed ({AXE_JS} missing): run `make node_modules` (npm ci)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # A function body: a bare script as the expression could be taken for a function.
        page.evaluate("() => {\n" + AXE_JS.read_text() + "\n}")
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return result["violations"]


def describe(violations: list[dict], where: str) -> str:
    lines = [f"axe found {len(violations)} serious or critical violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}\n      {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str, known: frozenset[str] | set[str] = frozenset()) -> None:
    """No serious or critical WCAG 2.2 A/AA violation, other than the rules in `known`.

    Known rules are ones reported but not fixed yet: the test is marked
    xfail(strict=True, raises=KnownViolation). Finding them raises KnownViolation (xfail);
    a new violation fails outright; a known one that is gone fails too, so its mark goes.
    """
    serious = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    new = [v for v in serious if v["id"] not in known]
    assert not new, describe(new, where)
    gone = set(known) - {v["id"] for v in serious}
    assert not gone, f"{where}: {sorted(gone)} no longer violated: remove them from the known violations"
    if serious:
        raise KnownViolation(describe(serious, where))
