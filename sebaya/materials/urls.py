from django.urls import path

from . import views

app_name = "materials"
urlpatterns = [
    path("materials/", views.commons, name="commons"),
    path("materials/<int:material_id>/", views.material_detail, name="detail"),
    path("materials/<int:material_id>/edit/", views.material_edit, name="edit"),
    path("materials/<int:material_id>/delete/", views.material_delete, name="delete"),
    path("materials/<int:material_id>/download/", views.material_download, name="download"),
    path("materials/<int:material_id>/thumbnail/", views.material_thumbnail, name="thumbnail"),
    path("materials/<int:material_id>/versions/", views.material_versions, name="versions"),
    path("materials/<int:material_id>/versions/<int:number>/restore/", views.material_restore, name="restore"),
    path(
        "materials/<int:material_id>/versions/<int:number>/download/",
        views.material_version_download,
        name="version_download",
    ),
    path("materials/<int:material_id>/vote/", views.material_vote, name="vote"),
    path("materials/<int:material_id>/attach/", views.material_attach, name="attach"),
    path("c/<slug:slug>/materials/", views.community_materials, name="community"),
    path("c/<slug:slug>/materials/new/", views.material_new, name="new"),
    path(
        "c/<slug:slug>/sessions/<int:meetup_id>/materials/<int:material_id>/detach/",
        views.material_detach,
        name="detach",
    ),
    path("paths/", views.paths, name="paths"),
    path("paths/<int:path_id>/", views.path_detail, name="path_detail"),
    path("paths/<int:path_id>/steps/", views.path_step_add, name="path_step_add"),
    path("paths/<int:path_id>/steps/<int:step_id>/remove/", views.path_step_remove, name="path_step_remove"),
    path("paths/<int:path_id>/steps/<int:step_id>/tick/", views.path_tick, name="path_tick"),
    path("c/<slug:slug>/paths/new/", views.path_new, name="path_new"),
]
