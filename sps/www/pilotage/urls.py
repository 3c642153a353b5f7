from django.urls import path

from sps.www.pilotage import invitations, views

app_name = "pilotage"

urlpatterns = [
    path("", views.home, name="home"),
    path("invitations/", invitations.invite, name="invitations"),
]
