from django.urls import path

from sps.www.pilotage import (
    actions,
    declared,
    editions,
    examples,
    grid,
    indicators,
    invitations,
    press,
    resources,
    syntheses,
    territory_actions,
    views,
)

app_name = "pilotage"

urlpatterns = [
    path("", views.home, name="home"),
    path("etablissements/", views.school_list, name="school_list"),
    path("bassins/", views.bassin_list, name="bassin_list"),
    path("bassins/<int:pk>/", views.bassin_detail, name="bassin_detail"),
    path("annuaire/", views.directory_upload, name="directory_upload"),
    path("invitations/", invitations.invite, name="invitations"),
    path("editions/", editions.edition_list, name="edition_list"),
    path("editions/campagnes/nouvelle/", editions.campaign_open, name="campaign_open"),
    path("editions/<int:pk>/", editions.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/modifier/", editions.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/publier/", editions.edition_publish, name="edition_publish"),
    path("editions/<int:pk>/moderation/", editions.edition_moderation, name="edition_moderation"),
    path("editions/<str:school_year>/<slug:academy_slug>/nouvelle/", editions.edition_create, name="edition_create"),
    path("editions/<str:school_year>/<slug:academy_slug>/copier/", editions.edition_copy, name="edition_copy"),
    path("a-traiter/", actions.action_queue, name="action_queue"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/export/", actions.action_export, name="action_export"),
    path("actions/lot/", actions.action_bulk, name="action_bulk"),
    path("actions/sans-action/", actions.schools_without_actions, name="schools_without_action"),
    path("actions/nouvelle/", territory_actions.action_declare, name="action_declare"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", territory_actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/bilan/photos/<int:photo_pk>/", actions.bilan_photo, name="bilan_photo"),
    path("actions/<int:pk>/bilan/supports/<int:support_pk>/", actions.bilan_support, name="bilan_support"),
    path("actions/<int:pk>/statut/", actions.action_transition, name="action_transition"),
    path("actions/<int:pk>/mise-en-avant/", actions.action_flags, name="action_flags"),
    path("actions/<int:pk>/rouvrir/", actions.action_reopen, name="action_reopen"),
    path("actions/<int:pk>/commenter/", actions.action_comment, name="action_comment"),
    path("actions/<int:pk>/note/", actions.action_note, name="action_note"),
    path("actions/<int:pk>/modele/", actions.action_make_model, name="action_make_model"),
    path("idees/", actions.idea_list, name="idea_list"),
    path("idees/nouveau/", actions.idea_create, name="idea_create"),
    path("idees/<int:pk>/modifier/", actions.idea_edit, name="idea_edit"),
    path("idees/<int:pk>/retirer/", actions.idea_retire, name="idea_retire"),
    path("kit/", resources.kit_index, name="kit_index"),
    path("kit/national/", resources.national_kit, name="national_kit"),
    path("kit/national/ajouter/", resources.national_resource_add, name="national_resource_add"),
    path("kit/ressources/<int:pk>/modifier/", resources.resource_edit, name="resource_edit"),
    path("kit/ressources/<int:pk>/publier/", resources.resource_publish, name="resource_publish"),
    path("kit/ressources/<int:pk>/retirer/", resources.resource_retire, name="resource_retire"),
    path("editions/<int:pk>/kit/", resources.edition_kit, name="edition_kit"),
    path("editions/<int:pk>/kit/ajouter/", resources.resource_add, name="resource_add"),
    path("editions/<int:pk>/kit/couleurs/", resources.edition_branding, name="edition_branding"),
    path("syntheses/chiffres-declares/", declared.declared_figures_upload, name="declared_figures_upload"),
]

from sps.www.pilotage import events  # noqa: E402

urlpatterns += [
    path("evenements/", events.event_list, name="event_list"),
    path("evenements/nouveau/", events.event_create, name="event_create"),
    path("evenements/<int:pk>/", events.event_detail, name="event_detail"),
    path("evenements/<int:pk>/modifier/", events.event_edit, name="event_edit"),
    path("evenements/<int:pk>/etat/", events.event_status, name="event_status"),
    path("evenements/<int:pk>/emargement/", events.event_attendance, name="event_attendance"),
    path("evenements/<int:pk>/export/", events.event_export, name="event_export"),
]

urlpatterns += [
    path("syntheses/", syntheses.synthesis_index, name="synthesis_index"),
    path("syntheses/<str:school_year>/", syntheses.national_synthesis, name="national_synthesis"),
    path("syntheses/<str:school_year>/modifier/", syntheses.national_synthesis_edit, name="national_synthesis_edit"),
    path(
        "syntheses/<str:school_year>/publication/",
        syntheses.national_synthesis_publication,
        name="national_synthesis_publication",
    ),
    path(
        "syntheses/<str:school_year>/telecharger/",
        syntheses.national_synthesis_download,
        name="national_synthesis_download",
    ),
    # Putting actions forward and the evaluation grid (before the académie's synthesis: « exemples »
    # and « grille » would otherwise read as an académie's slug).
    path("syntheses/<str:school_year>/exemples/", examples.national_examples, name="national_examples"),
    path("syntheses/<str:school_year>/exemples/<int:pk>/choix/", examples.example_decide_view, name="example_decide"),
    path(
        "syntheses/<str:school_year>/exemples/<int:pk>/banque-d-idees/",
        examples.example_to_idea_bank_view,
        name="example_to_idea_bank",
    ),
    path("syntheses/<str:school_year>/grille/", grid.national_grid, name="national_grid"),
    path("syntheses/<str:school_year>/grille/criteres/", grid.grid_criteria_view, name="grid_criteria"),
    path("syntheses/<str:school_year>/<slug:academy_slug>/", syntheses.academy_synthesis, name="academy_synthesis"),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/exemples/",
        examples.academy_examples,
        name="academy_examples",
    ),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/exemples/<int:pk>/proposer/",
        examples.example_propose_view,
        name="example_propose",
    ),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/exemples/<int:pk>/retirer/",
        examples.example_withdraw_view,
        name="example_withdraw",
    ),
    path("syntheses/<str:school_year>/<slug:academy_slug>/grille/", grid.academy_grid, name="academy_grid"),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/modifier/",
        syntheses.academy_synthesis_edit,
        name="academy_synthesis_edit",
    ),
    path("syntheses/<str:school_year>/<slug:academy_slug>/axes/", syntheses.synthesis_axes, name="synthesis_axes"),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/publication/",
        syntheses.academy_synthesis_publication,
        name="academy_synthesis_publication",
    ),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/telecharger/",
        syntheses.academy_synthesis_download,
        name="academy_synthesis_download",
    ),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/chiffres-declares/",
        declared.declared_figures_edit,
        name="declared_figures_edit",
    ),
    path("syntheses/<str:school_year>/<slug:academy_slug>/dossier-de-presse/", press.press_kit, name="press_kit"),
    path(
        "syntheses/<str:school_year>/<slug:academy_slug>/dossier-de-presse/telecharger/",
        press.press_kit_download,
        name="press_kit_download",
    ),
]

# The prizes of an edition (sps/www/pilotage/prizes.py, docs/prizes.md).
from sps.www.pilotage import prizes  # noqa: E402

urlpatterns += [
    path("editions/<int:pk>/prix/", prizes.prize_setup, name="prize_setup"),
    path("editions/<int:pk>/prix/jures/", prizes.prize_juror_add, name="prize_juror_add"),
    path("editions/<int:pk>/prix/jures/<int:juror_pk>/retirer/", prizes.prize_juror_remove, name="prize_juror_remove"),
    path("editions/<int:pk>/prix/resultats/", prizes.prize_results, name="prize_results"),
    path("editions/<int:pk>/prix/resultats/publier/", prizes.prize_jury_publish, name="prize_jury_publish"),
]

urlpatterns += [
    path("indicateurs/", indicators.indicators_home, name="indicators_home"),
    path("indicateurs/<str:school_year>/", indicators.indicators_national, name="indicators_national"),
    path(
        "indicateurs/<str:school_year>/academie/<slug:academy_slug>/",
        indicators.indicators_academy,
        name="indicators_academy",
    ),
    path(
        "indicateurs/<str:school_year>/departement/<str:code>/",
        indicators.indicators_department,
        name="indicators_department",
    ),
    path("indicateurs/<str:school_year>/bassin/<int:pk>/", indicators.indicators_bassin, name="indicators_bassin"),
]
