from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sebaya.accounts.permissions import request_user

from . import services
from .models import EmailMute, Kind, Notification


class EmailSettingsForm(forms.Form):
    email = forms.MultipleChoiceField(
        label=gettext_lazy("Send me an e-mail when"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(user=request_user(request)), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()] or None
    services.mark_read(request_user(request), ids)
    return redirect("notifications:list")


@login_required
def email_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    muted = set(EmailMute.objects.filter(user=user).values_list("kind", flat=True))
    form = EmailSettingsForm(request.POST or None, initial={"email": [k for k in Kind.values if k not in muted]})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["email"])
        EmailMute.objects.filter(user=user, kind__in=wanted).delete()
        for kind in set(Kind.values) - wanted:
            EmailMute.objects.get_or_create(user=user, kind=kind)
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
