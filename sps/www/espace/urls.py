from django.urls import path

from sps.www.espace import views

app_name = "espace"

urlpatterns = [
    path("", views.home, name="home"),
]
