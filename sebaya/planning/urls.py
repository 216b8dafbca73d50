from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("c/<slug:slug>/plan/", views.plan_index, name="index"),
    path("c/<slug:slug>/plan/start/", views.plan_start, name="start"),
    path("c/<slug:slug>/plan/<int:run_id>/", views.plan_detail, name="detail"),
    path("c/<slug:slug>/plan/<int:run_id>/progress/", views.plan_progress, name="progress"),
    path("c/<slug:slug>/plan/<int:run_id>/publish/", views.plan_publish, name="publish"),
]
