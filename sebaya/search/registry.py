"""What is searchable, and keeping the index current.

An app makes a model searchable with one call, usually from its ``AppConfig.ready``::

    from sebaya.search.registry import register
    register(Material, kind="material", entry=material_entry, m2m=[Material.skills.through])

``entry(obj)`` returns an :class:`Entry` (or a dict with the same keys) describing the object as the
index should hold it, or ``None`` when it must not be found at all (a draft, a removed post). From
then on every save, delete and change of the listed many-to-many relations re-indexes the object, in
the same transaction. ``also`` names related models whose change alters what this model's entries
say, e.g. a community turning unlisted changes who may find its sessions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import Audience, Document, DocumentSkill, DocumentText
from .text import LANGUAGES, guess_language, stemmed, tags

KINDS = ("material", "session", "discussion", "community")


@dataclass(frozen=True)
class Entry:
    """A searchable thing as the index holds it.

    ``public`` means anyone may find it; otherwise only members of ``community_id`` (and, with
    ``staff_only``, only its organisers and facilitators, plus ``owner_id``). ``title_indexed=False``
    shows the title in results without matching on it (a reply shows its thread's title).
    """

    title: str
    body: str
    url: str
    kind: str
    community_id: int | None = None
    public: bool = False
    language: str = ""
    skill_ids: tuple[int, ...] = ()
    levels: tuple[int, ...] = ()
    licence: str = ""
    staff_only: bool = False
    owner_id: int | None = None
    title_indexed: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, value: Entry | Mapping[str, Any], *, kind: str) -> Entry:
        if isinstance(value, Entry):
            return value
        known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
        known.setdefault("kind", kind)
        known["skill_ids"] = tuple(known.get("skill_ids") or ())
        known["levels"] = tuple(known.get("levels") or ())
        known["licence"] = known.get("licence") or ""
        return cls(**known)

    @property
    def audience(self) -> str:
        if self.staff_only:
            return Audience.STAFF
        return Audience.PUBLIC if self.public else Audience.MEMBERS


EntryFn = Callable[[Any], "Entry | Mapping[str, Any] | None"]


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    kind: str
    entry: EntryFn

    @property
    def label(self) -> str:
        return str(self.model._meta.label)


_sources: dict[type[models.Model], Source] = {}


def register(
    model: type[models.Model],
    *,
    kind: str,
    entry: EntryFn,
    m2m: Iterable[Any] = (),
    also: Mapping[type[models.Model], Callable[[Any], Iterable[models.Model]]] | None = None,
) -> None:
    """Make ``model`` searchable as ``kind`` (one of :data:`KINDS`); see the module's docstring."""
    if kind not in KINDS:
        raise ValueError(f"unknown search kind {kind!r}; add it to KINDS and to the page's filter")
    source = Source(model, kind, entry)
    _sources[model] = source
    uid = f"search:{model._meta.label}"

    def saved(sender: Any, instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            index_object(instance)

    def deleted(sender: Any, instance: models.Model, **kwargs: Any) -> None:
        unindex(source.label, instance.pk)

    def related_changed(sender: Any, instance: models.Model, action: str, reverse: bool, **kwargs: Any) -> None:
        if action not in {"post_add", "post_remove", "post_clear"}:
            return
        if not reverse:
            index_object(instance)
        else:
            for pk in kwargs.get("pk_set") or ():
                obj = model._default_manager.filter(pk=pk).first()
                if obj is not None:
                    index_object(obj)

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for through in m2m:
        m2m_changed.connect(related_changed, sender=through, weak=False, dispatch_uid=f"{uid}:m2m:{through}")
    for other, objects in (also or {}).items():

        def other_saved(
            sender: Any, instance: models.Model, raw: bool = False, objects: Any = objects, **kw: Any
        ) -> None:
            if not raw:
                for obj in objects(instance):
                    index_object(obj)

        post_save.connect(other_saved, sender=other, weak=False, dispatch_uid=f"{uid}:also:{other._meta.label}")


def sources() -> list[Source]:
    return list(_sources.values())


def source_for(obj: models.Model) -> Source | None:
    return _sources.get(type(obj))


def index_object(obj: models.Model) -> Document | None:
    """Re-index one object of a registered model now (services call it after a bulk update)."""
    source = source_for(obj)
    if source is None:
        return None
    value = source.entry(obj)
    if value is None:
        unindex(source.label, obj.pk)
        return None
    return _store(Entry.of(value, kind=source.kind), obj.pk, source.label)


def unindex(source_label: str, object_id: Any) -> None:
    Document.objects.filter(source=source_label, object_id=object_id).delete()


def _levels_mask(levels: Iterable[int]) -> int:
    return sum(1 << lv for lv in set(levels) if 1 <= lv <= 5)


def document_fields(entry: Entry) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rows an entry becomes (the document, its text), stemmed in its language (guessed when not given)."""
    language = entry.language if entry.language in LANGUAGES else guess_language(f"{entry.title} {entry.body}")
    return {
        "kind": entry.kind,
        "title": entry.title[:300],
        "language": language,
        "community_id": entry.community_id,
        "audience": entry.audience,
        "owner_id": entry.owner_id,
        "url": entry.url[:300],
        "levels": _levels_mask(entry.levels),
        "licence": entry.licence[:40],
    }, {
        "body": entry.body,
        "stem_title": stemmed(entry.title, language) if entry.title_indexed else "",
        "stem_body": stemmed(entry.body, language),
        "stem_tags": tags(
            kind=entry.kind, language=language, community_id=entry.community_id, audience=entry.audience,
            owner_id=entry.owner_id, levels=entry.levels, licence=entry.licence, skill_ids=entry.skill_ids,
        ),
    }  # fmt: skip


def _store(entry: Entry, object_id: Any, source_label: str) -> Document:
    fields, text = document_fields(entry)
    doc, _created = Document.objects.update_or_create(source=source_label, object_id=object_id, defaults=fields)
    DocumentText.objects.update_or_create(document=doc, defaults=text)
    wanted = set(entry.skill_ids)
    have = set(DocumentSkill.objects.filter(document=doc).values_list("skill_id", flat=True))
    if have - wanted:
        DocumentSkill.objects.filter(document=doc, skill_id__in=have - wanted).delete()
    if wanted - have:
        DocumentSkill.objects.bulk_create([DocumentSkill(document=doc, skill_id=s) for s in wanted - have])
    return doc


def rebuild(*, batch: int = 500, out: Callable[[str], None] | None = None) -> int:
    """Index every object of every registered model again and drop the rows of what no longer exists."""
    total = 0
    for source in sources():
        started = timezone.now()
        count = 0
        for obj in source.model._default_manager.order_by("pk").iterator(chunk_size=batch):
            if index_object(obj) is not None:
                count += 1
        # Every row written above has a fresh updated_at: older ones belong to deleted or hidden objects.
        Document.objects.filter(source=source.label, updated_at__lt=started).delete()
        total += count
        if out:
            out(f"{source.kind} ({source.label}): {count}")
    return total
