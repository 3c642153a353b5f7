"""Print a bassin's programme (the page, then its PDF through the generated file's page), and the
widget embedded in a plain HTML page of another site (framing allowed for the widget only)."""

import datetime
import functools
import http.server
import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sps.catalogue import index
from tests.actions.factories import ActionFactory
from tests.browser.helpers import assert_accessible, follow, visit
from tests.editions.factories import CampaignFactory, EditionFactory, add_themes
from tests.schools.factories import SchoolFactory
from tests.territories.factories import AcademyFactory, BassinFactory, DepartmentFactory

pytestmark = pytest.mark.browser
# Set SPS_SCREENSHOTS=/some/dir to keep screenshots of the pages (to look at them).
SHOTS = os.environ.get("SPS_SCREENSHOTS")


@pytest.fixture
def bassin(transactional_db):
    academy = AcademyFactory(name="Créteil", slug="creteil-test")
    department = DepartmentFactory(academy=academy, name="Val-de-Marne", code="94")
    bassin = BassinFactory(department=department, name="Bassin Ouest")
    edition = EditionFactory(academy=academy, campaign=CampaignFactory(school_year="2026-2027"), published=True)
    add_themes(edition)
    rows = [
        ("Théâtre forum", "Fresnes", 1, 14, True),
        ("Café des parents", "Arcueil", 1, 8, False),
        ("Chaîne humaine « Lâche pas l'école »", "Fresnes", 3, 10, False),
        ("Carnet de réussites", "Cachan", None, None, False),
    ]
    ids = []
    for title, commune, day, hour, flagship in rows:
        school = SchoolFactory(department=department, bassin=bassin, commune=commune)
        occurrences = (
            [
                {
                    "date": edition.week_start + datetime.timedelta(days=day),
                    "start_time": datetime.time(hour),
                    "end_time": datetime.time(hour + 2),
                    "place": f"Gymnase de {commune}",
                    "is_public": True,
                }
            ]
            if day is not None
            else []
        )
        action = ActionFactory(
            published=True,
            edition=edition,
            schools=[school],
            title=title,
            description="Les élèves et leurs familles se retrouvent autour d'un projet commun.",
            is_flagship=flagship,
            occurrences=occurrences,
        )
        ids.append(action.pk)
    index.index_actions(ids)
    return bassin


def _shot(page, name, **options):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True, **options)


def test_print_a_bassins_programme(page, bassin):
    visit(page, f"/programme/imprimer/?bassin={bassin.pk}&edition=2026-2027")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Mardi 16 mars 2027")).to_be_visible()
    expect(page.get_by_role("heading", name="Théâtre forum")).to_be_visible()
    expect(page.get_by_role("heading", name="Tout au long de la semaine")).to_be_visible()
    assert_accessible(page)
    _shot(page, "programme-screen")
    page.emulate_media(media="print")
    expect(page.locator("header.fr-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Télécharger le PDF")).to_be_hidden()
    _shot(page, "programme-print")
    page.emulate_media(media="screen")
    follow(page, page.get_by_role("button", name="Télécharger le PDF"))
    expect(page).to_have_url(re.compile(r"/fichiers/\d+/$"))
    link = page.get_by_role("link", name=re.compile(r"Télécharger programme-bassin-ouest-2026-2027\.pdf"))
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_the_print_button_works_under_the_real_csp(strict_page, bassin):
    page = strict_page
    visit(page, f"/programme/imprimer/?bassin={bassin.pk}&edition=2026-2027")
    # print.js (a static file with the nonce) reveals the button: no console error, nothing refused.
    expect(page.get_by_role("button", name="Imprimer cette page")).to_be_visible()
    assert page.console_errors == []


@pytest.fixture
def other_site(tmp_path, live_server, bassin):
    """A plain HTML page served from another origin (127.0.0.1 vs the live server's localhost),
    framing the widget and, to compare, an ordinary page of the site."""
    base = live_server.url
    (tmp_path / "index.html").write_text(
        f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Site de l'académie</title></head>
<body><main><h1>Le site de l'académie</h1>
<iframe id="widget" title="Programme de la Semaine" width="100%" height="500"
  src="{base}/programme/widget/?bassin={bassin.pk}"></iframe>
<iframe id="other" title="Une autre page" width="100%" height="200" src="{base}/programme/"></iframe>
</main></body></html>""",
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_the_widget_embedded_in_another_site(page, other_site):
    page.goto(other_site)
    widget = page.frame_locator("#widget")
    expect(widget.get_by_role("link", name=re.compile("Théâtre forum"))).to_be_visible()
    expect(widget.get_by_text("4 actions publiées")).to_be_visible()
    link = widget.get_by_role("link", name=re.compile("Théâtre forum"))
    assert link.get_attribute("target") == "_blank"
    # Any other page of the site refuses to be framed: its frame stays empty of the site's content.
    other = page.frame_locator("#other")
    expect(other.get_by_role("heading", name="Programme de la Semaine")).to_have_count(0)
    _shot(page, "widget-embedded")
    assert_accessible(page)


def test_the_widget_page_is_accessible(page, bassin):
    visit(page, f"/programme/widget/?bassin={bassin.pk}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
