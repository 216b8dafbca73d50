from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("accounts/activity/", views.my_activity, name="mine"),
    path("audit/", views.operator_log, name="log"),
]
