"""Actions on accounts: sign-up, children and guardians, API tokens."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sebaya.audit.models import Action
from sebaya.audit.services import audit_record
from sebaya.core.errors import ServiceError
from sebaya.core.mail import mail_address

from .models import ADULT_AGE, ApiToken, GuardianRequest, Guardianship, User, age_on, hash_token, new_token, today


def user_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    birth_date: datetime.date,
    language: str,
    timezone_name: str,
    guardian_email: str = "",
) -> User:
    """Create an account. A minor's account stays inactive until a guardian confirms it by e-mail."""
    minor = age_on(birth_date, today()) < ADULT_AGE
    if minor and not guardian_email:
        raise ServiceError(_("Members under 18 need a parent or guardian's e-mail address."), code="guardian_required")
    if minor and guardian_email.strip().lower() == email.strip().lower():
        raise ServiceError(_("The guardian's e-mail must be different from yours."), code="guardian_same_email")
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            password,
            display_name=display_name,
            birth_date=birth_date,
            language=language,
            timezone=timezone_name,
            is_active=not minor,
        )
        if minor:
            guardian_request_create(minor=user, guardian_email=guardian_email)
    return user


def guardian_request_create(*, minor: User, guardian_email: str) -> GuardianRequest:
    """Ask ``guardian_email`` to confirm the minor's account; the mail goes out once the row is committed."""
    raw = new_token()
    req = GuardianRequest.objects.create(
        minor=minor,
        guardian_email=guardian_email.strip().lower(),
        token_hash=hash_token(raw),
        expires_at=timezone.now() + datetime.timedelta(days=settings.SEBAYA_GUARDIAN_CONFIRM_DAYS),
    )
    link = settings.SITE_URL + reverse("accounts:guardian_confirm", args=[raw])
    # The guardian may have no account yet, so the child's language is the best guess for theirs.
    mail_address(
        req.guardian_email,
        minor.language,
        "accounts/email/guardian_request",
        {"minor": minor, "link": link, "days": settings.SEBAYA_GUARDIAN_CONFIRM_DAYS},
    )
    return req


def guardian_request_for_token(raw: str) -> GuardianRequest | None:
    """The open request behind a confirmation link, or None when it is unknown, used or expired."""
    req = GuardianRequest.objects.select_related("minor").filter(token_hash=hash_token(raw)).first()
    if req is None or not req.is_open:
        return None
    return req


def guardian_request_confirm(*, request: GuardianRequest, guardian: User) -> Guardianship:
    """The signed-in adult confirms they are the minor's guardian; the minor's account opens."""
    if guardian.is_minor:
        raise ServiceError(_("A guardian must be an adult."), code="guardian_not_adult")
    if guardian.pk == request.minor_id:
        raise ServiceError(_("You cannot be your own guardian."), code="guardian_self")
    with transaction.atomic():
        req = GuardianRequest.objects.select_for_update().get(pk=request.pk)
        if not req.is_open:
            raise ServiceError(_("This confirmation link has already been used or has expired."), code="link_used")
        link, created = Guardianship.objects.get_or_create(guardian=guardian, minor=req.minor)
        if created:
            audit_record(action=Action.GUARDIAN_LINKED, actor=guardian, subject=req.minor)
        req.confirmed_by = guardian
        req.confirmed_at = timezone.now()
        req.save(update_fields=["confirmed_by", "confirmed_at"])
        User.objects.filter(pk=req.minor_id).update(is_active=True)
    return link


def child_create(
    *,
    guardian: User,
    display_name: str,
    birth_date: datetime.date,
    username: str,
    password: str,
    email: str = "",
    language: str | None = None,
) -> User:
    """A guardian creates their child's account; it is active at once and linked to them."""
    if guardian.is_minor:
        raise ServiceError(_("Only an adult can create a child's account."), code="guardian_not_adult")
    if age_on(birth_date, today()) >= ADULT_AGE:
        raise ServiceError(_("This person is 18 or older and can sign up on their own."), code="not_a_minor")
    with transaction.atomic():
        child = User.objects.create_user(
            email or None,
            password,
            username=username,
            display_name=display_name,
            birth_date=birth_date,
            language=language or guardian.language,
            timezone=guardian.timezone,
        )
        Guardianship.objects.create(guardian=guardian, minor=child)
        audit_record(action=Action.GUARDIAN_LINKED, actor=guardian, subject=child)
    return child


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; the raw token is returned once and never stored."""
    raw = "sby_" + new_token()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[4:12], key_hash=hash_token(raw))
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_user(raw: str) -> User | None:
    """The active user behind a bearer token, or None; records when the token was last used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Write at most once a minute so that a busy client does not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
