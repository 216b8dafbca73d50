from __future__ import annotations

from sebaya.search.text import guess_language, highlight, query_terms, stem, stemmed


def test_it_finds_indonesian_affixed_forms_of_one_stem() -> None:
    assert stem("belajar", "id") == stem("pembelajaran", "id") == stem("mempelajari", "id")


def test_it_stems_english_words() -> None:
    assert stem("learning", "en") == stem("learns", "en") == "learn"


def test_a_query_word_matches_either_language() -> None:
    (forms,) = query_terms("Mempelajari")
    assert stem("belajar", "id") in forms
    (forms,) = query_terms("drawings")
    assert stem("drawing", "en") in forms


def test_it_guesses_the_language_of_a_text() -> None:
    assert guess_language("Kita belajar bersama di taman dan membaca buku") == "id"
    assert guess_language("We learn together in the park and read books") == "en"


def test_the_index_holds_stems() -> None:
    assert stemmed("Pembelajaran gitar", "id") == "ajar gitar"


def test_snippets_are_escaped_and_marked() -> None:
    html = highlight("<script>alert(1)</script> Kami mempelajari gitar", "id", {stem("belajar", "id")})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>mempelajari</mark>" in html


def test_a_long_text_is_cut_around_the_first_match() -> None:
    text = " ".join(["kata"] * 200) + " gitar " + " ".join(["lain"] * 200)
    html = highlight(text, "id", {"gitar"})
    assert "<mark>gitar</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html.split()) < 50
