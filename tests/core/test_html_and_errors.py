"""HTML sanitising and the error shapes services hand to views and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wowdesk.core.errors import NotFound, error_list, field_error
from wowdesk.core.html import html_to_text, sanitize_html


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://example.com"></iframe>',
        '<form action="/steal"><input name="card"></form>',
    ],
)
def test_sanitize_removes_active_content(dirty):
    clean = sanitize_html(dirty).lower()

    for needle in ("<script", "onerror", "javascript:", "<style", "<iframe", "<form", "<input"):
        assert needle not in clean


def test_sanitize_keeps_formatting_and_makes_links_safe():
    clean = sanitize_html('<p><b>Thanks</b> <a href="https://example.com/track" onclick="x()">track it</a></p>')

    assert "<b>Thanks</b>" in clean
    assert 'href="https://example.com/track"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert "onclick" not in clean


def test_sanitize_drops_attributes_outside_the_allow_list():
    assert sanitize_html('<p style="color:red" class="x">Hi</p>') == "<p>Hi</p>"


def test_html_to_text_strips_tags_and_collapses_whitespace():
    assert html_to_text("<p>Hello,\n  <b>Ines</b></p><p>See you</p>") == "Hello, Ines See you"


def test_field_error_is_keyed_by_field():
    assert field_error("email", "Taken.").message_dict == {"email": ["Taken."]}


def test_error_list_flattens_field_errors_and_plain_messages():
    keyed = ValidationError({"email": ["Taken.", "Too long."], "name": ["Required."]})
    plain = ValidationError(["Something went wrong."])

    assert error_list(keyed) == [
        {"field": "email", "message": "Taken."},
        {"field": "email", "message": "Too long."},
        {"field": "name", "message": "Required."},
    ]
    assert error_list(plain) == [{"field": "__all__", "message": "Something went wrong."}]


def test_not_found_is_a_404():
    assert issubclass(NotFound, Http404)


def test_html_to_text_returns_plain_text_not_escaped_html():
    assert html_to_text("<p>Tom &amp; Jerry &lt;3</p><script>steal()</script>") == "Tom & Jerry <3"


def test_html_to_text_keeps_words_apart_across_line_breaks_and_cells():
    assert html_to_text("one<br>two<table><tr><td>three</td><td>four</td></tr></table>") == "one two three four"
