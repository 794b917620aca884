"""Clips are recognised by their contents, never their names, and served so they are never run."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from tests.legends import clips
from wowdesk.legends.media import clip_response, sniff_clip


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("data", "content_type", "kind"),
    [
        (clips.mp4(), "video/mp4", "video"),
        (clips.mp4(b"M4A "), "audio/mp4", "audio"),
        (clips.mp4(b"qt  "), "video/quicktime", "video"),
        (clips.webm(), "video/webm", "video"),
        (clips.ogg_opus(), "audio/ogg", "audio"),
        (clips.mp3(), "audio/mpeg", "audio"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 100, "audio/mpeg", "audio"),
        (b"\xff\xf1\x50\x80" + b"\x00" * 100, "audio/aac", "audio"),
        (clips.wav(), "audio/wav", "audio"),
        (b"fLaC\x00\x00\x00\x22" + b"\x00" * 60, "audio/flac", "audio"),
    ],
)
def test_real_audio_and_video_are_recognised(data, content_type, kind):
    found = sniff_clip(data)
    assert found is not None
    assert (found.content_type, found.kind) == (content_type, kind)


@pytest.mark.parametrize(
    "data",
    [
        clips.EXECUTABLE,
        clips.ELF,
        clips.HTML,
        clips.PNG,
        clips.MATROSKA,
        clips.FAKE_MP4,
        b"",
        b"ID3",
        b"\xff\xff\xff\xff",
    ],
)
def test_anything_else_is_refused_whatever_it_is_called(data):
    assert sniff_clip(data) is None


def test_a_clip_is_served_inline_or_as_a_download_never_sniffed():
    inline = clip_response(
        ContentFile(clips.mp4()), content_type="video/mp4", size=2048, filename="legend-1.mp4", download=False
    )
    download = clip_response(
        ContentFile(clips.mp4()), content_type="video/mp4", size=2048, filename="legend-1.mp4", download=True
    )
    assert inline["Content-Type"] == "video/mp4"
    assert inline["Content-Disposition"] == 'inline; filename="legend-1.mp4"'
    assert download["Content-Disposition"] == 'attachment; filename="legend-1.mp4"'
    for response in (inline, download):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Accept-Ranges"] == "bytes"
    assert _body(inline) == clips.mp4()


def test_one_range_is_served_for_players_that_seek():
    data = clips.mp4()
    response = clip_response(
        ContentFile(data),
        content_type="video/mp4",
        size=len(data),
        filename="x.mp4",
        download=False,
        range_header="bytes=100-199",
    )
    tail = clip_response(
        ContentFile(data),
        content_type="video/mp4",
        size=len(data),
        filename="x.mp4",
        download=False,
        range_header="bytes=-48",
    )
    beyond = clip_response(
        ContentFile(data),
        content_type="video/mp4",
        size=len(data),
        filename="x.mp4",
        download=False,
        range_header="bytes=5000-",
    )
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert _body(response) == data[100:200]
    assert _body(tail) == data[-48:]
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(data)}"
