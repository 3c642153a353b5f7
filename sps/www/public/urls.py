from django.urls import path

from sps.www.public import editions, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", views.programme, name="programme"),
    path("etablissements/", views.school_search, name="school_search"),
    path("etablissements/<str:uai>/", views.school_detail, name="school_detail"),
    path("mentions-legales/", views.legal, name="legal"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("editions/", editions.edition_list, name="edition_list"),
    path("editions/<slug:academy_slug>/<str:school_year>/", editions.edition_detail, name="edition_detail"),
]

from sps.www.public import events  # noqa: E402

urlpatterns += [
    path("evenements/<int:pk>/", events.event_detail, name="event_detail"),
    path("evenements/inscription/<str:token>/", events.registration_detail, name="registration_detail"),
    path("evenements/inscription/<str:token>/annuler/", events.registration_cancel, name="registration_cancel"),
    path(
        "evenements/inscription/<str:token>/attestation/",
        events.registration_attestation,
        name="registration_attestation",
    ),
]
