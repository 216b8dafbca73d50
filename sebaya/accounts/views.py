from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from sebaya.core.errors import ServiceError

from . import services
from .forms import ChildForm, LoginForm, ProfileForm, SignupForm, TokenForm
from .models import User
from .permissions import get_own_token, request_user


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` parameter, when it points back into this site (never an open redirect)."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_signup(
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                birth_date=data["birth_date"],
                language=data["language"],
                timezone_name=data["timezone"],
                guardian_email=data.get("guardian_email") or "",
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            if not user.is_active:
                return render(request, "accounts/signup_pending.html", {"guardian_email": data["guardian_email"]})
            login(request, user, backend="sebaya.accounts.backends.EmailOrUsernameBackend")
            messages.success(request, _("Welcome to Sebaya, %(name)s!") % {"name": user.display_name})
            return redirect(_safe_next(request) or "home")
    return render(request, "accounts/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", user.language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", _profile_context(user, form=form))


def _profile_context(user: User, **extra: Any) -> dict[str, Any]:
    # Imported here because communities builds on accounts, not the other way round.
    from sebaya.communities.models import JoinRequest

    return {
        "child_requests": JoinRequest.objects.filter(
            user__guarded_by__guardian=user, status=JoinRequest.Status.PENDING_GUARDIAN
        ).select_related("user", "community"),
        "tokens": user.api_tokens.filter(revoked_at__isnull=True),
        "token_form": TokenForm(),
        "children": user.children().order_by("display_name"),
        "guardians": user.guardians().order_by("display_name"),
        **extra,
    }


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/profile.html",
            _profile_context(user, form=ProfileForm(instance=user), token_form=form),
            status=400,
        )
    _token, raw = services.api_token_create(user=user, name=form.cleaned_data["name"])
    return render(
        request, "accounts/profile.html", _profile_context(user, form=ProfileForm(instance=user), new_token=raw)
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_own_token(request_user(request), token_id)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:profile")


@login_required
def child_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.is_minor:
        messages.error(request, _("Only an adult can create a child's account."))
        return redirect("accounts:profile")
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = services.child_create(
                guardian=user,
                display_name=data["display_name"],
                birth_date=data["birth_date"],
                username=data["username"],
                password=data["password1"],
                email=data["email"],
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                _("%(name)s's account is ready: they log in with the username “%(username)s”.")
                % {"name": child.display_name, "username": child.username},
            )
            return redirect("accounts:profile")
    return render(request, "accounts/child_new.html", {"form": form})


def guardian_confirm(request: HttpRequest, token: str) -> HttpResponse:
    req = services.guardian_request_for_token(token)
    if req is None:
        return render(request, "accounts/guardian_confirm.html", {"invalid": True}, status=404)
    if not request.user.is_authenticated:
        messages.info(request, _("Log in or sign up as the parent or guardian to confirm this account."))
        return redirect(f"{reverse_lazy('accounts:login')}?next={request.path}")
    if request.method == "POST":
        try:
            services.guardian_request_confirm(request=req, guardian=request_user(request))
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Thank you. %(name)s can now log in.") % {"name": req.minor.display_name})
            return redirect("accounts:profile")
    return render(request, "accounts/guardian_confirm.html", {"req": req})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on a logged-in member's profile."""
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in {"id", "en"}:
        User.objects.filter(pk=request.user.pk).update(language=lang)
    return response
