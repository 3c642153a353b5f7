from django.urls import path

from sps.www.pilotage import views

app_name = "pilotage"

urlpatterns = [
    path("", views.home, name="home"),
]
