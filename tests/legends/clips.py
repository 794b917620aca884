"""Small files with the real first bytes of each format (enough for the type check), and impostors."""

from __future__ import annotations

import io
import struct
import wave


def mp4(brand: bytes = b"isom", size: int = 2048) -> bytes:
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", brand, 512) + b"isommp41"
    moov = struct.pack(">I4s", size - len(ftyp), b"moov")
    return (ftyp + moov).ljust(size, b"\x00")


def wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def webm() -> bytes:
    return b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm\x42\x87\x81\x04" + b"\x00" * 200


def ogg_opus() -> bytes:
    page = b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x13"
    return page + b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00" + b"\x00" * 100


def mp3() -> bytes:
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 500
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
MATROSKA = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x88matroska" + b"\x00" * 100
FAKE_MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00" + b"<script>alert(1)</script>" * 30
