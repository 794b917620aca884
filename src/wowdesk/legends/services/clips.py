"""A legend's clip: a short video or audio recording of a colleague telling the story.

The upload is checked by its contents (``media.sniff_clip``) and its size
before anything is stored; it is stored through the storage API under a
random name, never the uploader's. A replaced or removed clip's file is
deleted once the change has committed.
"""

from __future__ import annotations

import secrets

from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.legends.media import HEAD_BYTES, max_clip_bytes, sniff_clip
from wowdesk.legends.models import Legend, State
from wowdesk.legends.permissions import can_edit, can_review
from wowdesk.legends.services.legends import bump, locked


def _delete_after_commit(name: str | None) -> None:
    if not name:
        return
    storage = Legend.clip.field.storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def legend_clip_attach(*, actor: User, legend: Legend, upload: File[bytes]) -> Legend:
    """Attach (or replace) the clip. Refused, storing nothing, when it is too big or not audio/video we play."""
    legend = locked(legend)
    if not can_edit(actor, legend):
        raise field_error(
            "clip", _("Only a draft or a legend in review can get a clip, from its author or a reviewer.")
        )
    size = int(upload.size or 0)
    limit = max_clip_bytes()
    if size > limit:
        raise field_error(
            "clip",
            _("The clip is %(size)s; at most %(max)s.") % {"size": filesizeformat(size), "max": filesizeformat(limit)},
        )
    if size == 0:
        raise field_error("clip", _("The file is empty."))
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    found = sniff_clip(head)
    if found is None:
        raise field_error(
            "clip",
            _(
                "This is not a video or audio file we can play (MP4, M4A, WebM, Ogg, MP3, AAC, WAV or FLAC). "
                "The file's contents were checked, not its name."
            ),
        )
    upload.seek(0)
    old = legend.clip.name
    legend.clip.save(f"{secrets.token_hex(16)}.{found.extension}", upload, save=False)
    try:
        legend.clip_type, legend.clip_kind, legend.clip_size = found.content_type, found.kind, size
        legend.clip_checked_by = None
        bump(
            legend,
            actor=actor,
            change=_("Clip added (%(type)s, %(size)s)") % {"type": found.content_type, "size": filesizeformat(size)},
            fields=["clip", "clip_type", "clip_kind", "clip_size", "clip_checked_by"],
        )
    except Exception:
        legend.clip.delete(save=False)
        raise
    _delete_after_commit(old)
    return legend


@transaction.atomic
def legend_clip_remove(*, actor: User, legend: Legend) -> Legend:
    legend = locked(legend)
    if not can_edit(actor, legend):
        raise field_error("clip", _("Only a draft or a legend in review can change its clip."))
    if not legend.clip:
        return legend
    old = legend.clip.name
    legend.clip, legend.clip_type, legend.clip_kind, legend.clip_size = "", "", "", 0
    legend.clip_checked_by = None
    bump(
        legend,
        actor=actor,
        change=_("Clip removed"),
        fields=["clip", "clip_type", "clip_kind", "clip_size", "clip_checked_by"],
    )
    _delete_after_commit(old)
    return legend


@transaction.atomic
def legend_clip_confirm(*, actor: User, legend: Legend) -> Legend:
    """A reviewer listened to the clip and confirms it names no customer details (needed to go public)."""
    legend = locked(legend)
    if not can_review(actor):
        raise field_error("clip", _("Only a reviewer (a lead or admin) can confirm a clip."))
    if not legend.clip and not legend.clip_link:
        raise field_error("clip", _("This legend has no clip."))
    if legend.state == State.RETIRED:
        raise field_error("clip", _("This legend is retired."))
    legend.clip_checked_by = actor
    bump(legend, actor=actor, change=_("Clip checked: it names no customer details"), fields=["clip_checked_by"])
    return legend
