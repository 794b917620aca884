"""Checking a clip upload by its contents, and serving a clip so it is played or downloaded, never run.

A clip is accepted only when its first bytes are those of an audio or video
format browsers play (MP4/M4A, WebM, Ogg, MP3, AAC, WAV, FLAC), whatever
its name says; an MP4's leading boxes must also be well formed. The
content type served later is the one found here, never the uploader's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.http import FileResponse, HttpResponse, HttpResponseBase, StreamingHttpResponse

from wowdesk.legends.models import ClipKind

HEAD_BYTES = 64 * 1024

_MP4_AUDIO = {b"M4A ", b"M4B ", b"F4A "}
_MP4_VIDEO = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"MSNV", b"dash",
    b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"f4v ",
}  # fmt: skip
_MP4_QUICKTIME = {b"qt  "}
_MP4_BOXES = {b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"pdin", b"moof", b"sidx", b"styp", b"meta"}


@dataclass(frozen=True)
class ClipType:
    content_type: str
    kind: str
    extension: str


def max_clip_bytes() -> int:
    return int(settings.WOWDESK_LEGEND_CLIP_MAX_BYTES)


def _mp4(head: bytes) -> ClipType | None:
    size = int.from_bytes(head[0:4], "big")
    if head[4:8] != b"ftyp" or not 16 <= size <= 4096 or len(head) < 16:
        return None
    brand = head[8:12]
    # The box after ftyp must be a real top-level box, when the head reaches it.
    if len(head) >= size + 8:
        after = head[size + 4 : size + 8]
        if after not in _MP4_BOXES:
            return None
    if brand in _MP4_AUDIO:
        return ClipType("audio/mp4", ClipKind.AUDIO, "m4a")
    if brand in _MP4_VIDEO:
        return ClipType("video/mp4", ClipKind.VIDEO, "mp4")
    if brand in _MP4_QUICKTIME:
        return ClipType("video/quicktime", ClipKind.VIDEO, "mov")
    return None


def _ogg(head: bytes) -> ClipType | None:
    if head[:5] != b"OggS\x00" or len(head) < 36:
        return None
    codec = head[28:36]
    if codec.startswith((b"\x01vorbis", b"OpusHead", b"\x7fFLAC")):
        return ClipType("audio/ogg", ClipKind.AUDIO, "ogg")
    if codec.startswith(b"\x80theora"):
        return ClipType("video/ogg", ClipKind.VIDEO, "ogv")
    return None


def _mpeg_audio(head: bytes) -> ClipType | None:
    if head[:3] == b"ID3" and len(head) >= 10 and 2 <= head[3] <= 4 and head[4] != 0xFF:
        return ClipType("audio/mpeg", ClipKind.AUDIO, "mp3")
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    if layer == 0 and head[1] & 0xF6 == 0xF0:
        return ClipType("audio/aac", ClipKind.AUDIO, "aac")  # ADTS
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 0b11
    if version == 0b01 or layer == 0 or bitrate in (0, 0b1111) or rate == 0b11:
        return None
    return ClipType("audio/mpeg", ClipKind.AUDIO, "mp3")


def _ebml_doctype(head: bytes) -> bytes | None:
    match = re.search(rb"\x42\x82[\x80-\x8f](webm|matroska)", head[:128])
    return match.group(1) if match else None


def sniff_clip(head: bytes) -> ClipType | None:
    """The clip's real type from its first bytes, or None when it is not audio or video we serve."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return ClipType("audio/wav", ClipKind.AUDIO, "wav")
    if head[:4] == b"fLaC":
        return ClipType("audio/flac", ClipKind.AUDIO, "flac")
    if head[:4] == b"\x1a\x45\xdf\xa3":
        # Browsers play WebM; other Matroska files they do not, so those are refused.
        return ClipType("video/webm", ClipKind.VIDEO, "webm") if _ebml_doctype(head) == b"webm" else None
    if head[:4] == b"OggS":
        return _ogg(head)
    return _mp4(head) or _mpeg_audio(head)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(file: File[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        file.seek(start)
        remaining = length
        while remaining > 0:
            chunk = file.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        file.close()


def clip_response(
    file: File[bytes], *, content_type: str, size: int, filename: str, download: bool, range_header: str = ""
) -> HttpResponseBase:
    """Serve a stored clip for an ``<audio>``/``<video>`` player, or as a download.

    The type is the one sniffed at upload. ``nosniff`` and a sandboxing CSP
    make sure a browser never treats it as a page or script, even opened on
    its own. One ``Range`` is honoured (206), which players need to seek and
    Safari needs to play at all; an unsatisfiable range is a 416.
    """
    disposition = "attachment" if download else "inline"
    response: HttpResponseBase
    match = _RANGE.match(range_header.strip()) if range_header else None
    if match and (match.group(1) or match.group(2)):
        first, last = match.group(1), match.group(2)
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:
            start, end = max(size - int(last), 0), size - 1
        if start >= size or start > end:
            file.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            _safe_headers(response, disposition, filename)
            return response
        response = StreamingHttpResponse(_chunks(file, start, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(file, content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    _safe_headers(response, disposition, filename)
    return response


def _safe_headers(response: HttpResponseBase, disposition: str, filename: str) -> None:
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
