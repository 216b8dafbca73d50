from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("c/<slug:slug>/venues/", views.venue_list, name="list"),
    path("c/<slug:slug>/venues/new/", views.venue_new, name="new"),
    path("c/<slug:slug>/venues/<int:venue_id>/", views.venue_detail, name="detail"),
    path("c/<slug:slug>/venues/<int:venue_id>/edit/", views.venue_edit, name="edit"),
]
