from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("c/<slug:slug>/plan/", views.plan_index, name="index"),
    path("c/<slug:slug>/plan/start/", views.plan_start, name="start"),
    path("c/<slug:slug>/plan/<int:run_id>/", views.plan_detail, name="detail"),
    path("c/<slug:slug>/plan/<int:run_id>/progress/", views.plan_progress, name="progress"),
    path("c/<slug:slug>/plan/<int:run_id>/pin/", views.session_pin, name="pin"),
    path("c/<slug:slug>/plan/<int:run_id>/remove/", views.session_remove, name="remove"),
    path("c/<slug:slug>/plan/<int:run_id>/move/", views.session_move, name="move"),
    path("c/<slug:slug>/plan/<int:run_id>/replan/", views.plan_replan, name="replan"),
    path("c/<slug:slug>/plan/<int:run_id>/check/", views.plan_check, name="check"),
    path("c/<slug:slug>/plan/<int:run_id>/publish/", views.plan_publish, name="publish"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/decline/", views.assignment_decline, name="decline"),
]
