from django.urls import path

from . import views

app_name = "skills"
urlpatterns = [
    path("skills/", views.catalogue, name="catalogue"),
    path("c/<slug:slug>/skills/new/", views.community_skill_new, name="community_skill_new"),
    path("c/<slug:slug>/me/teach/", views.teach_add, name="teach_add"),
    path("c/<slug:slug>/me/teach/<int:item_id>/remove/", views.teach_remove, name="teach_remove"),
    path("c/<slug:slug>/me/learn/", views.learn_add, name="learn_add"),
    path("c/<slug:slug>/me/learn/<int:item_id>/remove/", views.learn_remove, name="learn_remove"),
]
