"""The public pages of the editions: the current campaign's editions, and one edition's page
(theme, dates, calendar, what to do now). Only published editions are shown."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from sps.editions.models import Campaign, Edition
from sps.prizes.models import Prize


@login_not_required
def edition_list(request):
    today = timezone.localdate()
    campaign = Campaign.objects.current(today)
    published = Edition.objects.published().select_related("campaign", "academy").order_by("academy__name")
    current = list(published.filter(campaign=campaign)) if campaign else []
    past = list(
        published.exclude(campaign=campaign).order_by("-campaign__school_year", "academy__name")
        if campaign
        else published.order_by("-campaign__school_year", "academy__name")
    )
    return render(
        request,
        "public/editions/edition_list.html",
        {"title": "Les éditions", "campaign": campaign, "current": current, "past": past, "today": today},
    )


@login_not_required
def edition_detail(request, academy_slug, school_year):
    edition = get_object_or_404(
        Edition.objects.published().with_calendar(), academy__slug=academy_slug, campaign__school_year=school_year
    )
    today = timezone.localdate()
    return render(
        request,
        "public/editions/edition_detail.html",
        {
            "title": f"{edition.title} {edition.campaign.school_year} — {edition.academy}",
            "edition": edition,
            "timeline": edition.timeline(today),
            "next_step": edition.next_step(today),
            "pilot_bassins": [p.bassin for p in edition.bassin_participations.all() if p.is_pilot],
            "other_bassins": [p.bassin for p in edition.bassin_participations.all() if not p.is_pilot],
            "prize": Prize.objects.filter(edition=edition).first(),
        },
    )
