"""Actions on communities and memberships. Each runs in one transaction; e-mails go out on commit."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sebaya.accounts.models import User
from sebaya.audit.models import Action
from sebaya.audit.services import audit_record
from sebaya.core.errors import Conflict, ServiceError
from sebaya.core.mail import mail_users
from sebaya.notifications.models import Kind
from sebaya.notifications.services import notify

from .models import Community, Invite, JoinRequest, Membership

Role = Membership.Role


def community_create(*, user: User, **fields: Any) -> Community:
    """Create a community; its creator becomes its first organiser."""
    if user.is_minor:
        raise ServiceError(_("Only an adult can start a community."), code="adult_required")
    try:
        with transaction.atomic():
            community = Community.objects.create(created_by=user, **fields)
            Membership.objects.create(user=user, community=community, role=Role.ORGANISER)
            # A first invite link is ready at once: inviting people is what an organiser does next.
            invite_create(community=community, by=user)
    except IntegrityError:
        raise Conflict(_("That web address is already taken."), code="slug_taken") from None
    return community


def invite_create(*, community: Community, by: User, days: int | None = None) -> Invite:
    days = days or settings.SEBAYA_INVITE_DAYS
    return Invite.objects.create(
        community=community, created_by=by, expires_at=timezone.now() + datetime.timedelta(days=days)
    )


def invite_revoke(*, invite: Invite) -> None:
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])


def invite_for_token(token: str) -> Invite | None:
    """The invite behind a link, or None when it is unknown, revoked or expired."""
    invite = Invite.objects.select_related("community").filter(token=token).first()
    return invite if invite is not None and invite.is_valid else None


def community_join(
    *, user: User, community: Community, invite: Invite | None = None, message: str = ""
) -> Membership | JoinRequest:
    """Join with an invite, or ask to join without one.

    An invite admits an adult at once. Without one, an organiser decides. A minor's request
    always waits for a guardian first; with an invite, the guardian's approval admits them.
    """
    if invite is not None and (invite.community_id != community.pk or not invite.is_valid):
        raise ServiceError(_("This invite link is no longer valid."), code="invite_invalid")
    try:
        with transaction.atomic():
            return _join(user=user, community=community, invite=invite, message=message)
    except IntegrityError:
        # A second click raced the first past the checks; the unique constraints caught it.
        raise Conflict(_("You are already a member of this community."), code="already_member") from None


def _join(*, user: User, community: Community, invite: Invite | None, message: str) -> Membership | JoinRequest:
    if Membership.objects.filter(user=user, community=community).exists():
        raise Conflict(_("You are already a member of this community."), code="already_member")
    if JoinRequest.objects.filter(user=user, community=community, status__in=JoinRequest.OPEN).exists():
        raise Conflict(_("Your request to join is already waiting for an answer."), code="request_open")
    if invite is not None:
        Invite.objects.filter(pk=invite.pk).update(uses=F("uses") + 1)
    if user.is_minor:
        req = JoinRequest.objects.create(
            community=community, user=user, invite=invite, message=message, status=JoinRequest.Status.PENDING_GUARDIAN
        )
        # In-app and by e-mail (unless muted), with one tap to the consents page.
        notify(
            user.guardians(),
            kind=Kind.JOIN_CONSENT,
            template="communities/email/guardian_join_request",
            context={"req": req, "link": _link("meetups:consents")},
            url=reverse("meetups:consents"),
        )
        return req
    if invite is not None:
        return Membership.objects.create(user=user, community=community, role=Role.MEMBER)
    req = JoinRequest.objects.create(community=community, user=user, message=message)
    _tell_organisers(req)
    return req


def _link(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _tell_organisers(req: JoinRequest) -> None:
    organisers = User.objects.filter(memberships__community=req.community, memberships__role=Role.ORGANISER)
    mail_users(
        organisers,
        "communities/email/join_request",
        {"req": req, "link": _link("communities:requests", req.community.slug)},
    )


def join_request_decide(*, join_request: JoinRequest, by: User, approve: bool) -> Membership | None:
    """An organiser approves or declines a request that waits for them."""
    with transaction.atomic():
        req = JoinRequest.objects.select_for_update().select_related("user", "community").get(pk=join_request.pk)
        if req.status != JoinRequest.Status.PENDING:
            raise Conflict(_("This request has already been answered."), code="request_closed")
        return _close(req, by=by, approve=approve)


def join_request_guardian_decide(*, join_request: JoinRequest, guardian: User, approve: bool) -> Membership | None:
    """A guardian answers their child's request; with an invite, approval admits the child at once."""
    with transaction.atomic():
        req = JoinRequest.objects.select_for_update().select_related("user", "community").get(pk=join_request.pk)
        if req.status != JoinRequest.Status.PENDING_GUARDIAN:
            raise Conflict(_("This request has already been answered."), code="request_closed")
        if not req.user.guardians().filter(pk=guardian.pk).exists():
            raise ServiceError(_("Only the child's guardian can answer this."), code="not_guardian")
        audit_record(
            action=Action.CONSENT_GIVEN if approve else Action.CONSENT_REFUSED,
            actor=guardian,
            subject=req.user,
            community=req.community,
            target=_("joining %(community)s") % {"community": req.community.name},
        )
        if approve and req.invite_id is None:
            req.status = JoinRequest.Status.PENDING
            req.save(update_fields=["status"])
            _tell_organisers(req)
            return None
        return _close(req, by=guardian, approve=approve)


def join_request_to_organisers(*, join_request: JoinRequest) -> JoinRequest:
    """A request that waited for a guardian goes to the organisers like any adult's (its member
    has come of age)."""
    with transaction.atomic():
        req = JoinRequest.objects.select_for_update().select_related("user", "community").get(pk=join_request.pk)
        if req.status == JoinRequest.Status.PENDING_GUARDIAN:
            req.status = JoinRequest.Status.PENDING
            req.save(update_fields=["status"])
            _tell_organisers(req)
    return req


def _close(req: JoinRequest, *, by: User, approve: bool) -> Membership | None:
    req.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    req.decided_by = by
    req.decided_at = timezone.now()
    req.save(update_fields=["status", "decided_by", "decided_at"])
    mail_users(
        [req.user],
        "communities/email/join_decided",
        {"req": req, "link": _link("communities:detail", req.community.slug)},
    )
    if not approve:
        return None
    membership, _created = Membership.objects.get_or_create(user=req.user, community=req.community)
    return membership


def join_request_cancel(*, join_request: JoinRequest) -> None:
    JoinRequest.objects.filter(pk=join_request.pk, status__in=JoinRequest.OPEN).update(
        status=JoinRequest.Status.CANCELLED
    )


def _lock_organisers(community: Community) -> list[int]:
    """Lock the community's organiser rows so that two concurrent changes cannot both remove the last one."""
    return list(
        Membership.objects.select_for_update()
        .filter(community=community, role=Role.ORGANISER)
        .values_list("pk", flat=True)
    )


def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    """An organiser changes a member's role; the community always keeps an organiser."""
    if role not in Role.values:
        raise ServiceError(_("Unknown role."), code="invalid_role")
    with transaction.atomic():
        organisers = _lock_organisers(membership.community)
        target = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        if target.role == Role.ORGANISER and role != Role.ORGANISER and organisers == [target.pk]:
            raise Conflict(
                _("A community needs at least one organiser. Make someone else organiser first."), code="last_organiser"
            )
        if role in {Role.ORGANISER, Role.FACILITATOR} and target.user.is_minor:
            raise ServiceError(_("Organisers and facilitators must be adults."), code="adult_required")
        if target.role != role:
            audit_record(
                action=Action.ROLE_CHANGED,
                actor=by,
                subject=target.user,
                community=target.community,
                target=f"{target.get_role_display()} → {Role(role).label}",
            )
        target.role = role
        target.save(update_fields=["role"])
    return target


def membership_leave(*, membership: Membership) -> None:
    """A member leaves; the last organiser must hand over first."""
    with transaction.atomic():
        organisers = _lock_organisers(membership.community)
        if organisers == [membership.pk]:
            raise Conflict(
                _("You are the only organiser. Make someone else organiser before you leave."), code="last_organiser"
            )
        Membership.objects.filter(pk=membership.pk).delete()
