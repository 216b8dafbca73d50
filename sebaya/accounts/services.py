"""Actions on accounts: sign-up, children and guardians, API tokens."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sebaya.audit.models import Action
from sebaya.audit.services import audit_record
from sebaya.core.errors import Conflict, ServiceError
from sebaya.core.mail import mail_address

from .models import (
    ADULT_AGE,
    ApiToken,
    ChildLoginLink,
    GuardianRequest,
    Guardianship,
    StandingConsent,
    User,
    age_on,
    hash_token,
    new_token,
    today,
)


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


def guardian_request_create(*, minor: User, guardian_email: str, invited_by: User | None = None) -> GuardianRequest:
    """Ask ``guardian_email`` to confirm the minor's account (or, ``invited_by`` a guardian, to become
    a co-guardian); the mail goes out once the row is committed."""
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
        invited_by.language if invited_by else minor.language,
        "accounts/email/coguardian_invite" if invited_by else "accounts/email/guardian_request",
        {"minor": minor, "link": link, "days": settings.SEBAYA_GUARDIAN_CONFIRM_DAYS, "invited_by": invited_by},
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
            _tell_family(
                req.minor, template="accounts/email/guardian_added", context={"added": guardian}, exclude=guardian
            )
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
    if token is None or not token.user.is_active or token.user.is_paused:
        return None
    now = timezone.now()
    # Write at most once a minute so that a busy client does not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Guardians and their children -------------------------------------------------------------

LOGIN_LINK_LIFETIME = datetime.timedelta(minutes=30)


def _require_guardian(guardian: User, child: User) -> None:
    if not Guardianship.objects.filter(guardian=guardian, minor=child).exists():
        raise ServiceError(_("Only the child's guardian can do this."), code="not_guardian")


def _tell_family(child: User, *, template: str, context: dict[str, Any], exclude: User | None = None) -> None:
    from sebaya.notifications.models import Kind
    from sebaya.notifications.services import notify

    guardians = [g for g in child.guardians() if exclude is None or g.pk != exclude.pk]
    notify(guardians, kind=Kind.ACCOUNT, template=template, context={"child": child, **context})


def child_login_link_create(*, guardian: User, child: User) -> tuple[ChildLoginLink, str]:
    """A one-time log-in link for a child, valid for 30 minutes. Earlier unused links stop working,
    so that only the newest one is ever live. The raw token is returned once and never stored."""
    _require_guardian(guardian, child)
    if child.is_paused:
        raise Conflict(_("This account is paused. Resume it first."), code="paused")
    raw = new_token()
    with transaction.atomic():
        stamp = timezone.now()
        ChildLoginLink.objects.filter(minor=child, used_at__isnull=True).update(used_at=stamp)
        link = ChildLoginLink.objects.create(
            minor=child, created_by=guardian, token_hash=hash_token(raw), expires_at=stamp + LOGIN_LINK_LIFETIME
        )
        audit_record(action=Action.LOGIN_LINK, actor=guardian, subject=child)
    return link, raw


def child_login_link_is_open(raw: str) -> bool:
    """Whether a log-in link would work, without using it."""
    link = ChildLoginLink.objects.filter(token_hash=hash_token(raw)).first()
    return link is not None and link.is_open


def child_login_link_use(raw: str) -> User | None:
    """The child behind a live link, marking the link used; None when unknown, used or expired."""
    with transaction.atomic():
        link = (
            ChildLoginLink.objects.select_for_update()
            .select_related("minor")
            .filter(token_hash=hash_token(raw))
            .first()
        )
        if link is None or not link.is_open:
            return None
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        child = link.minor
    if not child.is_active or child.is_paused or child.erased_at is not None:
        return None
    return child


def child_password_set(*, guardian: User, child: User, password: str) -> None:
    """A guardian chooses a new password for their child (who may have no e-mail to reset it)."""
    _require_guardian(guardian, child)
    with transaction.atomic():
        child.set_password(password)
        child.save(update_fields=["password"])
        audit_record(action=Action.PASSWORD_SET, actor=guardian, subject=child)
        _tell_family(child, template="accounts/email/child_password", context={"by": guardian}, exclude=guardian)


def coguardian_invite(*, guardian: User, child: User, email: str) -> GuardianRequest:
    """Ask another adult, by e-mail, to become the child's guardian too. They confirm with the same
    link a child's own sign-up uses; until then nothing changes."""
    _require_guardian(guardian, child)
    address = email.strip().lower()
    if child.guardians().filter(email__iexact=address).exists():
        raise Conflict(
            _("This person is already a guardian of %(name)s.") % {"name": child.display_name}, code="already"
        )
    if address == (guardian.email or ""):
        raise ServiceError(_("Invite someone else: you are already a guardian."), code="guardian_self")
    with transaction.atomic():
        return guardian_request_create(minor=child, guardian_email=address, invited_by=guardian)


def guardianship_end(*, by: User, guardianship: Guardianship) -> None:
    """A guardian ends their own link or another guardian's; a minor always keeps at least one."""
    child = guardianship.minor
    _require_guardian(by, child)
    with transaction.atomic():
        links = list(Guardianship.objects.select_for_update().filter(minor=child))
        if len(links) < 2:
            raise Conflict(
                _("%(name)s needs at least one guardian. Invite another guardian first.")
                % {"name": child.display_name},
                code="last_guardian",
            )
        former = guardianship.guardian
        guardianship.delete()
        audit_record(action=Action.GUARDIAN_UNLINKED, actor=by, subject=child, target=former.pk, reason="removed")
        from sebaya.notifications.models import Kind
        from sebaya.notifications.services import notify

        notify(
            {former, *child.guardians()},
            kind=Kind.ACCOUNT,
            template="accounts/email/guardian_removed",
            context={"child": child, "former": former, "by": by},
        )


def child_pause(*, guardian: User, child: User, request: HttpRequest | None = None) -> None:
    """Pause a child's account: no log-in, no new answers to sessions. Sessions the child is already
    going to stay booked (the guardian can withdraw them); requests waiting for consent are declined."""
    from sebaya.meetups.models import Rsvp, RsvpStatus

    _require_guardian(guardian, child)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=child.pk)
        if locked.paused_at is not None:
            return
        locked.paused_at = timezone.now()
        locked.save(update_fields=["paused_at"])
        Rsvp.objects.filter(membership__user=child, status=RsvpStatus.PENDING_GUARDIAN).update(
            status=RsvpStatus.NOT_GOING, updated_at=timezone.now()
        )
        audit_record(action=Action.ACCOUNT_PAUSED, actor=guardian, subject=child, request=request)
        _tell_family(child, template="accounts/email/child_paused", context={"by": guardian, "paused": True})
    child.paused_at = locked.paused_at


def child_resume(*, guardian: User, child: User, request: HttpRequest | None = None) -> None:
    _require_guardian(guardian, child)
    with transaction.atomic():
        updated = User.objects.filter(pk=child.pk, paused_at__isnull=False).update(paused_at=None)
        if updated:
            audit_record(action=Action.ACCOUNT_RESUMED, actor=guardian, subject=child, request=request)
            _tell_family(child, template="accounts/email/child_paused", context={"by": guardian, "paused": False})
    child.paused_at = None


def child_settings_update(
    *, guardian: User, child: User, show_full_name: bool, auto_consent: Iterable[int] | None = None
) -> None:
    """Change what a guardian decides for the child: whether community members see the full name,
    and (``auto_consent``: community ids) where sessions at venues suitable for minors need no
    consent each time. Communities the child does not belong to are ignored."""
    _require_guardian(guardian, child)
    with transaction.atomic():
        if child.show_full_name != show_full_name:
            child.show_full_name = show_full_name
            child.save(update_fields=["show_full_name"])
            audit_record(
                action=Action.CONSENT_GIVEN if show_full_name else Action.CONSENT_REFUSED,
                actor=guardian,
                subject=child,
                rule="show_full_name",
            )
        if auto_consent is not None:
            standing_consent_set(guardian=guardian, child=child, community_ids=set(auto_consent))


def standing_consent_set(*, guardian: User, child: User, community_ids: set[int]) -> None:
    """Set the communities where the child's answers at venues suitable for minors are approved at once."""
    from sebaya.communities.models import Community

    _require_guardian(guardian, child)
    allowed = set(Community.objects.filter(memberships__user=child, pk__in=community_ids).values_list("pk", flat=True))
    with transaction.atomic():
        current = set(StandingConsent.objects.filter(minor=child).values_list("community_id", flat=True))
        for community_id in allowed - current:
            StandingConsent.objects.create(minor=child, community_id=community_id, given_by=guardian)
            audit_record(
                action=Action.CONSENT_GIVEN,
                actor=guardian,
                subject=child,
                community=Community.objects.get(pk=community_id),
                rule="standing",
            )
        gone = current - allowed
        if gone:
            StandingConsent.objects.filter(minor=child, community_id__in=gone).delete()
            for community in Community.objects.filter(pk__in=gone):
                audit_record(
                    action=Action.CONSENT_REFUSED, actor=guardian, subject=child, community=community, rule="standing"
                )


def guardianships_end_for_adults(day: datetime.date | None = None) -> int:
    """The daily job: members who have turned 18 answer for themselves from today.

    Their guardian links end (audited), they and each former guardian are told, their answers
    to sessions that waited for consent now stand as their own (a seat or the waitlist, if the
    session still takes them), and join requests that waited for a guardian go to the organisers
    like any adult's. Returns how many people came of age."""
    from sebaya.communities.models import JoinRequest
    from sebaya.communities.services import join_request_to_organisers
    from sebaya.meetups.models import Rsvp, RsvpStatus
    from sebaya.meetups.services import rsvp_stand_as_own
    from sebaya.notifications.models import Kind
    from sebaya.notifications.services import notify

    day = day or today()
    cutoff = (
        day.replace(year=day.year - ADULT_AGE)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year - ADULT_AGE, day=28)
    )
    adults = User.objects.filter(guarded_by__isnull=False, birth_date__lte=cutoff).distinct()
    count = 0
    for person in adults:
        with transaction.atomic():
            former = list(person.guardians())
            Guardianship.objects.filter(minor=person).delete()
            StandingConsent.objects.filter(minor=person).delete()
            for g in former:
                audit_record(action=Action.GUARDIAN_UNLINKED, actor=None, subject=person, target=g.pk, reason="adult")
            for rsvp in Rsvp.objects.filter(membership__user=person, status=RsvpStatus.PENDING_GUARDIAN):
                rsvp_stand_as_own(rsvp=rsvp)
            for req in JoinRequest.objects.filter(user=person, status=JoinRequest.Status.PENDING_GUARDIAN):
                join_request_to_organisers(join_request=req)
            notify([person], kind=Kind.ACCOUNT, template="accounts/email/came_of_age", context={"person": person})
            notify(
                former, kind=Kind.ACCOUNT, template="accounts/email/came_of_age_guardian", context={"person": person}
            )
            count += 1
    return count
