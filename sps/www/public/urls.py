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

# --- Printable programmes and the widget (sps/www/public/programme.py)
from sps.www.public import programme as programme_views  # noqa: E402

urlpatterns += [
    path("programme/imprimer/", programme_views.programme_print, name="programme_print"),
    path("programme/imprimer/pdf/", programme_views.programme_print_pdf, name="programme_print_pdf"),
    path("programme/widget/", programme_views.programme_widget, name="programme_widget"),
]
