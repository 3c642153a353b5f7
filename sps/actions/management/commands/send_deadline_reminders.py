"""Remind contributors of their unsubmitted fiches before the declaration deadline.

Run it daily (cron): it writes to each contributor of a school with a draft (or a fiche « à
modifier ») when the deadline is exactly one of --days away, once a day at most (DeadlineReminder).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sps.accounts.enums import Role
from sps.accounts.models import User
from sps.actions import notifications
from sps.actions.enums import CONTRIBUTOR_EDITABLE
from sps.actions.models import Action, DeadlineReminder
from sps.editions.enums import MilestoneKind
from sps.editions.models import Edition


class Command(BaseCommand):
    help = "Envoie le rappel de date limite aux porteurs qui ont des fiches non soumises."

    def add_arguments(self, parser):
        parser.add_argument("--days", default="7,1", help="Jours avant la date limite, séparés par des virgules (7,1).")

    def handle(self, *args, days, **options):
        try:
            wanted = {int(d) for d in days.split(",") if d.strip()}
        except ValueError as exc:
            raise CommandError("--days attend des nombres séparés par des virgules, par exemple 7,1.") from exc
        today = timezone.localdate()
        sent = 0
        editions = (
            Edition.objects.published()
            .filter(milestones__kind=MilestoneKind.DECLARATION_DEADLINE)
            .prefetch_related("milestones")
            .select_related("academy", "campaign")
        )
        for edition in editions.distinct():
            deadline = edition.declaration_deadline
            days_left = (deadline - today).days
            if days_left not in wanted:
                continue
            pending = list(
                Action.objects.filter(edition=edition, status__in=CONTRIBUTOR_EDITABLE)
                .prefetch_related("schools")
                .order_by("pk")
            )
            by_user: dict[int, list] = {}
            users: dict[int, User] = {}
            for action in pending:
                school_ids = [s.pk for s in action.schools.all()]
                people = list(
                    User.objects.filter(
                        is_active=True, roles__role=Role.SCHOOL_CONTRIBUTOR, roles__school_id__in=school_ids
                    ).distinct()
                )
                if action.created_by_id and action.created_by.is_active:
                    people.append(action.created_by)
                for user in people:
                    users[user.pk] = user
                    if action not in by_user.setdefault(user.pk, []):
                        by_user[user.pk].append(action)
            for user_id, actions in by_user.items():
                try:
                    with transaction.atomic():
                        DeadlineReminder.objects.create(edition=edition, user_id=user_id, sent_on=today)
                except IntegrityError:
                    continue  # already reminded today
                sent += notifications.send_deadline_reminder(
                    user=users[user_id], edition=edition, actions=actions, days_left=days_left
                )
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
