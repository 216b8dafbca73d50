"""Words for the index: tokenising, stemming in Indonesian and English, and highlighted snippets.

Both the index and the query are stemmed here, in Python, so that SQLite's FTS5 and PostgreSQL's
full-text search see the same words and need no language support of their own. A document is
stemmed in its own language; a query's words are stemmed both ways and either stem may match,
because a search box does not know which language its words are in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import snowballstemmer
from django.utils.html import escape
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

LANGUAGES = ("id", "en")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_QUERY_WORDS = 8

_id_stemmer = StemmerFactory().create_stemmer()
_en_stemmer = snowballstemmer.stemmer("english")

# Frequent words that tell the two languages apart (and carry no meaning of their own for search).
_ID_HINT_WORDS = (
    "yang dan di ke dari untuk dengan ini itu akan kita kami tidak ada dalam pada juga atau bisa "
    "sudah belum saya anda mereka cara bagi oleh agar tentang setiap secara bersama"
)
_EN_HINT_WORDS = (
    "the and of to in for with this that will we our not is are on also or can how about from "
    "by your you they be at as it an a into each together"
)
_ID_HINTS = frozenset(_ID_HINT_WORDS.split())
_EN_HINTS = frozenset(_EN_HINT_WORDS.split())


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, as FTS5's ``unicode61`` tokeniser splits them."""
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """One lower-case word's stem: Sastrawi for Indonesian ("mempelajari" → "ajar"), Snowball for English."""
    if language == "id":
        return str(_id_stemmer.stem(word)) or word
    if language == "en":
        return str(_en_stemmer.stemWord(word))
    return word


def guess_language(text: str) -> str:
    """``id`` or ``en``, from the frequent words of each; Indonesian when undecided."""
    en = id_ = 0
    for w in words(text)[:400]:
        if w in _EN_HINTS:
            en += 1
        elif w in _ID_HINTS:
            id_ += 1
    return "en" if en > id_ else "id"


def stemmed(text: str, language: str) -> str:
    """``text`` as the index stores it: its words' stems, separated by spaces."""
    lang = language if language in LANGUAGES else guess_language(text)
    return " ".join(stem(w, lang) for w in words(text))


def query_terms(query: str) -> list[frozenset[str]]:
    """Each word of the query as the set of stems that may match it (its Indonesian and English stems)."""
    terms: list[frozenset[str]] = []
    for w in words(query)[:_MAX_QUERY_WORDS]:
        forms = frozenset({stem(w, "id"), stem(w, "en"), w})
        if forms not in terms:
            terms.append(forms)
    return terms


def _marked(token: str, hit: bool) -> str:
    return f"<mark>{escape(token)}</mark>" if hit else escape(token)


def highlight(text: str, language: str, stems: Iterable[str], *, size: int = 32) -> str:
    """A window of about ``size`` words of ``text`` around its first match, HTML-escaped, with every
    word whose stem is among ``stems`` wrapped in ``<mark>``. Safe to mark as safe."""
    wanted = set(stems)
    lang = language if language in LANGUAGES else guess_language(text)
    # Split into words and what lies between them, so that the original text is kept as written.
    pieces = re.split(r"([^\W_]+)", text, flags=re.UNICODE)
    word_positions = list(range(1, len(pieces), 2))
    if not word_positions:
        return escape(text[: size * 8])

    def hit(i: int) -> bool:
        w = pieces[i].lower()
        return w in wanted or stem(w, lang) in wanted

    first = next((n for n, i in enumerate(word_positions) if hit(i)), 0)
    start_word = max(0, first - size // 3)
    end_word = min(len(word_positions), start_word + size)
    # From the text's very start (or to its very end) when the window reaches it, punctuation included.
    start = word_positions[start_word] if start_word > 0 else 0
    end = word_positions[end_word - 1] if end_word < len(word_positions) else len(pieces) - 1
    out = ["…" if start_word > 0 else ""]
    for i in range(start, end + 1):
        out.append(_marked(pieces[i], hit(i)) if i % 2 else escape(re.sub(r"\s+", " ", pieces[i])))
    out.append("…" if end_word < len(word_positions) else "")
    return "".join(out).strip()


def tag(name: str, value: object = "") -> str:
    """One tag word: letters and digits only, behind a prefix no real word starts with."""
    return "zz" + name + "".join(ch for ch in str(value).lower() if ch.isalnum())


def tags(
    *,
    kind: str,
    language: str,
    community_id: int | None,
    audience: str,
    owner_id: int | None,
    levels: Iterable[int],
    licence: str,
    skill_ids: Iterable[int],
) -> str:
    """Who may find a document and what the filters select, as words for the full-text index.

    ``zzvpub`` (anyone), ``zzvm<community>`` (its members), ``zzvs<community>`` (its organisers and
    facilitators), ``zzvo<community>x<user>`` (the owner, while a member); then ``zzk<kind>``,
    ``zzlang<code>``, ``zzc<community>``, ``zzlv<level>``, ``zzsk<skill>`` and ``zzlic<licence>``.
    """
    out = [tag("k", kind), tag("lang", language)]
    if audience == "public":
        out.append(tag("vpub"))
    elif audience == "members" and community_id is not None:
        out.append(tag("vm", community_id))
    elif community_id is not None:
        out.append(tag("vs", community_id))
    if owner_id is not None and community_id is not None:
        # The owner finds it while a member of its community.
        out.append(tag("vo", f"{community_id}x{owner_id}"))
    if community_id is not None:
        out.append(tag("c", community_id))
    out += [tag("lv", lv) for lv in sorted(set(levels)) if 1 <= lv <= 5]
    out += [tag("sk", s) for s in sorted(set(skill_ids))]
    if licence:
        out.append(tag("lic", licence))
    return " ".join(out)
