import datetime

import factory
from django.utils import timezone

from sps.actions.enums import ActionStatus, IdeaCategory, Level, PromotionKind, Public
from sps.actions.models import Action, Bilan, IdeaModel, Occurrence, Partner
from tests.editions.factories import CampaignFactory, EditionFactory


class ActionFactory(factory.django.DjangoModelFactory):
    """A complete fiche (every required field filled, one temps fort on the week's Monday), a draft.

    Traits: `submitted`, `changes_requested`, `validated`, `published`, `refused`, `withdrawn`
    (each with the timestamps of the steps before it). `schools=[...]` sets the carrying schools;
    `occurrences=[]` leaves out the temps fort.
    """

    class Meta:
        model = Action
        skip_postgeneration_save = True

    edition = factory.SubFactory(
        EditionFactory, published=True, campaign=factory.SubFactory(CampaignFactory, school_year="2026-2027")
    )
    title = factory.Sequence(lambda n: f"Fête des réussites {n}")
    description = "Les élèves montrent à leurs familles ce qu'ils ont réussi cette année, par le théâtre et la musique."
    publics = [Public.PUPILS, Public.PARENTS]
    levels = [Level.SIXIEME, Level.CINQUIEME]
    classes = "Toutes les classes de 6e"
    organisation = "Les élèves présentent leurs réussites lors d'un temps festif.\n- théâtre\n- musique"
    objectives = "Valoriser les réussites des élèves."
    steering = "Le chef d'établissement et le référent décrochage."
    success_factors = "Préparer bien en amont, soigner la communication."
    promotion = "Affiches, invitations aux parents, photos."
    promotion_kind = PromotionKind.FESTIVE
    contact_name = "Claire Dumas"
    contact_email = "claire.dumas@ac-test.fr"
    contact_role = "Principale"

    class Params:
        submitted = factory.Trait(status=ActionStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))
        changes_requested = factory.Trait(
            status=ActionStatus.CHANGES_REQUESTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        validated = factory.Trait(
            status=ActionStatus.VALIDATED,
            submitted_at=factory.LazyFunction(timezone.now),
            validated_at=factory.LazyFunction(timezone.now),
        )
        published = factory.Trait(
            status=ActionStatus.PUBLISHED,
            submitted_at=factory.LazyFunction(timezone.now),
            validated_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )
        refused = factory.Trait(status=ActionStatus.REFUSED, refusal_reason="Hors sujet.")
        withdrawn = factory.Trait(status=ActionStatus.WITHDRAWN)

    @factory.post_generation
    def schools(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.schools.set(extracted)

    @factory.post_generation
    def occurrences(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            OccurrenceFactory(action=obj)
        else:
            for row in extracted:
                OccurrenceFactory(action=obj, **row)


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    action = factory.SubFactory(ActionFactory)
    date = factory.LazyAttribute(lambda o: o.action.edition.week_start)
    start_time = datetime.time(14, 0)
    end_time = datetime.time(16, 0)
    place = "Salle polyvalente"
    is_public = True


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Association {n}")
    kind = "association"


class IdeaModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaModel

    slug = factory.Sequence(lambda n: f"modele-{n}")
    title = factory.Sequence(lambda n: f"Philo pour tous {n}")
    category = IdeaCategory.CLASSROOM
    publics = [Public.PUPILS]
    levels = [Level.TROISIEME, Level.SECONDE]
    organisation = "Un atelier philo par semaine."
    objectives = "Offrir un espace de parole."
    steering = "Un enseignant, le professeur documentaliste."
    success_factors = "Se former à l'animation d'ateliers philo."
    promotion = "Une affiche des citations des élèves."
    promotion_kind = PromotionKind.EXHIBITION


class BilanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bilan

    action = factory.SubFactory(ActionFactory, published=True)
