"""Actions on sessions: schedule, publish, change, cancel, RSVP with a waitlist, attendance, feedback.

Every action runs in one transaction. RSVPs lock the session's row first, so that concurrent
answers are counted one after the other: two members can never both take the last seat.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sebaya.accounts.models import User
from sebaya.audit.models import Action
from sebaya.audit.services import audit_record
from sebaya.communities.models import Community, Membership
from sebaya.core.errors import Conflict, ServiceError
from sebaya.notifications.models import Kind
from sebaya.notifications.services import notify
from sebaya.skills.models import Skill
from sebaya.venues.models import Venue

from .models import Feedback, Meetup, MeetupStatus, Rsvp, RsvpStatus, Series

CHECKIN_EARLY = datetime.timedelta(minutes=30)
# The nearer reminder first: a session scheduled less than two hours ahead gets one reminder, not two.
REMINDERS = (("reminded_2h_at", datetime.timedelta(hours=2)), ("reminded_24h_at", datetime.timedelta(hours=24)))


def _url(meetup: Meetup) -> str:
    return reverse("meetups:detail", args=[meetup.community.slug, meetup.pk])


def max_capacity(venue: Venue | None, cohosts: int = 0) -> int | None:
    """Seats a venue leaves for participants once the host and co-hosts are in (None: no limit)."""
    if venue is None:
        return None
    return max(venue.capacity - 1 - cohosts, 0)


def check_plan(
    *,
    community: Community,
    host: Membership,
    venue: Venue | None,
    online_url: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int | None,
    cohosts: Sequence[Membership] = (),
) -> int:
    """Validate where and when a session takes place; return its number of seats."""
    if host.community_id != community.pk or any(c.community_id != community.pk for c in cohosts):
        raise ServiceError(_("The host and co-hosts must be members of this community."), code="host_not_member")
    if venue is not None and (venue.community_id != community.pk or not venue.is_active):
        raise ServiceError(_("Choose a venue of this community that is in use."), code="invalid_venue")
    if venue is None and not online_url:
        raise ServiceError(_("Choose a venue or give an online link."), code="no_place")
    if ends_at <= starts_at:
        raise ServiceError(_("A session must end after it starts."), code="invalid_time")
    if ends_at - starts_at > datetime.timedelta(hours=12):
        raise ServiceError(_("A session lasts at most 12 hours."), code="invalid_time")
    limit = max_capacity(venue, len(cohosts))
    if capacity is None:
        capacity = limit if limit is not None else 10
    if capacity < 1:
        raise ServiceError(_("A session needs at least one seat."), code="invalid_capacity")
    if limit is not None and capacity > limit:
        raise ServiceError(
            ngettext(
                "This venue holds %(n)s people, so at most %(seats)s seat besides the hosts.",
                "This venue holds %(n)s people, so at most %(seats)s seats besides the hosts.",
                limit,
            )
            % {"n": venue.capacity if venue else 0, "seats": limit},
            code="over_venue_capacity",
        )
    if venue is not None and host.user.is_minor and not venue.minors_ok:
        raise ServiceError(
            _("A member under 18 can only host at a venue suitable for minors."), code="venue_not_for_minors"
        )
    return capacity


def can_schedule(by: Membership, host: Membership) -> bool:
    """Organisers and facilitators schedule for anyone; a member for themselves, if the community allows it."""
    if by.can_facilitate:
        return True
    return by.pk == host.pk and by.community.members_can_host


def meetup_create(
    *,
    by: Membership,
    host: Membership,
    skill: Skill,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: Venue | None = None,
    online_url: str = "",
    capacity: int | None = None,
    agenda: str = "",
    level_min: int = 1,
    level_max: int = 5,
    cohosts: Sequence[Membership] = (),
    weeks: int = 1,
    publish: bool = False,
    announce: bool = True,
) -> list[Meetup]:
    """Schedule a session, or a weekly series of ``weeks`` sessions at the same local time.

    Publishing tells the community, unless ``announce`` is off because the caller tells people
    itself (a published plan sends one notice per person, not one per session).
    """
    community = by.community
    by.ensure_not_suspended()
    host.ensure_not_suspended()
    if not can_schedule(by, host):
        raise ServiceError(_("You may only schedule sessions that you host yourself."), code="not_allowed")
    if starts_at <= timezone.now():
        raise ServiceError(_("A new session must start in the future."), code="in_the_past")
    if not Skill.objects.available_to(community.pk).filter(pk=skill.pk).exists():
        raise ServiceError(_("Choose a skill of the catalogue or of this community."), code="invalid_skill")
    if level_min > level_max:
        raise ServiceError(_("The lowest level cannot be above the highest."), code="invalid_levels")
    if not 1 <= weeks <= 52:
        raise ServiceError(_("A series runs for 1 to 52 weeks."), code="invalid_weeks")
    seats = check_plan(
        community=community, host=host, venue=venue, online_url=online_url,
        starts_at=starts_at, ends_at=ends_at, capacity=capacity, cohosts=cohosts,
    )  # fmt: skip
    tz = community_zone(community)
    local_start, local_end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    created: list[Meetup] = []
    with transaction.atomic():
        series = Series.objects.create(community=community, weeks=weeks) if weeks > 1 else None
        for week in range(weeks):
            # Weekly at the same wall-clock time, also across a daylight-saving change elsewhere.
            start = _shift_days(local_start, 7 * week, tz)
            end = _shift_days(local_end, 7 * week, tz)
            m = Meetup.objects.create(
                community=community, skill=skill, host=host, title=title, agenda=agenda, venue=venue,
                online_url=online_url, starts_at=start, ends_at=end, capacity=seats, level_min=level_min,
                level_max=level_max, series=series, created_by=by.user,
                status=MeetupStatus.PUBLISHED if publish else MeetupStatus.DRAFT,
            )  # fmt: skip
            m.cohosts.set(cohosts)
            created.append(m)
        if publish and announce:
            _announce(created)
    return created


def community_zone(community: Community) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(community.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Jakarta")


def _shift_days(local: datetime.datetime, days: int, tz: datetime.tzinfo) -> datetime.datetime:
    naive = local.replace(tzinfo=None) + datetime.timedelta(days=days)
    return naive.replace(tzinfo=tz)


def _announce(meetups: Sequence[Meetup]) -> None:
    """Tell the community's members (but not the host) that sessions they may join are out."""
    first = meetups[0]
    members = User.objects.filter(memberships__community=first.community, is_active=True)
    if first.host is not None:
        members = members.exclude(pk=first.host.user_id)
    notify(
        members,
        kind=Kind.PUBLISHED,
        template="meetups/email/published",
        context={"meetup": first, "count": len(meetups)},
        url=_url(first),
    )


def meetup_publish(*, meetup: Meetup) -> Meetup:
    if meetup.status != MeetupStatus.DRAFT:
        raise Conflict(_("Only a draft can be published."), code="not_a_draft")
    with transaction.atomic():
        meetup.status = MeetupStatus.PUBLISHED
        meetup.sequence += 1
        meetup.save(update_fields=["status", "sequence", "updated_at"])
        _announce([meetup])
    return meetup


def attendees(meetup: Meetup, statuses: Iterable[str] = (RsvpStatus.GOING,)) -> list[User]:
    return list(User.objects.filter(memberships__rsvps__meetup=meetup, memberships__rsvps__status__in=list(statuses)))


PLACE_AND_TIME = {"starts_at", "ends_at", "venue", "online_url"}
EDITABLE = {
    "title",
    "agenda",
    "skill",
    "venue",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "level_min",
    "level_max",
}


def meetup_update(*, meetup: Meetup, occurrences: str = "this", **changes: Any) -> list[Meetup]:
    """Change a session (or it and the rest of its series). Past sessions keep all but their notes.

    A change of time or place bumps the calendar SEQUENCE and tells everyone who is going.
    Shrinking the seats below the number of people going is refused.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}, code="invalid"
        )
    targets = [meetup]
    if occurrences == "rest" and meetup.series_id:
        targets = list(Meetup.objects.filter(series_id=meetup.series_id, starts_at__gte=meetup.starts_at))
    shift = None
    if "starts_at" in changes and occurrences == "rest":
        shift = changes["starts_at"] - meetup.starts_at
    changed: list[Meetup] = []
    with transaction.atomic():
        for target in Meetup.objects.select_for_update().filter(pk__in=[t.pk for t in targets]).order_by("starts_at"):
            if target.is_past:
                raise Conflict(_("A past session cannot be changed, except its notes."), code="past")
            # A session whose host left the community was cancelled as they left.
            if target.status == MeetupStatus.CANCELLED or target.host is None:
                raise Conflict(_("A cancelled session cannot be changed."), code="cancelled")
            values = dict(changes)
            if shift is not None and target.pk != meetup.pk:
                values["starts_at"] = target.starts_at + shift
                values["ends_at"] = target.ends_at + (changes.get("ends_at", meetup.ends_at) - meetup.ends_at)
            moved = any(getattr(target, k) != v for k, v in values.items() if k in PLACE_AND_TIME)
            for key, value in values.items():
                setattr(target, key, value)
            going = target.rsvps.filter(status=RsvpStatus.GOING).count()
            target.capacity = check_plan(
                community=target.community, host=target.host, venue=target.venue, online_url=target.online_url,
                starts_at=target.starts_at, ends_at=target.ends_at, capacity=target.capacity,
                cohosts=list(target.cohosts.all()),
            )  # fmt: skip
            if target.capacity < going:
                raise Conflict(
                    ngettext(
                        "%(n)s person is already going: the session needs at least %(n)s seat.",
                        "%(n)s people are already going: the session needs at least %(n)s seats.",
                        going,
                    )
                    % {"n": going},
                    code="capacity_below_going",
                )
            if target.level_min > target.level_max:
                raise ServiceError(_("The lowest level cannot be above the highest."), code="invalid_levels")
            if moved:
                target.sequence += 1
            target.save()
            if moved and target.status == MeetupStatus.PUBLISHED:
                notify(
                    attendees(target),
                    kind=Kind.CHANGED,
                    template="meetups/email/changed",
                    context={"meetup": target},
                    url=_url(target),
                )
            if target.status == MeetupStatus.PUBLISHED:
                _promote(target)
            changed.append(target)
    return changed


def meetup_host_change(*, meetup: Meetup, host: Membership) -> Meetup:
    """Hand a session over to another host (a planned teacher declined and another takes over).

    The new host's own answer, if any, is withdrawn: a host does not also attend. The calendar
    SEQUENCE goes up so that calendars show the new host.
    """
    with transaction.atomic():
        locked = Meetup.objects.select_for_update(of=("self",)).select_related("venue", "community").get(pk=meetup.pk)
        if locked.status == MeetupStatus.CANCELLED or locked.is_past:
            raise Conflict(_("A past or cancelled session cannot be changed."), code="not_open")
        check_plan(
            community=locked.community, host=host, venue=locked.venue, online_url=locked.online_url,
            starts_at=locked.starts_at, ends_at=locked.ends_at, capacity=locked.capacity,
        )  # fmt: skip
        Rsvp.objects.filter(meetup=locked, membership=host).delete()
        locked.host = host
        locked.sequence += 1
        locked.save(update_fields=["host", "sequence", "updated_at"])
        _promote(locked)
    return locked


def meetup_notes(*, meetup: Meetup, notes: str) -> Meetup:
    meetup.notes = notes
    meetup.save(update_fields=["notes", "updated_at"])
    return meetup


def meetup_cancel(*, meetup: Meetup) -> Meetup:
    with transaction.atomic():
        locked = Meetup.objects.select_for_update().get(pk=meetup.pk)
        if locked.status == MeetupStatus.CANCELLED:
            return locked
        if locked.is_past:
            raise Conflict(_("A past session cannot be cancelled."), code="past")
        was_published = locked.status == MeetupStatus.PUBLISHED
        locked.status = MeetupStatus.CANCELLED
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated_at"])
        if was_published:
            notify(
                attendees(locked, (RsvpStatus.GOING, RsvpStatus.WAITLISTED)),
                kind=Kind.CANCELLED,
                template="meetups/email/cancelled",
                context={"meetup": locked},
                url=_url(locked),
            )
    return locked


def cancel_coming(hosted: QuerySet[Meetup]) -> None:
    """Cancel the sessions among ``hosted`` that have not started yet (attendees are told): for a
    host who leaves the community, or whose account is erased or banned."""
    for meetup in hosted.filter(starts_at__gt=timezone.now()).exclude(status=MeetupStatus.CANCELLED):
        meetup_cancel(meetup=meetup)


def withdraw_coming(rsvps: QuerySet[Rsvp]) -> None:
    """Withdraw the answers among ``rsvps`` to sessions still to come, as if each member had
    answered "not going": their seats go to the waitlist, and a child left alone with an adult is
    flagged. For a member who leaves the community (or is removed), or an account erased or banned."""
    for rsvp in rsvps.filter(
        meetup__starts_at__gt=timezone.now(),
        status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED, RsvpStatus.PENDING_GUARDIAN],
    ).select_related("meetup", "membership"):
        meetup_rsvp(meetup=rsvp.meetup, membership=rsvp.membership, going=False)


def leave_coming_sessions(user: User) -> None:
    """The sessions still to come that ``user`` hosts are cancelled (attendees are told), and their
    answers to others are withdrawn (freeing seats for the waitlist): for an account erased or banned."""
    cancel_coming(Meetup.objects.filter(host__user=user))
    withdraw_coming(Rsvp.objects.filter(membership__user=user))


def meetup_rsvp(*, meetup: Meetup, membership: Membership, going: bool) -> Rsvp:
    """Answer going or not going. A full session puts the member on its waitlist; a minor's
    "going" waits for a guardian's consent first. Leaving frees a seat for the next in line."""
    if membership.community_id != meetup.community_id:
        raise ServiceError(_("Only members of the community can answer."), code="not_member")
    try:
        with transaction.atomic():
            locked = Meetup.objects.select_for_update(of=("self",)).select_related("venue").get(pk=meetup.pk)
            rsvp, _created = Rsvp.objects.get_or_create(
                meetup=locked, membership=membership, defaults={"status": RsvpStatus.NOT_GOING}
            )
            if not going:
                was_going = rsvp.status == RsvpStatus.GOING
                rsvp.status, rsvp.waitlisted_at = RsvpStatus.NOT_GOING, None
                rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
                if was_going:
                    _promote(locked)
                    _check_one_to_one(locked)
                return rsvp
            _may_attend(locked, membership)
            if rsvp.status in {RsvpStatus.GOING, RsvpStatus.WAITLISTED, RsvpStatus.PENDING_GUARDIAN}:
                return rsvp
            if membership.user.is_minor:
                if _standing_consent_seats(locked, rsvp):
                    return rsvp
                rsvp.status = RsvpStatus.PENDING_GUARDIAN
                rsvp.save(update_fields=["status", "updated_at"])
                notify(
                    membership.user.guardians(),
                    kind=Kind.RSVP_CONSENT,
                    template="meetups/email/consent",
                    context={"meetup": locked, "child": membership.user},
                    url=reverse("meetups:consents"),
                )
                return rsvp
            _seat(locked, rsvp)
            return rsvp
    except IntegrityError:
        # Two clicks raced to create the same answer; the first one stands.
        return Rsvp.objects.get(meetup=meetup, membership=membership)


def _standing_consent_seats(meetup: Meetup, rsvp: Rsvp) -> bool:
    """Seat a minor at once when a guardian's standing consent covers this community and the venue
    is suitable for minors — unless the seat would leave them alone with an adult who is not their
    guardian: then the answer waits for a guardian as usual. Returns whether the child was seated."""
    from sebaya.accounts.models import StandingConsent

    child = rsvp.membership.user
    if meetup.venue is None or not meetup.venue.minors_ok:
        return False
    consent = StandingConsent.objects.filter(minor=child, community_id=meetup.community_id).first()
    if consent is None:
        return False
    _seat(meetup, rsvp)
    if rsvp.status == RsvpStatus.GOING and one_to_one_with_a_child(meetup):
        rsvp.status, rsvp.waitlisted_at = RsvpStatus.NOT_GOING, None
        rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
        return False
    audit_record(
        action=Action.CONSENT_GIVEN, actor=consent.given_by, subject=child, community=meetup.community,
        target=meetup.title, rule="standing",
    )  # fmt: skip
    notify(
        child.guardians(),
        kind=Kind.RSVP_CONSENT,
        template="meetups/email/consent_standing",
        context={"meetup": meetup, "child": child, "waitlisted": rsvp.status == RsvpStatus.WAITLISTED},
        url=reverse("meetups:consents"),
    )
    return True


def one_to_one_with_a_child(meetup: Meetup) -> bool:
    """True when the session would be exactly one minor and one adult who is not their guardian."""
    people = [m for m in (meetup.host, *meetup.cohosts.all()) if m is not None]
    people += [r.membership for r in meetup.rsvps.filter(status=RsvpStatus.GOING).select_related("membership__user")]
    users = [m.user for m in people]
    minors = [u for u in users if u.is_minor]
    if len(users) != 2 or len(minors) != 1:
        return False
    adult = next(u for u in users if u is not minors[0])
    return not minors[0].guardians().filter(pk=adult.pk).exists()


def _check_one_to_one(meetup: Meetup) -> None:
    """Flag the session to its organisers and facilitators when leaving made it one child and one adult."""
    if meetup.flagged or not one_to_one_with_a_child(meetup):
        return
    meetup.flagged = True
    meetup.save(update_fields=["flagged", "updated_at"])
    watchers = User.objects.filter(
        memberships__community=meetup.community,
        memberships__role__in=[Membership.Role.ORGANISER, Membership.Role.FACILITATOR],
    )
    notify(
        watchers, kind=Kind.SAFEGUARDING, template="meetups/email/flagged", context={"meetup": meetup}, url=_url(meetup)
    )


def _may_attend(meetup: Meetup, membership: Membership) -> None:
    membership.ensure_not_suspended()
    if meetup.status != MeetupStatus.PUBLISHED:
        raise Conflict(_("This session is not open for answers."), code="not_open")
    if meetup.is_past:
        raise Conflict(_("This session is over."), code="past")
    if membership.pk == meetup.host_id:
        raise ServiceError(_("You host this session."), code="is_host")
    if membership.user.is_paused:
        raise Conflict(_("This account is paused by a guardian."), code="paused")
    if membership.user.is_minor and meetup.venue is not None and not meetup.venue.minors_ok:
        raise ServiceError(_("This venue is not suitable for members under 18."), code="venue_not_for_minors")


def _seat(meetup: Meetup, rsvp: Rsvp) -> None:
    """Give a seat if one is free, else a place at the end of the waitlist (the row is locked)."""
    going = meetup.rsvps.filter(status=RsvpStatus.GOING).count()
    if going < meetup.capacity:
        rsvp.status, rsvp.waitlisted_at = RsvpStatus.GOING, None
    else:
        rsvp.status, rsvp.waitlisted_at = RsvpStatus.WAITLISTED, timezone.now()
    rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])


def _promote(meetup: Meetup) -> None:
    """Fill free seats from the waitlist, first come first served, and tell those promoted."""
    free = meetup.capacity - meetup.rsvps.filter(status=RsvpStatus.GOING).count()
    if free <= 0:
        return
    promoted = list(
        meetup.rsvps.filter(status=RsvpStatus.WAITLISTED)
        .select_related("membership__user")
        .order_by("waitlisted_at", "pk")[:free]
    )
    for rsvp in promoted:
        rsvp.status, rsvp.waitlisted_at = RsvpStatus.GOING, None
        rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
    if promoted:
        notify(
            [r.membership.user for r in promoted],
            kind=Kind.PROMOTED,
            template="meetups/email/promoted",
            context={"meetup": meetup},
            url=_url(meetup),
        )


def waitlist_position(rsvp: Rsvp) -> int | None:
    if rsvp.status != RsvpStatus.WAITLISTED or rsvp.waitlisted_at is None:
        return None
    ahead = rsvp.meetup.rsvps.filter(status=RsvpStatus.WAITLISTED).filter(
        Q(waitlisted_at__lt=rsvp.waitlisted_at) | Q(waitlisted_at=rsvp.waitlisted_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def rsvp_guardian_decide(*, rsvp: Rsvp, guardian: User, approve: bool) -> Rsvp:
    """A guardian consents (the child then gets a seat or a waitlist place) or declines."""
    with transaction.atomic():
        meetup = Meetup.objects.select_for_update(of=("self",)).select_related("venue").get(pk=rsvp.meetup_id)
        locked = Rsvp.objects.select_related("membership__user", "membership__community").get(pk=rsvp.pk)
        if locked.status != RsvpStatus.PENDING_GUARDIAN:
            raise Conflict(_("This request has already been answered."), code="request_closed")
        if not locked.membership.user.guardians().filter(pk=guardian.pk).exists():
            raise ServiceError(_("Only the child's guardian can answer this."), code="not_guardian")
        audit_record(
            action=Action.CONSENT_GIVEN if approve else Action.CONSENT_REFUSED,
            actor=guardian,
            subject=locked.membership.user,
            community=locked.membership.community,
            target=meetup.title,
        )
        if not approve:
            locked.status = RsvpStatus.NOT_GOING
            locked.save(update_fields=["status", "updated_at"])
            return locked
        _may_attend(meetup, locked.membership)
        _seat(meetup, locked)
        return locked


def rsvp_stand_as_own(*, rsvp: Rsvp) -> Rsvp:
    """A member who waited for a guardian's consent has come of age: their answer now stands as
    their own — a seat or a waitlist place if the session still takes them, else not going."""
    with transaction.atomic():
        meetup = Meetup.objects.select_for_update(of=("self",)).select_related("venue").get(pk=rsvp.meetup_id)
        locked = Rsvp.objects.select_related("membership__user").get(pk=rsvp.pk)
        if locked.status != RsvpStatus.PENDING_GUARDIAN:
            return locked
        try:
            _may_attend(meetup, locked.membership)
        except ServiceError:
            locked.status = RsvpStatus.NOT_GOING
            locked.save(update_fields=["status", "updated_at"])
        else:
            _seat(meetup, locked)
        return locked


def attendance_mark(*, meetup: Meetup, present: Iterable[int]) -> None:
    """The host records who came (membership ids); everyone else who said going is a no-show."""
    if meetup.starts_at - CHECKIN_EARLY > timezone.now():
        raise Conflict(_("Attendance can be taken once the session has begun."), code="not_started")
    present_ids = set(present)
    with transaction.atomic():
        for rsvp in meetup.rsvps.filter(status=RsvpStatus.GOING):
            came = rsvp.membership_id in present_ids
            if rsvp.attended != came:
                rsvp.attended = came
                rsvp.checked_in_at = rsvp.checked_in_at or (timezone.now() if came else None)
                rsvp.save(update_fields=["attended", "checked_in_at", "updated_at"])
        if meetup.status == MeetupStatus.PUBLISHED and meetup.is_past:
            Meetup.objects.filter(pk=meetup.pk).update(status=MeetupStatus.DONE)


def check_in(*, meetup: Meetup, membership: Membership, code: str) -> Rsvp:
    """An attendee checks themselves in with the code the host shows, during the session (not while
    their membership is suspended: a suspension keeps them out of the community's sessions)."""
    membership.ensure_not_suspended()
    now = timezone.now()
    if not meetup.starts_at - CHECKIN_EARLY <= now <= meetup.ends_at:
        raise Conflict(_("Check-in is open from 30 minutes before the start until the end."), code="checkin_closed")
    if code.strip() != meetup.checkin_code:
        raise ServiceError(_("That code is not right. Ask the host for the code on their screen."), code="wrong_code")
    rsvp = Rsvp.objects.filter(meetup=meetup, membership=membership, status=RsvpStatus.GOING).first()
    if rsvp is None:
        raise ServiceError(_("Only people who said they are going can check in."), code="not_going")
    rsvp.attended, rsvp.checked_in_at = True, rsvp.checked_in_at or now
    rsvp.save(update_fields=["attended", "checked_in_at", "updated_at"])
    return rsvp


def feedback_give(*, meetup: Meetup, membership: Membership, usefulness: int, pace: str, comment: str = "") -> Feedback:
    if meetup.starts_at > timezone.now():
        raise Conflict(_("Feedback opens when the session starts."), code="not_started")
    took_part = Rsvp.objects.filter(meetup=meetup, membership=membership, status=RsvpStatus.GOING).exclude(
        attended=False
    )
    if not took_part.exists():
        raise ServiceError(_("Only people who took part can give feedback."), code="not_attendee")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                meetup=meetup, membership=membership, usefulness=usefulness, pace=pace, comment=comment
            )
    except IntegrityError:
        raise Conflict(_("You have already given feedback on this session."), code="feedback_given") from None


def feedback_summary(meetup: Meetup) -> dict[str, Any]:
    """What the host sees: averages and counts, and the comments without names, in random order."""
    qs = meetup.feedback.all()
    agg = qs.aggregate(n=Count("id"), usefulness=Avg("usefulness"))
    pace = {row["pace"]: row["n"] for row in qs.values("pace").annotate(n=Count("id"))}
    comments = sorted((c for c in qs.values_list("comment", flat=True) if c), key=hash)
    return {"count": agg["n"], "usefulness": agg["usefulness"], "pace": pace, "comments": comments}


def reminders_send_due(now: datetime.datetime | None = None) -> int:
    """Send the 24-hour and 2-hour reminders that are due; each goes out once. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for field, ahead in REMINDERS:
        due = Meetup.objects.filter(
            status=MeetupStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + ahead, **{f"{field}__isnull": True}
        )
        for meetup in due.select_related("community", "venue", "skill"):
            with transaction.atomic():
                # Mark first, in one conditional update, so that two workers never remind twice; the
                # 2-hour reminder also stands for a 24-hour one that was never sent.
                marks = {field: now} if field == "reminded_24h_at" else {field: now, "reminded_24h_at": now}
                if not Meetup.objects.filter(pk=meetup.pk, **{f"{field}__isnull": True}).update(**marks):
                    continue
                notify(
                    attendees(meetup),
                    kind=Kind.REMINDER,
                    template="meetups/email/reminder",
                    context={"meetup": meetup, "hours": int(ahead.total_seconds() // 3600)},
                    url=_url(meetup),
                )
                sent += 1
    return sent
