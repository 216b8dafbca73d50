from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("c/<slug:slug>/report/<slug:kind>/<int:object_id>/", views.report_new, name="report"),
    path("me/reports/", views.mine, name="mine"),
    path("c/<slug:slug>/moderation/", views.queue, name="queue"),
    path("moderation/", views.instance_queue, name="instance_queue"),
    path("moderation/reports/<int:report_id>/", views.report_detail, name="report_detail"),
]
