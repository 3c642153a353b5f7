from django.urls import path

from sps.www.espace import actions, ideas, kit, posters, views

app_name = "espace"

urlpatterns = [
    path("", views.home, name="home"),
    path("actions/nouvelle/", actions.action_declare, name="action_declare"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/soumettre/", actions.action_submit, name="action_submit"),
    path("actions/<int:pk>/retirer/", actions.action_withdraw, name="action_withdraw"),
    path("actions/<int:pk>/commenter/", actions.action_comment, name="action_comment"),
    path("actions/<int:pk>/reconduire/", actions.action_reconduct, name="action_reconduct"),
    path("actions/<int:pk>/bilan/", actions.action_bilan, name="action_bilan"),
    path("actions/<int:pk>/bilan/photos/", actions.bilan_photo_add, name="bilan_photo_add"),
    path("actions/<int:pk>/bilan/supports/", actions.bilan_support_add, name="bilan_support_add"),
    path("actions/<int:pk>/bilan/supports/<int:support_pk>/", actions.bilan_support, name="bilan_support"),
    path("actions/<int:pk>/bilan/photos/<int:photo_pk>/", actions.bilan_photo, name="bilan_photo"),
    path(
        "actions/<int:pk>/bilan/photos/<int:photo_pk>/supprimer/",
        actions.bilan_photo_remove,
        name="bilan_photo_remove",
    ),
    path("idees/", ideas.idea_list, name="idea_list"),
    path("idees/<slug:slug>/", ideas.idea_detail, name="idea_detail"),
    path("idees/<slug:slug>/utiliser/", ideas.idea_use, name="idea_use"),
    path("kit/", kit.kit, name="kit"),
    path("kit/ressources/<int:pk>/", kit.resource_download, name="resource_download"),
    path("fiches/<int:pk>/affiche/", posters.action_poster, name="action_poster"),
    path("fiches/<int:pk>/invitation/", posters.action_invitation, name="action_invitation"),
]
