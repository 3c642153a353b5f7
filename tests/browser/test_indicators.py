"""An académie pilot opens their académie's indicators from the Pilotage menu and follows a figure
to the fiches behind it. Every page is checked with axe."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sps.accounts.enums import Role
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.browser.helpers import assert_accessible, follow, log_in
from tests.syntheses.test_indicators import build_world

pytestmark = pytest.mark.browser
# Set SPS_SCREENSHOTS=/some/dir to keep screenshots of the pages (to look at them).
SHOTS = os.environ.get("SPS_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_a_pilot_follows_a_figure_of_the_dashboard_to_its_fiches(page, reference):
    world = build_world()
    pilot = UserFactory(email="pilote.creteil@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, world.creteil)
    log_in(page, pilot.email, PASSWORD)
    follow(page, page.get_by_role("link", name="Indicateurs", exact=True))
    expect(page.locator("h1")).to_have_text("Indicateurs 2025-2026 — Académie de Créteil")
    expect(page.locator("#key-figures")).to_contain_text("40,0\u00a0%")
    expect(page.locator("#table-participants")).to_contain_text("N.C.")
    expect(page.locator("#zones-blanches + div")).to_contain_text("Bassin B (94)")
    assert_accessible(page)
    _shot(page, "indicators-academy")

    follow(page, page.get_by_role("link", name=re.compile(r"^4 actions publiées")))
    expect(page.locator("h1")).to_have_text("Fiches actions de mon territoire")
    expect(page.locator("caption").first).to_have_text("Fiches actions (4)")
    expect(page.locator("#indicator-filters")).to_contain_text("Campagne")
    assert_accessible(page)
    _shot(page, "indicators-fiches")

    page.go_back()
    follow(page, page.get_by_role("link", name=re.compile(r"REP\+, établissements impliqués")))
    expect(page.locator("caption").first).to_have_text("Fiches actions (2)")
    expect(page.locator("#indicator-filters")).to_contain_text("REP+")
    assert not page.console_errors


def test_the_national_pilot_compares_the_academies_and_opens_one(page, reference):
    build_world()
    national = UserFactory(email="national@example.fr")
    grant(national, Role.NATIONAL_PILOT)
    log_in(page, national.email, PASSWORD)
    follow(page, page.get_by_role("link", name="Indicateurs", exact=True))
    expect(page.locator("h1")).to_have_text("Indicateurs 2025-2026 — France entière")
    expect(page.locator("#table-comparison")).to_contain_text("Strasbourg")
    assert_accessible(page)
    _shot(page, "indicators-national")
    follow(page, page.locator("#table-comparison").get_by_role("link", name="Rennes", exact=True))
    expect(page.locator("h1")).to_have_text("Indicateurs 2025-2026 — Académie de Rennes")
    assert_accessible(page)
    assert not page.console_errors
