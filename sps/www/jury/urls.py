from django.urls import path

from sps.www.jury import views

app_name = "jury"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:prize_pk>/", views.prize_actions, name="prize_actions"),
    path("<int:prize_pk>/actions/<int:action_pk>/", views.score, name="score"),
]
