import pytest
from django.template.loader import render_to_string

from sps.actions.enums import ActionStatus
from sps.actions.models import Action


@pytest.mark.parametrize(
    "status, css",
    [
        (ActionStatus.DRAFT, "fr-badge--new"),
        (ActionStatus.CHANGES_REQUESTED, "fr-badge--warning"),
        (ActionStatus.PUBLISHED, "fr-badge--success"),
        (ActionStatus.REFUSED, "fr-badge--error"),
    ],
)
def test_status_badge_shows_the_french_label_with_its_colour(status, css):
    html = render_to_string("components/_status_badge.html", {"action": Action(status=status), "small": True})
    assert css in html and "fr-badge--sm" in html
    assert ActionStatus(status).label in html


def test_every_status_has_a_badge():
    from sps.www.common.templatetags.status_badges import STATUS_BADGES

    assert set(STATUS_BADGES) == set(ActionStatus.values)
