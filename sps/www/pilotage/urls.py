from django.urls import path

from sps.www.pilotage import editions, invitations, views

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
]
