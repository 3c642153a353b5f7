"""The « À traiter » queue in Chromium on the demo: a relay (fiches for their opinion, no bulk
button) and the Créteil pilot (validates from the queue, reads the report), each page checked with axe."""

import pytest

from sps.actions.enums import ActionStatus
from sps.actions.models import Action
from sps.demo.services import DEMO_PASSWORD, demo_load
from tests.browser.helpers import assert_accessible, follow, log_in, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    demo_load()


def test_queue_as_a_relay(page, demo):
    log_in(page, "relais.bassin@demo.sps.test", DEMO_PASSWORD)
    visit(page, "/pilotage/a-traiter/")
    assert page.get_by_role("heading", name="À traiter", level=1).is_visible()
    assert page.locator("tbody tr").count() == int(page.locator("#nav-queue-count").inner_text().split()[0])
    assert page.get_by_role("button", name="Valider les fiches cochées").count() == 0
    assert "l'académie n'a pas délégué la validation aux relais de bassin" in page.content().replace("&#x27;", "'")
    assert_accessible(page)


def test_queue_as_the_academy_pilot_validates_and_reads_the_report(page, demo):
    log_in(page, "pilote.creteil@demo.sps.test", DEMO_PASSWORD)
    visit(page, "/pilotage/a-traiter/")
    assert_accessible(page)
    row = page.locator("tbody tr", has_text="Soumise").first
    pk = int(row.locator("input[type=checkbox]").get_attribute("value"))
    row.locator("input[type=checkbox]").check(force=True)
    follow(page, page.get_by_role("button", name="Valider les fiches cochées"))
    report = page.locator("#bulk-report")
    assert report.is_visible() and "1 fiche validée sur 1" in report.inner_text()
    assert page.locator(f'table a[href="/pilotage/actions/{pk}/"]').count() >= 1
    assert Action.objects.get(pk=pk).status == ActionStatus.VALIDATED
    assert_accessible(page)
