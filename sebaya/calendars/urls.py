from django.urls import path

from . import views

app_name = "calendars"
urlpatterns = [
    path("calendar/", views.calendar_page, name="page"),
    path("calendar/new/", views.calendar_create, name="create"),
    path("calendar/revoke/", views.calendar_revoke, name="revoke"),
    # The slug converter's alphabet is exactly that of secrets.token_urlsafe.
    path("calendar/<slug:token>.ics", views.member_feed, name="member_feed"),
    path("c/<slug:slug>/calendar.ics", views.community_feed, name="community_feed"),
    path("c/<slug:slug>/sessions/<int:meetup_id>.ics", views.meetup_ics, name="meetup_ics"),
]
