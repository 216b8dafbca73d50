from django.urls import path

from . import views

app_name = "communities"
urlpatterns = [
    path("communities/", views.directory, name="directory"),
    path("communities/new/", views.community_new, name="new"),
    path("join/<str:token>/", views.invite_landing, name="invite_landing"),
    path("family/requests/<int:request_id>/", views.guardian_decide, name="guardian_decide"),
    path("c/<slug:slug>/", views.community_detail, name="detail"),
    path("c/<slug:slug>/edit/", views.community_edit, name="edit"),
    path("c/<slug:slug>/join/", views.community_join, name="join"),
    path("c/<slug:slug>/leave/", views.community_leave, name="leave"),
    path("c/<slug:slug>/members/", views.member_list, name="members"),
    path("c/<slug:slug>/members/<int:membership_id>/", views.member_detail, name="member_detail"),
    path("c/<slug:slug>/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("c/<slug:slug>/me/", views.my_profile, name="my_profile"),
    path("c/<slug:slug>/invites/", views.invites, name="invites"),
    path("c/<slug:slug>/invites/<int:invite_id>/revoke/", views.invite_revoke, name="invite_revoke"),
    path("c/<slug:slug>/requests/", views.join_requests, name="requests"),
    path("c/<slug:slug>/requests/<int:request_id>/", views.join_request_decide, name="request_decide"),
]
