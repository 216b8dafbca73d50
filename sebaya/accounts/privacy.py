"""Data rights (Indonesia's Personal Data Protection Law, No. 27/2022): export and erasure.

Each app says what it holds through its ``personal_data`` module (see ``sebaya.core.personal_data``);
this module only assembles the export and runs the erasure.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sebaya.audit.models import Action
from sebaya.audit.services import audit_record
from sebaya.core.errors import Conflict, ServiceError
from sebaya.core.personal_data import collect_export, collect_files, erase_everywhere

from .models import DataExport, Guardianship, User


def can_manage(actor: User, subject: User) -> bool:
    """A person manages their own data; a guardian their child's."""
    return actor.pk == subject.pk or Guardianship.objects.filter(guardian=actor, minor=subject).exists()


def data_export_request(*, actor: User, subject: User, request: HttpRequest | None = None) -> DataExport:
    """Ask for a ZIP of everything about ``subject``. It is built by the task worker once the
    request commits, so that a big account never holds up a page; an export that is already being
    prepared is returned instead of starting a second one."""
    from .tasks import build_export

    if not can_manage(actor, subject):
        raise ServiceError(_("You can export only your own data or your child's."), code="not_allowed")
    with transaction.atomic():
        running = DataExport.objects.filter(
            subject=subject, requested_by=actor, status=DataExport.Status.PENDING
        ).first()
        if running is not None:
            return running
        export = DataExport.objects.create(
            subject=subject,
            requested_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=settings.SEBAYA_EXPORT_DAYS),
        )
        audit_record(action=Action.DATA_EXPORT, actor=actor, subject=subject, request=request, export=export.pk)
        transaction.on_commit(lambda: build_export.enqueue(export_id=export.pk))
    return export


def _export_dir() -> Path:
    folder = Path(settings.SEBAYA_EXPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def data_export_build(*, export: DataExport) -> DataExport:
    """Write the ZIP: ``data.json`` (each app's section) and the person's files, mode 0600."""
    subject = export.subject
    data = {
        "format": "sebaya-personal-data/1",
        "created_at": timezone.now(),
        "person": subject.pk,
        "apps": collect_export(subject),
    }
    path = _export_dir() / f"{export.pk}-{secrets.token_hex(16)}.zip"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            for name, file in collect_files(subject):
                with file.open("rb") as f:
                    archive.writestr(f"files/{name}", f.read())
    except Exception:
        path.unlink(missing_ok=True)
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        raise
    export.path, export.size, export.status = str(path), path.stat().st_size, DataExport.Status.READY
    export.save(update_fields=["path", "size", "status"])
    return export


def data_exports_purge(now: datetime.datetime | None = None) -> int:
    """Delete expired exports and their files (run daily)."""
    expired = DataExport.objects.filter(expires_at__lte=now or timezone.now())
    for export in expired:
        if export.path:
            Path(export.path).unlink(missing_ok=True)
    return expired.delete()[0]


def user_erase(*, actor: User, subject: User, request: HttpRequest | None = None) -> None:
    """Erase a person: every app removes what is theirs alone and anonymises what others still need
    (past attendance, feedback, hosted sessions stay, by a "former member"); then the account is
    emptied and closed. Guardians of an erased minor are told. The audit row names no personal data.

    Refused (nothing changes) when the person is the last organiser of a community or the only
    guardian of a child."""
    from sebaya.notifications.models import Kind
    from sebaya.notifications.services import notify

    if not can_manage(actor, subject):
        raise ServiceError(_("You can erase only your own account or your child's."), code="not_allowed")
    if subject.erased_at is not None:
        raise Conflict(_("This account has already been erased."), code="erased")
    guardians = [g for g in subject.guardians() if g.pk != actor.pk]
    was_minor, name = subject.is_minor, subject.display_name
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=subject.pk)
        for export in DataExport.objects.filter(Q(subject=locked) | Q(requested_by=locked)):
            if export.path:
                path = Path(export.path)
                transaction.on_commit(lambda p=path: p.unlink(missing_ok=True))  # type: ignore[misc]
        erase_everywhere(locked)
        locked.display_name = ""
        locked.email = None
        locked.username = f"erased-{locked.pk}"
        locked.birth_date = datetime.date(1900, 1, 1)
        locked.is_active = False
        locked.is_staff = False
        locked.is_superuser = False
        locked.paused_at = None
        locked.show_full_name = False
        locked.erased_at = timezone.now()
        locked.set_unusable_password()
        locked.save()
        audit_record(
            action=Action.ERASURE,
            actor=actor,
            subject=locked,
            by_guardian=actor.pk != subject.pk,
        )
        if was_minor and guardians:
            notify(
                guardians,
                kind=Kind.ACCOUNT,
                template="accounts/email/child_erased",
                context={"by": actor, "name": name},
            )
    subject.refresh_from_db()
