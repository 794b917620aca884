"""Card drawings: PNGs made on a browser canvas, checked before anything is stored.

A drawing is refused unless it is a real PNG (signature, header and data
all parse), within the size and dimension limits. It is stored through
Django's storage API under a random name; pages serve it through a
permission-checked view, never from a public URL.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from wowdesk.core.errors import field_error

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_SIDE = 16
MAX_SIDE = 2000


@dataclass(frozen=True)
class Drawing:
    data: bytes
    width: int
    height: int


def max_drawing_bytes() -> int:
    return int(settings.WOWDESK_CARD_DRAWING_MAX_BYTES)


def drawing_check(data: bytes, *, field: str = "drawing") -> Drawing:
    """Validate ``data`` as a card drawing; raises ValidationError on ``field``."""
    limit = max_drawing_bytes()
    if len(data) > limit:
        raise field_error(
            field,
            _("The drawing is %(size)s KB; at most %(max)s KB.") % {"size": len(data) // 1024, "max": limit // 1024},
        )
    if not data.startswith(PNG_SIGNATURE):
        raise field_error(field, _("The drawing must be a PNG image."))
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on decompression bombs; both are a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != "PNG":
                    raise field_error(field, _("The drawing must be a PNG image."))
                width, height = image.size
                if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
                    raise field_error(
                        field,
                        _("The drawing must be between %(min)s and %(max)s pixels on each side.")
                        % {"min": MIN_SIDE, "max": MAX_SIDE},
                    )
                image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise field_error(field, _("The drawing is not a readable PNG image.")) from exc
    return Drawing(data=data, width=width, height=height)
