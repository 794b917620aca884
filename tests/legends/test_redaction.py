"""Redaction finds names, emails, phone numbers and order numbers in real-looking text, and nothing else."""

from __future__ import annotations

import re
import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wowdesk.legends.redaction import (
    Kind,
    PersonalTerms,
    describe,
    find_personal_data,
    fold,
    name_parts,
    redact,
    redact_html,
    redact_text,
)

SAYING = (
    "she called about walking shoes for the move and we talked about neighbourhoods schools trails "
    "the interview went well so the rep sent a list of breakfast places and a note with the parcel"
)
WORDS = SAYING.split(" ")
PROSE = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join)
OPENERS = st.sampled_from(["", "Hi, ", "Note: ", "(", "Yesterday "])
CLOSERS = st.sampled_from(["", ".", ",", ")", "!", " thanks", "?"])


def sentence(inner: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    """(text, the personal datum in it) with ordinary prose around it."""
    return st.tuples(PROSE, OPENERS, inner, CLOSERS, PROSE).map(lambda p: (f"{p[0]} {p[1]}{p[2]}{p[3]} {p[4]}", p[2]))


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.digits, min_size=n, max_size=n)


# Phone numbers as people write them: +1 555 216 4410, (555) 216-4410, 0049 30 1234567, 555.216.4410, 5552164410.
PHONES = st.one_of(
    st.tuples(_digits(3), _digits(3), _digits(4), st.sampled_from([" ", "-", "."])).map(lambda p: p[3].join(p[:3])),
    st.tuples(_digits(3), _digits(3), _digits(4)).map(lambda p: f"({p[0]}) {p[1]}-{p[2]}"),
    st.tuples(st.integers(1, 99), _digits(3), _digits(3), _digits(4)).map(lambda p: f"+{p[0]} {p[1]} {p[2]} {p[3]}"),
    st.tuples(st.integers(10, 99), _digits(2), _digits(7)).map(lambda p: f"00{p[0]} {p[1]} {p[2]}"),
    _digits(10),
)
ORDERS = st.integers(1000, 999_999_999).map(lambda n: f"WD-{n}")
NAME_WORD = st.text(alphabet="abcdefghijklmnoprstuvwyzéèáíóöüñ", min_size=3, max_size=9).filter(
    lambda w: fold(w) not in {"mrs", "miss", "von"}
)
NAMES = st.tuples(NAME_WORD, NAME_WORD).map(lambda p: f"{p[0].capitalize()} {p[1].capitalize()}")
# Text that looks numeric but holds nobody's details.
HARMLESS = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.tuples(st.integers(1990, 2030), st.integers(1990, 2030)).map(lambda p: f"{p[0]}-{p[1]}"),
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.integers(1, 99_999).map(lambda n: f"${n:,}.50"),
    st.integers(1, 48).map(lambda n: f"size {n}"),
    st.integers(1, 23).map(lambda n: f"{n} h 52 min"),
    st.integers(1, 999_999).map(str),
    st.just("205/55 R16"),
)


@given(sentence(st.emails()))
@settings(max_examples=200)
@example(("write to her at lorna.castellane@example.com.", "lorna.castellane@example.com"))
def test_every_email_address_is_found_and_replaced(case):
    text, email = case
    redacted = redact_text(text)
    assert email not in redacted.text
    assert any(f.kind == Kind.EMAIL for f in redacted.findings)


@given(sentence(PHONES))
@settings(max_examples=200)
def test_phone_numbers_in_common_formats_are_found_and_replaced(case):
    text, phone = case
    redacted = redact_text(text)
    assert phone not in redacted.text
    digits = "".join(ch for ch in phone if ch.isdigit())
    assert digits not in "".join(ch for ch in redacted.text if ch.isdigit())
    assert [f.kind for f in redacted.findings] == [Kind.PHONE]


@given(sentence(ORDERS))
def test_order_numbers_are_found(case):
    text, number = case
    redacted = redact_text(text)
    assert number not in redacted.text
    assert [f.kind for f in redacted.findings] == [Kind.ORDER]
    assert "[order]" in redacted.text


@given(st.lists(HARMLESS, min_size=1, max_size=6), PROSE)
@settings(max_examples=300)
def test_dates_times_prices_sizes_and_plain_numbers_are_not_personal_data(pieces, prose):
    text = f"{prose} " + ", then ".join(pieces) + f" {prose}."
    assert find_personal_data(text) == []


@given(NAMES, PROSE, st.sampled_from(["{}", "{}'s", "{}’s", "{}.", "({})"]), st.booleans())
def test_the_customers_names_are_found_whole_word_in_any_case(name, prose, shape, upper):
    first, last = name.split(" ")
    terms = PersonalTerms(names=tuple(name_parts(name)))
    written = first.upper() if upper else first.lower()
    text = f"{prose} {shape.format(written)} and {last} {prose}"
    redacted = redact_text(text, terms)
    assert fold(first) not in fold(redacted.text).split()
    # Placeholders such as "[customer]" can contain a short name by chance ("Sto"); look around them.
    assert fold(last) not in re.sub(r"\[[a-z ]+\]", " ", fold(redacted.text))
    assert {f.kind for f in redacted.findings} == {Kind.NAME}


@given(sentence(st.one_of(st.emails(), PHONES, ORDERS)))
def test_redacting_leaves_nothing_to_find_and_is_stable(case):
    text, _datum = case
    once = redact_text(text)
    assert find_personal_data(once.text) == []
    assert redact_text(once.text).text == once.text


def test_names_ignore_accents_but_not_other_words():
    terms = PersonalTerms(names=tuple(name_parts("Pilar Echeverría")))
    text = "Echeverria and ECHEVERRÍA met Pilarica, who is not Pilar."
    found = find_personal_data(text, terms)
    assert [f.text for f in found] == ["Echeverria", "ECHEVERRÍA", "Pilar"]


def test_known_phone_numbers_are_found_even_written_partly():
    terms = PersonalTerms(phones=("+1 555 216 4410",))
    found = find_personal_data("She gave 216 441 0 and also 216-4410; rooms 216 and 441 are upstairs.", terms)
    assert [f.text for f in found] == ["216 441 0", "216-4410"]
    assert find_personal_data("call 2164410 back", terms)[0].kind == Kind.PHONE


def test_an_order_number_also_matches_without_its_prefix_when_it_is_the_customers():
    terms = PersonalTerms(order_numbers=("WD-100023",))
    assert [f.text for f in find_personal_data("order 100023 and WD-100023", terms)] == ["100023", "WD-100023"]


def test_extra_terms_and_allowed_words():
    terms = PersonalTerms(names=("Mark",)).with_extra(["Arlo"])
    found = find_personal_data("Arlo drew a mark on the box for Mark.", terms, allowed=["mark"])
    assert [(f.kind, f.text) for f in found] == [(Kind.OTHER, "Arlo")]


def test_overlaps_keep_the_one_that_starts_first():
    found = find_personal_data("see WD-12345678 now")
    assert [(f.kind, f.text) for f in found] == [(Kind.ORDER, "WD-12345678")]


def test_name_parts_skip_titles_and_initials():
    assert name_parts("Dr. Ana-Maria J. da Silva") == [
        "Dr. Ana-Maria J. da Silva",
        "Ana-Maria",
        "Ana",
        "Maria",
        "da",
        "Silva",
    ]


def test_the_alias_replaces_names_only():
    terms = PersonalTerms(names=("Lorna",))
    text = "Lorna wrote from lorna@example.com"
    assert redact(text, find_personal_data(text, terms), alias="L.") == "L. wrote from [email]"


def test_html_redaction_covers_text_and_links_and_stays_sanitised():
    terms = PersonalTerms(names=("Lorna",), emails=("lorna@example.com",))
    html = '<p>Hi <a href="mailto:lorna@example.com">Lorna</a> &amp; co, call 555 216 4410</p>'
    redacted = redact_html(html, terms)
    assert "lorna" not in redacted.text.lower()
    assert "4410" not in redacted.text
    assert redacted.text.startswith('<p>Hi <a href="mailto:[email]"')
    assert "&amp; co" in redacted.text
    assert '<mark class="personal" title="a name">Lorna</mark>' in redacted.before_html
    assert '<mark class="redacted" title="a phone number">[phone]</mark>' in redacted.after_html


def test_describe_lists_each_thing_once():
    text = "Lorna, lorna, 555 216 4410"
    found = find_personal_data(text, PersonalTerms(names=("Lorna",)))
    assert describe(found) == "a name (“Lorna”), a phone number (“555 216 4410”)"
