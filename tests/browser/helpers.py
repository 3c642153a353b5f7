"""Helpers of the browser tests: open a page, check it with axe-core, log in through the real form."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# Impacts that fail a page; "moderate" and "minor" are left to manual review.
BLOCKING_IMPACTS = {"serious", "critical"}
SHOWN_NODES = 3


def _assert_ok(response, what: str):
    status = response.status if response is not None else None
    assert status == 200, f"{what} → {status} ({response.url if response is not None else 'pas de réponse'})"
    return response


def visit(page, path: str):
    """Open `path` on the live server and check that it answered 200."""
    return _assert_ok(page.goto(page.live_url + path), f"GET {path}")


def follow(page, locator):
    """Click a link or a submit button and check that the page it leads to answered 200."""
    with page.expect_navigation() as navigation:
        locator.click()
    return _assert_ok(navigation.value, f"clic sur {locator}")


def assert_accessible(page, context: str | None = None):
    """Run axe-core on the page (or on the `context` selector); fail on serious or critical violations.

    The page must have been opened with bypass_csp=True (the `page` fixtures): the site's CSP
    forbids injecting a script.
    """
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("context => axe.run(context || document)", context)
    violations = [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if violations:
        lines = [f"{page.url} : {len(violations)} violation(s) d'accessibilité bloquante(s)"]
        for v in violations:
            nodes = v["nodes"]
            targets = ", ".join(" ".join(map(str, node["target"])) for node in nodes[:SHOWN_NODES])
            more = f" (+{len(nodes) - SHOWN_NODES})" if len(nodes) > SHOWN_NODES else ""
            lines.append(f"- [{v['impact']}] {v['id']} : {v['help']} → {targets}{more}")
        pytest.fail("\n".join(lines), pytrace=False)


def log_in(page, email: str, password: str):
    """Log in through the form of /compte/connexion/ and wait for the page it leads to."""
    visit(page, "/compte/connexion/")
    page.get_by_label(re.compile("Adresse électronique")).fill(email)
    page.locator('input[name="password"]').fill(password)
    return follow(page, page.locator('form:has(input[name="password"]) [type="submit"]'))


def main_menu_link(page, label: str):
    """The link `label` of the main menu (DSFR header navigation)."""
    return page.get_by_role("navigation", name="Menu principal").get_by_role("link", name=label, exact=True)
