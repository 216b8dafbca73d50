"""What accounts hold about a person: the account, guardianship, tokens, consents, exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sebaya.core.errors import Conflict

from .models import ApiToken, ChildLoginLink, DataExport, GuardianRequest, Guardianship, StandingConsent, User


def export(user: User) -> dict[str, Any]:
    return {
        "account": {
            "display_name": user.display_name,
            "email": user.email,
            "username": user.username,
            "birth_date": user.birth_date,
            "language": user.language,
            "timezone": user.timezone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "paused_at": user.paused_at,
            "show_full_name": user.show_full_name,
        },
        "guardians": [{"name": g.display_name, "email": g.email} for g in user.guardians()],
        "children": [{"name": c.display_name, "username": c.username} for c in user.children()],
        "guardian_requests": [
            {"guardian_email": r.guardian_email, "created_at": r.created_at, "confirmed_at": r.confirmed_at}
            for r in GuardianRequest.objects.filter(minor=user)
        ],
        "standing_consents": [
            {"community": c.community.name, "since": c.created_at}
            for c in StandingConsent.objects.filter(minor=user).select_related("community")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": t.created_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
            for t in ApiToken.objects.filter(user=user)
        ],
        "login_links": [
            {"created_at": link.created_at, "used_at": link.used_at}
            for link in ChildLoginLink.objects.filter(minor=user)
        ],
    }


def erase(user: User) -> None:
    """Remove tokens, links and requests; end guardianships. A guardian who is a child's only
    guardian cannot be erased: the child would be left with nobody to answer for them."""
    alone = [
        g.minor.display_name
        for g in Guardianship.objects.filter(guardian=user).select_related("minor")
        if not Guardianship.objects.filter(minor=g.minor).exclude(guardian=user).exists()
    ]
    if alone:
        raise Conflict(
            _("You are the only guardian of %(names)s. Invite another guardian or erase their account first.")
            % {"names": ", ".join(alone)},
            code="only_guardian",
        )
    Guardianship.objects.filter(guardian=user).delete()
    Guardianship.objects.filter(minor=user).delete()
    ApiToken.objects.filter(user=user).delete()
    ChildLoginLink.objects.filter(minor=user).delete()
    GuardianRequest.objects.filter(minor=user).delete()
    GuardianRequest.objects.filter(guardian_email__iexact=user.email or "-").delete()
    StandingConsent.objects.filter(minor=user).delete()
    DataExport.objects.filter(subject=user).delete()
    DataExport.objects.filter(requested_by=user).delete()
