"""A new kind of reportable thing registers in a few lines and gets reporting, hiding and the queue."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from sebaya.moderation import registry
from sebaya.moderation.models import Report
from sebaya.moderation.services import report_act, report_create
from sebaya.venues.models import Venue


def test_a_registered_kind_can_be_reported_and_hidden(monkeypatch, community, member, organiser, venue):
    hidden: list[tuple[Venue, object]] = []
    monkeypatch.setattr(registry, "_TARGETS", dict(registry._TARGETS))
    target = registry.register(
        "place",
        Venue,
        fetch=lambda user, c, pk: get_object_or_404(Venue, pk=pk, community=c),
        community=lambda v: v.community,
        author=lambda v: None,
        involves_minor=lambda v: False,
        describe=lambda v: v.name,
        url=lambda v: f"/venues/{v.pk}/",
        hide=lambda v, by: hidden.append((v, by)),
    )
    assert "place" in registry.kinds()
    report = report_create(
        reporter=member, community=community, target=target, obj=venue, reason="inappropriate", details="Rude sign."
    )
    assert (report.kind, report.target_label, report.subject) == ("place", "Perpustakaan Cilandak", None)
    report_act(report=report, by=organiser, action="hide")
    assert hidden == [(venue, organiser)]
    assert Report.objects.get().outcome == "hidden"
