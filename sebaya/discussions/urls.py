from django.urls import path

from . import views

app_name = "discussions"
urlpatterns = [
    path("family/discussions/", views.family, name="family"),
    path("discussions/new/", views.thread_new_about_material, name="new_about_material"),
    path("c/<slug:slug>/discussions/", views.thread_list, name="list"),
    path("c/<slug:slug>/discussions/new/", views.thread_new, name="new"),
    path("c/<slug:slug>/discussions/<int:thread_id>/", views.thread_detail, name="detail"),
    path("c/<slug:slug>/discussions/<int:thread_id>/reply/", views.reply, name="reply"),
    path("c/<slug:slug>/discussions/<int:thread_id>/follow/", views.subscribe, name="subscribe"),
    path("c/<slug:slug>/discussions/<int:thread_id>/resolve/", views.resolve, name="resolve"),
    path("c/<slug:slug>/discussions/<int:thread_id>/posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path(
        "c/<slug:slug>/discussions/<int:thread_id>/posts/<int:post_id>/delete/", views.post_delete, name="post_delete"
    ),
]
