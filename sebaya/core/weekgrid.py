"""The weekly grid of one-hour slots, 08:00–22:00, used for availability and opening hours.

A slot is an integer ``day * HOURS_PER_DAY + (hour - FIRST_HOUR)`` with day 0 = Monday, which is
exactly the slot numbering of a planner horizon that starts on a Monday at 08:00 with 60-minute slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

FIRST_HOUR = 8
LAST_HOUR = 22  # exclusive: the last slot is 21:00–22:00
HOURS_PER_DAY = LAST_HOUR - FIRST_HOUR
DAYS = 7
ALL_SLOTS = range(DAYS * HOURS_PER_DAY)
DAY_NAMES = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
DAY_ABBR = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def slot(day: int, hour: int) -> int:
    return day * HOURS_PER_DAY + (hour - FIRST_HOUR)


def to_ranges(slots: Iterable[int]) -> list[list[int]]:
    """Sorted slots as half-open ``[from, to)`` ranges, the form the planner reads."""
    out: list[list[int]] = []
    for s in sorted(set(slots)):
        if out and out[-1][1] == s and s % HOURS_PER_DAY != 0:
            out[-1][1] = s + 1
        else:
            out.append([s, s + 1])
    return out


def describe(slots: Sequence[int]) -> list[tuple[str, str]]:
    """Human summary: [(day name, "08:00–10:00, 16:00–18:00")] for the days that have slots."""
    by_day: dict[int, list[list[int]]] = {}
    for a, b in to_ranges(slots):
        by_day.setdefault(a // HOURS_PER_DAY, []).append([a, b])
    return [
        (
            str(DAY_NAMES[day]),
            ", ".join(
                f"{FIRST_HOUR + a % HOURS_PER_DAY:02d}:00–{FIRST_HOUR + (b - 1) % HOURS_PER_DAY + 1:02d}:00"
                for a, b in spans
            ),
        )
        for day, spans in sorted(by_day.items())
    ]


class WeekGridWidget(forms.Widget):
    """A table of checkboxes, hours down and days across: quick to tap through on a phone."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return list(data.getlist(name)) if hasattr(data, "getlist") else list(data.get(name, []))

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = {int(v) for v in (value or []) if str(v).isdigit()}
        grid_id = (attrs or {}).get("id", f"id_{name}")
        head = format_html_join(
            "", '<th scope="col" abbr="{}">{}</th>', ((d, a) for d, a in zip(DAY_NAMES, DAY_ABBR, strict=True))
        )
        rows = []
        for hour in range(FIRST_HOUR, LAST_HOUR):
            cells = format_html_join(
                "",
                '<td><label><input type="checkbox" name="{}" value="{}" data-day="{}" data-hour="{}"{}>'
                '<span></span><span class="visually-hidden">{} {}</span></label></td>',
                (
                    (
                        name,
                        slot(d, hour),
                        d,
                        hour,
                        " checked" if slot(d, hour) in chosen else "",
                        DAY_NAMES[d],
                        f"{hour:02d}:00",
                    )
                    for d in range(DAYS)
                ),
            )
            rows.append(format_html('<tr><th scope="row">{}</th>{}</tr>', f"{hour:02d}:00", cells))
        presets = format_html_join(
            " ",
            '<button type="button" class="small secondary" data-fill="{}" data-grid="#{}">{}</button>',
            (
                ("weekday-evenings", grid_id, _("Weekday evenings")),
                ("after-school", grid_id, _("Weekday afternoons")),
                ("weekends", grid_id, _("Weekends")),
                ("clear", grid_id, _("Clear all")),
            ),
        )
        return format_html(
            '<div class="actions">{}</div><div class="table-scroll"><table class="week-grid" id="{}">'
            "<thead><tr><td></td>{}</tr></thead><tbody>{}</tbody></table></div>",
            presets,
            grid_id,
            head,
            SafeString("".join(rows)),
        )


class WeekGridField(forms.Field):
    widget = WeekGridWidget

    def to_python(self, value: Any) -> list[int]:
        try:
            slots = sorted({int(v) for v in value or []})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose hours from the grid.")) from None
        if any(s not in ALL_SLOTS for s in slots):
            raise forms.ValidationError(_("Choose hours from the grid."))
        return slots
