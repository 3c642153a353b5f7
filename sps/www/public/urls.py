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

# Open data (sps/www/public/open_data.py).
from sps.www.public import open_data  # noqa: E402

urlpatterns += [
    path("donnees/", open_data.open_data, name="open_data"),
    path("donnees/export/<slug:fmt>/", open_data.open_data_export, name="open_data_export"),
    path("donnees/fichiers/<int:pk>/", open_data.open_data_file, name="open_data_file"),
    path("donnees/fichiers/<int:pk>/telecharger/", open_data.open_data_file_download, name="open_data_file_download"),
]
