"""Reporting and moderation: a member reports, moderators act once, everyone concerned is told.

Acting locks every open report about the same target, so that two moderators who press a button
at the same moment cannot both apply an action: the second one finds the reports closed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sebaya.accounts.models import User
from sebaya.audit.models import Action
from sebaya.audit.services import audit_record
from sebaya.communities.models import Community, Membership
from sebaya.core.errors import Conflict, Forbidden, ServiceError
from sebaya.meetups.services import leave_coming_sessions
from sebaya.notifications.models import Kind
from sebaya.notifications.services import notify

from .models import Ban, Outcome, Report, Status
from .registry import Target, load, target_for


class ModAction:
    DISMISS = "dismiss"
    HIDE = "hide"
    WARN = "warn"
    SUSPEND = "suspend"
    REMOVE = "remove"
    BAN = "ban"

    ALL = (DISMISS, HIDE, WARN, SUSPEND, REMOVE, BAN)


OUTCOME = {
    ModAction.DISMISS: Outcome.DISMISSED,
    ModAction.HIDE: Outcome.HIDDEN,
    ModAction.WARN: Outcome.WARNED,
    ModAction.SUSPEND: Outcome.SUSPENDED,
    ModAction.REMOVE: Outcome.REMOVED,
    ModAction.BAN: Outcome.BANNED,
}


def moderators_of(community: Community) -> QuerySet[User]:
    """The community's organisers and facilitators."""
    return get_user_model().objects.filter(
        memberships__community=community,
        memberships__role__in=[Membership.Role.ORGANISER, Membership.Role.FACILITATOR],
        is_active=True,
    )


def operators() -> QuerySet[User]:
    return get_user_model().objects.filter(is_staff=True, is_active=True)


def report_create(
    *, reporter: User, community: Community, target: Target, obj: Any, reason: str, details: str = ""
) -> Report:
    """Record a report and tell the community's moderators (and the operators when a minor is involved).

    The person reported is never told who reported them, and is left out of the moderators told.
    """
    if reason not in Report.Reason.values:
        raise ServiceError(_("Choose a reason from the list."), code="invalid_reason")
    author = target.author(obj)
    if author is not None and author.user_id == reporter.pk:
        raise ServiceError(_("You cannot report yourself."), code="self_report")
    involves_minor = bool(target.involves_minor(obj)) or reporter.is_minor
    with transaction.atomic():
        report = Report.objects.create(
            community=community,
            reporter=reporter,
            kind=target.kind,
            object_id=obj.pk,
            target_label=target.describe(obj)[:200],
            subject=author.user if author is not None else None,
            reason=reason,
            details=details.strip()[:2000],
            involves_minor=involves_minor,
        )
        recipients = list(moderators_of(community))
        # Operators hear of reports involving a child, and of reports about the community's own
        # moderators, whom the community may not be able to judge impartially.
        if involves_minor or (author is not None and author.can_facilitate):
            recipients += list(operators())
        recipients = [u for u in recipients if author is None or u.pk != author.user_id]
        notify(
            recipients,
            kind=Kind.REPORT,
            template="moderation/email/report",
            context={"report": report, "community": community},
            url=reverse("moderation:report_detail", args=[report.pk]),
        )
    return report


def _may_act(by: User, report: Report, action: str, subject_membership: Membership | None) -> None:
    if action == ModAction.BAN:
        if not by.is_staff:
            raise Forbidden(_("Only the instance's operators can ban an account."), code="operators_only")
        return
    if by.is_staff:
        return
    viewer = Membership.objects.filter(user=by, community_id=report.community_id).first()
    if viewer is None or not viewer.can_facilitate:
        raise Forbidden(_("Only the community's organisers and facilitators can act on reports."), code="forbidden")
    # A report about an organiser or a facilitator is for organisers (and operators) to decide,
    # not for a fellow facilitator: not even to close it.
    if subject_membership is not None and subject_membership.can_facilitate and not viewer.is_organiser:
        raise Forbidden(_("Only an organiser can act against an organiser or a facilitator."), code="organisers_only")


def report_act(
    *,
    report: Report,
    by: User,
    action: str,
    message: str = "",
    until: datetime.datetime | None = None,
) -> Report:
    """Apply a moderator's decision to a report and to every other open report about the same target.

    ``message`` goes to the person warned (and into the note the reporters read); ``until`` ends
    a suspension. Writes one audit row; tells the person concerned and each reporter.
    """
    if action not in ModAction.ALL:
        raise ServiceError(_("Choose an action from the list."), code="invalid_action")
    message = message.strip()[:2000]
    with transaction.atomic():
        locked = list(
            Report.objects.select_for_update()
            .filter(community_id=report.community_id, kind=report.kind, object_id=report.object_id, status=Status.OPEN)
            .order_by("pk")
        )
        if not any(r.pk == report.pk for r in locked):
            raise Conflict(_("Another moderator has already handled this report."), code="already_handled")
        target = target_for(report.kind)
        obj = load(report.kind, report.object_id)
        subject = target.author(obj) if obj is not None else None
        if subject is None and report.subject_id is not None and action in {ModAction.BAN}:
            subject_user: User | None = report.subject
        else:
            subject_user = subject.user if subject is not None else None
        _may_act(by, report, action, subject)
        if action == ModAction.HIDE:
            if target.hide is None or obj is None:
                raise ServiceError(_("This kind of report cannot be hidden."), code="cannot_hide")
            target.hide(obj, by)
        elif action in {ModAction.WARN, ModAction.SUSPEND, ModAction.REMOVE, ModAction.BAN} and subject_user is None:
            raise ServiceError(_("The person concerned is no longer here."), code="no_subject")
        if action == ModAction.WARN:
            if not message:
                raise ServiceError(_("Write the warning the person will read."), code="message_required")
            assert subject_user is not None
            _tell(subject_user, report, "moderation/email/warning", message)
        elif action == ModAction.SUSPEND:
            if until is None or until <= timezone.now():
                raise ServiceError(_("A suspension needs an end date in the future."), code="invalid_until")
            assert subject is not None
            Membership.objects.filter(pk=subject.pk).update(suspended_until=until)
            subject.suspended_until = until
            _tell(subject.user, report, "moderation/email/suspended", message, until=until)
        elif action == ModAction.REMOVE:
            assert subject is not None
            _remove(subject)
            _tell(subject.user, report, "moderation/email/removed", message)
        elif action == ModAction.BAN:
            assert subject_user is not None
            _ban(subject_user, by=by, report=report, reason=message)
        now = timezone.now()
        outcome = OUTCOME[action]
        status = Status.DISMISSED if action == ModAction.DISMISS else Status.RESOLVED
        for r in locked:
            r.status, r.outcome, r.outcome_note, r.handled_by, r.handled_at = status, outcome, message, by, now
            r.save(update_fields=["status", "outcome", "outcome_note", "handled_by", "handled_at"])
        audit_record(
            action=Action.MODERATION,
            actor=by,
            subject=subject_user,
            community=report.community,
            target=f"{report.kind}:{report.object_id}",
            decision=action,
            reports=[r.pk for r in locked],
            until=until.isoformat() if until else None,
        )
        reporters = [r.reporter for r in locked if r.reporter is not None]
        notify(
            reporters,
            kind=Kind.MODERATION,
            template="moderation/email/outcome",
            context={"report": report, "outcome": outcome.label},
            url=reverse("moderation:mine"),
        )
    report.refresh_from_db()
    return report


def _tell(user: User, report: Report, template: str, message: str, **extra: Any) -> None:
    notify(
        [user],
        kind=Kind.MODERATION,
        template=template,
        context={"community": report.community, "message": message, **extra},
        url=reverse("communities:detail", args=[report.community.slug]),
    )


def _remove(membership: Membership) -> None:
    organisers = list(
        Membership.objects.select_for_update()
        .filter(community_id=membership.community_id, role=Membership.Role.ORGANISER)
        .values_list("pk", flat=True)
    )
    if organisers == [membership.pk]:
        raise Conflict(_("The community's only organiser cannot be removed."), code="last_organiser")
    Membership.objects.filter(pk=membership.pk).delete()


def _ban(user: User, *, by: User, report: Report | None, reason: str) -> None:
    """Deactivate the account: it cannot log in, its open sessions and API tokens stop working
    (both check that the account is active), and it receives nothing more; the sessions it would
    host are cancelled and its seats freed."""
    if user.is_staff:
        raise Forbidden(_("An operator's account cannot be banned here."), code="operator")
    Ban.objects.update_or_create(user=user, defaults={"by": by, "report": report, "reason": reason})
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    # Nobody waits for them at a session: what they would host is cancelled, their seats freed.
    leave_coming_sessions(user)


def account_ban(*, user: User, by: User, reason: str = "") -> Ban:
    """An operator bans an account without a report (e.g. from the admin)."""
    if not by.is_staff:
        raise Forbidden(_("Only the instance's operators can ban an account."), code="operators_only")
    with transaction.atomic():
        _ban(user, by=by, report=None, reason=reason)
        audit_record(action=Action.MODERATION, actor=by, subject=user, target=f"user:{user.pk}", decision="ban")
    return Ban.objects.get(user=user)
