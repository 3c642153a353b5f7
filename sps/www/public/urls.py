from django.urls import path

from sps.www.public import catalogue, editions, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", catalogue.catalogue, name="programme"),
    path("programme/academies/", views.programme, name="programme_academies"),
    path("etablissements/", views.school_search, name="school_search"),
    path("etablissements/<str:uai>/", views.school_detail, name="school_detail"),
    path("mentions-legales/", views.legal, name="legal"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("editions/", editions.edition_list, name="edition_list"),
    path("editions/<slug:academy_slug>/<str:school_year>/", editions.edition_detail, name="edition_detail"),
]

# The public programme (sps/www/public/catalogue.py): « programme » is the catalogue; the académie
# list that stood there moved to « programme/academies/ ».
urlpatterns += [
    path("programme/actions/<int:pk>/", catalogue.action_detail, name="action_detail"),
    path("programme/actions/<int:pk>/photos/<int:photo_pk>/", catalogue.action_photo, name="action_photo"),
]

# The map, the calendar and the iCalendar feeds of the programme (sps/www/public/map.py, agenda.py).
from sps.www.public import agenda  # noqa: E402
from sps.www.public import map as department_map  # noqa: E402

urlpatterns += [
    path("programme/carte/", department_map.department_map, name="map"),
    path("programme/calendrier/", agenda.calendar, name="calendar"),
    path("programme/agenda.ics", agenda.agenda_ics, name="agenda_ics"),
    path(
        "programme/actions/<int:action_id>/temps-forts/<int:occurrence_id>.ics",
        agenda.occurrence_ics,
        name="occurrence_ics",
    ),
]

# --- Printable programmes and the widget (sps/www/public/programme.py)
from sps.www.public import programme as programme_views  # noqa: E402

urlpatterns += [
    path("programme/imprimer/", programme_views.programme_print, name="programme_print"),
    path("programme/imprimer/pdf/", programme_views.programme_print_pdf, name="programme_print_pdf"),
    path("programme/widget/", programme_views.programme_widget, name="programme_widget"),
]

# Open data (sps/www/public/open_data.py).
from sps.www.public import open_data  # noqa: E402

urlpatterns += [
    path("donnees/", open_data.open_data, name="open_data"),
    path("donnees/export/<slug:fmt>/", open_data.open_data_export, name="open_data_export"),
    path("donnees/fichiers/<int:pk>/", open_data.open_data_file, name="open_data_file"),
    path("donnees/fichiers/<int:pk>/telecharger/", open_data.open_data_file_download, name="open_data_file_download"),
]

from sps.www.public import events  # noqa: E402

urlpatterns += [
    path("evenements/<int:pk>/", events.event_detail, name="event_detail"),
    path("evenements/<int:pk>/sessions/<int:session_id>.ics", agenda.session_ics, name="session_ics"),
    path("evenements/inscription/<str:token>/", events.registration_detail, name="registration_detail"),
    path("evenements/inscription/<str:token>/annuler/", events.registration_cancel, name="registration_cancel"),
    path(
        "evenements/inscription/<str:token>/attestation/",
        events.registration_attestation,
        name="registration_attestation",
    ),
]

# The public prize: the vote from a fiche, its confirmation link, the results (sps/www/public/prizes.py).
from sps.www.public import prizes  # noqa: E402

urlpatterns += [
    path("programme/actions/<int:pk>/voter/", prizes.vote, name="prize_vote"),
    path("prix/vote/<str:token>/", prizes.vote_confirm, name="prize_vote_confirm"),
    path("editions/<slug:academy_slug>/<str:school_year>/prix/", prizes.prize_results, name="prize_results"),
]
