"""The academic and national syntheses list the prizes' winners once they are public (HTML and DOCX)."""

import io

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document

from sps.syntheses.document import build_synthesis
from sps.syntheses.docx import synthesis_docx
from tests.prizes.factories import JurorFactory, score

pytestmark = pytest.mark.django_db


def test_academic_synthesis_lists_the_published_winners(world):
    from sps.catalogue import index

    index.index_actions([world.mine.pk, world.theirs.pk, world.shared.pk])  # the syntheses count the catalogue
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    score(juror, world.theirs, 5, 4)
    campaign = world.edition.campaign
    [section] = build_synthesis(campaign=campaign, academy=world.creteil).sections
    assert section.prizes == []  # the palmarès is not public yet
    world.prize.jury_published_at = timezone.now()
    world.prize.save()
    document = build_synthesis(campaign=campaign, academy=world.creteil)
    [section] = document.sections
    assert len(section.prizes) == 1
    line = section.prizes[0]
    assert line.startswith("Prix du jury\u00a0: Café des parents, ") and line.endswith("(note moyenne 9,00)")
    html = render_to_string("syntheses/_document.html", {"document": document, "doc": document})
    assert "<h3>Prix</h3>" in html and "Café des parents" in html
    word = Document(io.BytesIO(synthesis_docx(document)))
    texts = [p.text for p in word.paragraphs]
    assert "Prix" in texts and line in texts
    # The national synthesis carries them too, in the académie's section.
    national = build_synthesis(campaign=campaign)
    [section] = [s for s in national.sections if s.academy == world.creteil]
    assert section.prizes == [line]
    assert all(s.prizes == [] for s in national.sections if s.academy != world.creteil)
    html = render_to_string("syntheses/_document.html", {"document": national, "doc": national})
    assert html.count("<h3>Prix</h3>") == 1 and line in html


def test_the_national_synthesis_does_not_show_a_palmares_before_it_is_public(world):
    from sps.catalogue import index

    index.index_actions([world.mine.pk, world.theirs.pk, world.shared.pk])
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    score(juror, world.theirs, 5, 4)
    national = build_synthesis(campaign=world.edition.campaign)
    assert all(s.prizes == [] for s in national.sections)
