from django.urls import path

from . import views

app_name = "meetups"
urlpatterns = [
    path("me/week/", views.my_week, name="my_week"),
    path("family/consents/", views.consents, name="consents"),
    path("family/consents/<int:rsvp_id>/", views.consent_decide, name="consent_decide"),
    path("c/<slug:slug>/sessions/", views.calendar, name="calendar"),
    path("c/<slug:slug>/sessions/new/", views.meetup_new, name="new"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/", views.meetup_detail, name="detail"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/edit/", views.meetup_edit, name="edit"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/publish/", views.meetup_publish, name="publish"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/cancel/", views.meetup_cancel, name="cancel"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/rsvp/", views.rsvp, name="rsvp"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/attendance/", views.attendance, name="attendance"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/check-in/", views.check_in, name="check_in"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/notes/", views.notes, name="notes"),
    path("c/<slug:slug>/sessions/<int:meetup_id>/feedback/", views.feedback, name="feedback"),
]
