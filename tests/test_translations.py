"""The translation catalogues stay complete and in step with the code.

Sebaya's source strings are English and its default language is Bahasa Indonesia, so a string
added without an Indonesian translation shows up in English to most visitors. These tests
re-extract the messages from the current source (as ``make messages`` does), and fail naming
every message that is untranslated, fuzzy or whose placeholders differ from the original; they
also check that the committed ``.mo`` files are compiled from the committed ``.po`` files and
that pages come out in the visitor's language.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ("id", "en")
# Not copied for the re-extraction: the virtualenv, history, runtime data and caches.
NOT_COPIED = {".venv", ".git", "var", "staticfiles", "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
PYTHON_FORMAT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
BRACE_FORMAT = re.compile(r"\{[^{}]*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        where = f" ({self.references[0]})" if self.references else ""
        ctxt = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"{ctxt}{self.msgid!r}{where}"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted PO string: {text}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Read a PO file: its header entry and its live (non-obsolete) messages."""
    entries: list[Entry] = []
    current = Entry()
    started = False  # a keyword line of the current entry has been read
    target: tuple[str, int] = ("msgid", 0)

    def finish() -> None:
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(), False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#"):
            if started:
                finish()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                current.references.extend(line[2:].split())
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line)
        if match:
            keyword, index, value = match.group(1), int(match.group(2) or 0), _unquote(match.group(3))
            if keyword in ("msgctxt", "msgid") and started and (keyword == "msgctxt" or current.msgstr):
                finish()
            started = True
            target = (keyword, index)
        elif line.startswith('"'):
            value = _unquote(line)
            keyword, index = target
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
        if keyword == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        elif keyword == "msgid":
            current.msgid += value
        elif keyword == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        else:
            current.msgctxt = (current.msgctxt or "") + value
    finish()

    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), Entry())
    messages = [e for e in entries if e is not header]
    return header, messages


def header_fields(header: Entry) -> dict[str, str]:
    fields = {}
    for line in header.msgstr.get(0, "").splitlines():
        name, _sep, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def placeholders(entry: Entry, text: str) -> Counter[str]:
    found: list[str] = []
    if "python-format" in entry.flags:
        found += [p for p in PYTHON_FORMAT.findall(text) if p != "%%"]
    if "python-brace-format" in entry.flags:
        found += BRACE_FORMAT.findall(text)
    return Counter(found)


def problems(entries: list[Entry]) -> list[str]:
    """Every way in which an Indonesian catalogue falls short, one line per message."""
    found = []
    for entry in entries:
        forms = entry.msgstr or {0: ""}
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy (check the translation, then remove the flag): {entry.label}")
        elif not all(forms.values()):
            found.append(f"not translated: {entry.label}")
            continue
        expected = placeholders(entry, entry.msgid_plural or entry.msgid)
        for index, text in sorted(forms.items()):
            got = placeholders(entry, text)
            if got != expected:
                found.append(
                    f"placeholders differ in msgstr[{index}]: {sorted(got.elements())} instead of "
                    f"{sorted(expected.elements())}: {entry.label}"
                )
    return found


def makemessages_ignores() -> list[str]:
    """The --ignore patterns of ``make messages``, so that the test extracts exactly what it does."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lines = [line for line in makefile.splitlines() if "makemessages" in line and "manage.py" in line]
    assert lines, "The Makefile has no `messages` target running makemessages."
    return re.findall(r"--ignore=(\S+)", lines[0])


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Entry, list[Entry]]:
    """A fresh `makemessages -l id` over a copy of the current source, merged into the committed catalogue."""
    work = tmp_path_factory.mktemp("messages")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for item in ROOT.iterdir():
        if item.name in NOT_COPIED or item.name.endswith(".egg-info"):
            continue
        if item.is_dir():
            shutil.copytree(item, work / item.name, ignore=skip, symlinks=True)
        else:
            shutil.copy2(item, work / item.name)
    env = {**os.environ, "SEBAYA_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(work)}
    command = [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete"]
    command += [f"--ignore={pattern}" for pattern in makemessages_ignores()]
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    return parse_po(work / "locale" / "id" / "LC_MESSAGES" / "django.po")


def test_every_message_in_the_source_has_an_indonesian_translation(
    extracted: tuple[Entry, list[Entry]],
) -> None:
    header, entries = extracted
    assert len(entries) > 100, "makemessages found suspiciously few messages: was the source copied?"
    fields = header_fields(header)
    assert "fuzzy" not in header.flags, "The catalogue header is marked fuzzy: msgfmt would drop it."
    assert fields.get("Language") == "id"
    assert fields.get("Plural-Forms") == "nplurals=1; plural=0;"
    found = problems(entries)
    assert not found, (
        f"{len(found)} message(s) need work in locale/id/LC_MESSAGES/django.po "
        "(run `make messages`, translate, and run it again to compile):\n  " + "\n  ".join(found)
    )


def test_the_checks_catch_missing_fuzzy_and_broken_translations() -> None:
    good = Entry("Join %(name)s", msgstr={0: "Bergabung dengan %(name)s"}, flags={"python-format"})
    empty = Entry("Log in", msgstr={0: ""})
    fuzzy = Entry("Log out", msgstr={0: "Masuk"}, flags={"fuzzy"})
    dropped = Entry("Welcome, %(name)s!", msgstr={0: "Selamat datang!"}, flags={"python-format"})
    plural = Entry("%(counter)s member", "%(counter)s members", msgstr={0: "anggota"}, flags={"python-format"})
    found = problems([good, empty, fuzzy, dropped, plural])
    assert len(found) == 4
    assert found[0].startswith("not translated: 'Log in'")
    assert found[1].startswith("fuzzy")
    assert "['%(name)s']" in found[2]
    assert "['%(counter)s']" in found[3]


def test_the_po_reader_handles_wrapped_plural_and_flagged_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: id\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid ""\n"Hello,\\n"\n"%(name)s \\"here\\""\nmsgstr ""\n"Halo,\\n"\n"%(name)s"\n\n'
        '#, fuzzy, python-format\n#| msgid "x"\n'
        'msgid "%(counter)s room"\nmsgid_plural "%(counter)s rooms"\nmsgstr[0] "%(counter)s ruangan"\n\n'
        'msgctxt "venue"\nmsgid "Open"\nmsgstr "Buka"\n'
        '#~ msgid "Gone"\n#~ msgstr "Hilang"\n',
        encoding="utf-8",
    )
    header, entries = parse_po(po)
    assert header_fields(header) == {"Language": "id", "Plural-Forms": "nplurals=1; plural=0;"}
    assert header.flags == set()
    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr) for e in entries] == [
        (None, 'Hello,\n%(name)s "here"', None, {0: "Halo,\n%(name)s"}),
        (None, "%(counter)s room", "%(counter)s rooms", {0: "%(counter)s ruangan"}),
        ("venue", "Open", None, {0: "Buka"}),
    ]
    assert entries[0].references == ["a.py:1"]
    assert entries[1].flags == {"fuzzy", "python-format"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_is_compiled_from_the_committed_po(language: str) -> None:
    directory = LOCALE / language / "LC_MESSAGES"
    header, entries = parse_po(directory / "django.po")
    assert "fuzzy" not in header.flags, f"The header of locale/{language}/LC_MESSAGES/django.po is marked fuzzy."
    with (directory / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        translated = "fuzzy" not in entry.flags and entry.msgstr and all(entry.msgstr.values())
        if entry.msgid_plural is None:
            expected = entry.msgstr[0] if translated else entry.msgid
            got = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt is not None
                else compiled.gettext(entry.msgid)
            )
            if got != expected:
                stale.append(f"{entry.label}: .mo has {got!r}, .po has {expected!r}")
            continue
        for n in (1, 2, 5):
            form = compiled.plural(n) if translated else int(n != 1)
            if translated and form not in entry.msgstr:
                stale.append(f"{entry.label}: the .mo's plural rule picks form {form}, which the .po lacks")
                continue
            expected = entry.msgstr[form] if translated else (entry.msgid if n == 1 else entry.msgid_plural)
            got = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt is not None
                else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
            )
            if got != expected:
                stale.append(f"{entry.label} (n={n}): .mo has {got!r}, .po has {expected!r}")
    live = {e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}" for e in entries} | {""}
    catalog: dict[Any, str] = compiled._catalog
    extra = sorted({key[0] if isinstance(key, tuple) else key for key in catalog} - live)
    stale += [f"{key!r} is in the .mo but no longer in the .po" for key in extra]
    assert not stale, (
        f"locale/{language}/LC_MESSAGES/django.mo is out of date; run `make messages` (or "
        "`manage.py compilemessages`) and commit it:\n  " + "\n  ".join(stale)
    )


def test_messages_come_out_in_the_active_language() -> None:
    with translation.override("id"):
        assert _("Log in") == "Masuk"
        assert _("Sign up") == "Daftar"
        assert _("Log out") == "Keluar"
        assert _("Password") == "Kata sandi"
        assert ngettext("%(counter)s member", "%(counter)s members", 3) % {"counter": 3} == "3 anggota"
        assert ngettext("%(counter)s member", "%(counter)s members", 1) % {"counter": 1} == "1 anggota"
        assert pgettext("no such context", "Log in") == "Log in"
    with translation.override("en"):
        assert _("Log in") == "Log in"
        assert ngettext("%(counter)s member", "%(counter)s members", 3) % {"counter": 3} == "3 members"
        assert ngettext("%(counter)s member", "%(counter)s members", 1) % {"counter": 1} == "1 member"


def test_the_home_page_speaks_the_browsers_language(client: Client, member: Any, community: Any) -> None:
    indonesian = client.get("/", HTTP_ACCEPT_LANGUAGE="id-ID,id;q=0.9,en;q=0.5")
    assert indonesian.status_code == 200
    assert indonesian.headers["Content-Language"] == "id"
    page = indonesian.content.decode()
    assert '<html lang="id">' in page
    assert "Saling belajar, dekat dari rumah" in page
    assert "Komunitas di dekat Anda" in page
    assert community.name in page
    assert "1 anggota" in page
    assert "Learn from each other" not in page

    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.status_code == 200
    assert english.headers["Content-Language"] == "en"
    page = english.content.decode()
    assert '<html lang="en">' in page
    assert "Learn from each other, close to home" in page
    assert "Communities near you" in page
    assert "1 member" in page
    assert "Saling belajar" not in page
