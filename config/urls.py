from django.contrib import admin
from django.urls import include, path

from sebaya.accounts.views import set_language
from sebaya.communities.views import home

from .api import api

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("sebaya.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("sebaya.communities.urls")),
    path("", include("sebaya.skills.urls")),
    path("", include("sebaya.venues.urls")),
    path("", include("sebaya.meetups.urls")),
    path("", include("sebaya.planning.urls")),
    path("", include("sebaya.notifications.urls")),
    path("", include("sebaya.calendars.urls")),
    path("", include("sebaya.audit.urls")),
    path("", include("sebaya.materials.urls")),
    path("", include("sebaya.moderation.urls")),
    path("", include("sebaya.search.urls")),
    path("", include("sebaya.discussions.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
