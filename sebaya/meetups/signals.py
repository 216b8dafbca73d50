"""What happens to sessions when a member leaves the community (or is removed from it)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from sebaya.communities.models import Membership

from .models import Meetup, Rsvp


@receiver(pre_delete, sender=Membership)
def leave_the_leavers_sessions(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    """The sessions the member would have hosted are cancelled (attendees are told); the past ones
    stay in the community's record, hosted by a former member. Their seats in sessions still to
    come go to the waitlist, and a child they would have left alone with an adult is flagged."""
    from .services import cancel_coming, withdraw_coming

    cancel_coming(Meetup.objects.filter(host=instance))
    withdraw_coming(Rsvp.objects.filter(membership=instance))
