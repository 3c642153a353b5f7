from django.urls import path

from sps.www.pilotage import actions, editions, invitations, views

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
    path("editions/<str:school_year>/<slug:academy_slug>/nouvelle/", editions.edition_create, name="edition_create"),
    path("editions/<str:school_year>/<slug:academy_slug>/copier/", editions.edition_copy, name="edition_copy"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/export/", actions.action_export, name="action_export"),
    path("actions/lot/", actions.action_bulk, name="action_bulk"),
    path("actions/sans-action/", actions.schools_without_actions, name="schools_without_action"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
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
]
