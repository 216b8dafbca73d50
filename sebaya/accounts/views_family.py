"""Pages of a guardian for their child, the child's one-time log-in, and a person's data rights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sebaya.core.errors import ServiceError

from . import privacy, services
from .forms import ChildPasswordForm, ChildSettingsForm, CoGuardianForm, ConfirmPasswordForm
from .models import DataExport, User
from .overview import child_overview
from .permissions import get_child_for_guardian, get_guardianship_of_child, get_own_export, request_user

BACKEND = "sebaya.accounts.backends.EmailOrUsernameBackend"


def _settings_form(child: User, data: Any = None, standing: set[int] | None = None) -> ChildSettingsForm:
    communities = list(child.memberships.order_by("community__name").values_list("community_id", "community__name"))
    if standing is None:
        standing = set(child.standing_consents.values_list("community_id", flat=True))
    return ChildSettingsForm(
        data,
        communities=communities,
        initial={"show_full_name": child.show_full_name, "auto_consent": [str(pk) for pk in standing]},
    )


def _child_page(request: HttpRequest, child: User, status: int = 200, **extra: Any) -> HttpResponse:
    overview = child_overview(child)
    context = {
        "child": child,
        **overview,
        "settings_form": _settings_form(child, standing=overview["standing"]),
        "invite_form": CoGuardianForm(),
        "exports": DataExport.objects.filter(subject=child, requested_by=request_user(request)),
        **extra,
    }
    return render(request, "accounts/child_detail.html", context, status=status)


@login_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    return _child_page(request, get_child_for_guardian(request_user(request), child_id))


@login_required
@require_POST
def child_login_link(request: HttpRequest, child_id: int) -> HttpResponse:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    try:
        _link, raw = services.child_login_link_create(guardian=guardian, child=child)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("accounts:child_detail", child.pk)
    url = request.build_absolute_uri(reverse("accounts:login_link", args=[raw]))
    return _child_page(request, child, login_url=url)


@login_required
def child_password(request: HttpRequest, child_id: int) -> HttpResponse:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    form = ChildPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.child_password_set(guardian=guardian, child=child, password=form.cleaned_data["password1"])
        messages.success(request, _("%(name)s's new password is set.") % {"name": child.display_name})
        return redirect("accounts:child_detail", child.pk)
    return render(request, "accounts/child_password.html", {"child": child, "form": form})


@login_required
@require_POST
def child_guardian_invite(request: HttpRequest, child_id: int) -> HttpResponse:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    form = CoGuardianForm(request.POST)
    if not form.is_valid():
        return _child_page(request, child, status=400, invite_form=form)
    try:
        services.coguardian_invite(guardian=guardian, child=child, email=form.cleaned_data["email"])
    except ServiceError as e:
        form.add_error("email", e.message)
        return _child_page(request, child, status=400, invite_form=form)
    messages.success(request, _("We sent the invitation to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("accounts:child_detail", child.pk)


@login_required
@require_POST
def child_guardian_remove(request: HttpRequest, child_id: int, guardianship_id: int) -> HttpResponse:
    user = request_user(request)
    link = get_guardianship_of_child(user, child_id, guardianship_id)
    try:
        services.guardianship_end(by=user, guardianship=link)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("accounts:child_detail", child_id)
    messages.success(request, _("%(name)s is no longer a guardian.") % {"name": link.guardian.display_name})
    if link.guardian_id == user.pk:
        return redirect("accounts:profile")
    return redirect("accounts:child_detail", child_id)


@login_required
@require_POST
def child_pause(request: HttpRequest, child_id: int) -> HttpResponse:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    if request.POST.get("pause") == "resume":
        services.child_resume(guardian=guardian, child=child, request=request)
        messages.success(request, _("%(name)s's account is open again.") % {"name": child.display_name})
    else:
        services.child_pause(guardian=guardian, child=child, request=request)
        messages.success(request, _("%(name)s's account is paused.") % {"name": child.display_name})
    return redirect("accounts:child_detail", child.pk)


@login_required
@require_POST
def child_settings(request: HttpRequest, child_id: int) -> HttpResponse:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    form = _settings_form(child, request.POST)
    if not form.is_valid():
        return _child_page(request, child, status=400, settings_form=form)
    services.child_settings_update(
        guardian=guardian,
        child=child,
        show_full_name=form.cleaned_data["show_full_name"],
        auto_consent=[int(pk) for pk in form.cleaned_data.get("auto_consent", [])],
    )
    messages.success(request, _("Saved."))
    return redirect("accounts:child_detail", child.pk)


@login_required
@require_POST
def child_export(request: HttpRequest, child_id: int) -> HttpResponse:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    privacy.data_export_request(actor=guardian, subject=child, request=request)
    messages.success(request, _("The export is being prepared. It appears below when it is ready."))
    return redirect("accounts:child_detail", child.pk)


@login_required
def child_erase(request: HttpRequest, child_id: int) -> HttpResponse:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    form = ConfirmPasswordForm(request.POST or None, user=guardian)
    if request.method == "POST" and form.is_valid():
        name = child.display_name
        try:
            privacy.user_erase(actor=guardian, subject=child, request=request)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("The account of %(name)s is erased.") % {"name": name})
            return redirect("accounts:profile")
    return render(request, "accounts/erase.html", {"form": form, "child": child})


def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """A child's one-time log-in link. Opening it shows a button; only pressing it uses the link,
    so that a chat app fetching a preview of the link does not spend it."""
    if request.method == "POST":
        child = services.child_login_link_use(token)
        if child is None:
            return render(request, "accounts/login_link.html", {"invalid": True}, status=404)
        if request.user.is_authenticated:
            logout(request)
        login(request, child, backend=BACKEND)
        messages.success(request, _("Welcome, %(name)s!") % {"name": child.display_name})
        return redirect("home")
    if not services.child_login_link_is_open(token):
        return render(request, "accounts/login_link.html", {"invalid": True}, status=404)
    return render(request, "accounts/login_link.html", {"token": token})


def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/privacy.html")


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    exports = DataExport.objects.filter(subject=user, requested_by=user)
    return render(request, "accounts/my_data.html", {"exports": exports})


@login_required
@require_POST
def my_export(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    privacy.data_export_request(actor=user, subject=user, request=request)
    messages.success(request, _("Your export is being prepared. It appears below when it is ready."))
    return redirect("accounts:my_data")


@login_required
def export_download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    export = get_own_export(request_user(request), export_id)
    if not export.is_available or not Path(export.path).exists():
        raise Http404
    name = f"sebaya-{export.subject.username or export.subject.pk}-{export.created_at:%Y%m%d}.zip"
    return FileResponse(Path(export.path).open("rb"), as_attachment=True, filename=name, content_type="application/zip")


@login_required
def my_erase(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ConfirmPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.user_erase(actor=user, subject=user, request=request)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data are erased. Goodbye."))
            return redirect("home")
    return render(request, "accounts/erase.html", {"form": form, "child": None})
