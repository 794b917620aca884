"""A legend's way from draft to the public page, and the checks on the way: redaction and consent.

States and moves (``TRANSITIONS``): draft → in review → published to staff
→ published to the public, with retire and "back to draft" (to edit a
published legend, which must then be checked and, for the public, consented
again). The author submits and withdraws; reviewers (leads, admins) do the
rest.

Publishing, to staff or the public, is refused while the title, story or
lesson contains personal data the redaction check finds; publishing to the
public also needs consent for exactly the current text, and a reviewer's
word that the clip (if any) names no customer details. Each refusal is a
ValidationError naming the field and what was found; nothing is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.core.text import one_line
from wowdesk.legends.html import story_text
from wowdesk.legends.models import Consent, ConsentState, Legend, State
from wowdesk.legends.permissions import can_edit, can_review
from wowdesk.legends.redaction import (
    DESCRIPTIONS,
    Kind,
    Redacted,
    describe,
    find_personal_data,
    fold,
    redact_html,
    redact_text,
)
from wowdesk.legends.selectors import personal_terms_for
from wowdesk.legends.services.legends import bump, locked

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.DRAFT: (State.REVIEW,),
    State.REVIEW: (State.DRAFT, State.STAFF, State.PUBLIC),
    State.STAFF: (State.PUBLIC, State.DRAFT, State.RETIRED),
    State.PUBLIC: (State.STAFF, State.RETIRED),
    State.RETIRED: (State.DRAFT,),
}
# What an author may do without being a reviewer: submit, and take back what they submitted.
AUTHOR_MOVES = {(State.DRAFT, State.REVIEW), (State.REVIEW, State.DRAFT)}
CHANGES: dict[str, StrOrPromise] = {
    State.DRAFT: gettext_lazy("Back to draft"),
    State.REVIEW: gettext_lazy("Sent for review"),
    State.STAFF: gettext_lazy("Published to staff"),
    State.PUBLIC: gettext_lazy("Published to the public"),
    State.RETIRED: gettext_lazy("Retired"),
}
MAX_KEEP = 50


def allowed_moves(user: User, legend: Legend) -> list[str]:
    """The states ``user`` may move ``legend`` to now (the checks on publishing still apply)."""
    moves = TRANSITIONS.get(legend.state, ())
    if can_review(user):
        return list(moves)
    if legend.author_id == user.pk:
        return [to for to in moves if (legend.state, to) in AUTHOR_MOVES]
    return []


def personal_data_problems(legend: Legend) -> dict[str, list[str]]:
    """Personal data still in the title, story or lesson, by field (empty when clean)."""
    terms = personal_terms_for(legend)
    allowed = list(legend.redaction_allowed)
    problems: dict[str, list[str]] = {}
    found_by_field = {
        "title": find_personal_data(legend.title, terms, allowed=allowed),
        # Through the HTML, so a mailto: or tel: link's address counts too.
        "story": redact_html(legend.story_html, terms, allowed=allowed).findings,
        "lesson": find_personal_data(legend.lesson, terms, allowed=allowed),
        "clip_link": find_personal_data(legend.clip_link, terms, allowed=allowed),
    }
    for field, found in found_by_field.items():
        if found:
            problems[field] = [
                _("Unredacted personal data: %(what)s. Redact it, or mark it as not personal data.")
                % {"what": describe(found)}
            ]
    return problems


def current_consent(legend: Legend) -> Consent | None:
    return (
        Consent.objects.filter(legend=legend, state=ConsentState.GIVEN, content_digest=legend.content_digest)
        .order_by("-responded_at", "-id")
        .first()
    )


def publish_problems(legend: Legend, *, to: str, personal: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Why ``legend`` cannot be published to ``to`` (staff or public) yet; empty when it can.

    ``personal`` is ``personal_data_problems(legend)`` when the caller already has it.
    """
    problems: dict[str, list[str]] = {}
    if not legend.story_text.strip():
        problems["story"] = [_("Write the story first.")]
    if not legend.lesson.strip():
        problems["lesson"] = [_("Say why it matters: the value it shows and what a colleague should take from it.")]
    if not legend.values.exists():
        problems["values"] = [_("Choose at least one value the story shows.")]
    for field, messages in (personal_data_problems(legend) if personal is None else personal).items():
        problems.setdefault(field, []).extend(messages)
    if to == State.PUBLIC:
        if current_consent(legend) is None:
            problems["consent"] = [
                _("The customer's consent to this exact text is needed to share it publicly (email link or call).")
            ]
        if (legend.clip or legend.clip_link) and legend.clip_checked_by_id is None:
            problems["clip"] = [_("A reviewer must confirm the clip names no customer details first.")]
    return problems


@transaction.atomic
def legend_transition(
    *, actor: User, legend: Legend, to: str, note: str = "", now: dt.datetime | None = None
) -> Legend:
    """Move ``legend`` to state ``to``, with the checks above. One version is recorded for the move."""
    legend = locked(legend)
    if to not in State.values:
        raise field_error("to", _("Choose one of: %(c)s.") % {"c": ", ".join(State.values)})
    if to not in TRANSITIONS.get(legend.state, ()):
        raise field_error(
            "to",
            _("A legend that is %(state)s cannot move to %(to)s.")
            % {"state": legend.get_state_display().lower(), "to": State(to).label.lower()},
        )
    if to not in allowed_moves(actor, legend):
        raise field_error("to", _("Only a reviewer (a lead or admin) can do that."))
    if to in (State.STAFF, State.PUBLIC):
        problems = publish_problems(legend, to=to)
        if problems:
            raise ValidationError(problems)
        legend.redaction_digest = legend.content_digest
    now = now or timezone.now()
    legend.state = to
    if to in (State.STAFF, State.PUBLIC) and legend.published_at is None:
        legend.published_at = now
    legend.public_since = (legend.public_since or now) if to == State.PUBLIC else None
    change = str(CHANGES[to])
    if note.strip():
        change = f"{change}: {one_line(note, 250)}"
    bump(legend, actor=actor, change=change, fields=["state", "published_at", "public_since", "redaction_digest"])
    return legend


@dataclass
class RedactionPreview:
    title: Redacted
    story: Redacted
    lesson: Redacted

    @property
    def found(self) -> list[tuple[str, str, str]]:
        """Each distinct finding once: (kind, description, text), in the order first seen."""
        seen: dict[tuple[Kind, str], tuple[str, str, str]] = {}
        for part in (self.title, self.story, self.lesson):
            for finding in part.findings:
                seen.setdefault(
                    (finding.kind, fold(finding.text)), (finding.kind, DESCRIPTIONS[finding.kind], finding.text)
                )
        return list(seen.values())


def _clean_list(values: Iterable[str], field: str) -> list[str]:
    cleaned = list(dict.fromkeys(one_line(v, 101) for v in values if v.strip()))
    if len(cleaned) > MAX_KEEP or any(len(v) > 100 for v in cleaned):
        raise field_error(field, _("At most %(n)d entries of 100 characters each.") % {"n": MAX_KEEP})
    return cleaned


def redaction_preview(
    *, legend: Legend, extra: Iterable[str] = (), alias: str = "", keep: Iterable[str] = ()
) -> RedactionPreview:
    """What redacting would change, without changing anything. ``keep`` are words that are not personal data."""
    terms = personal_terms_for(legend).with_extra(_clean_list(extra, "extra"))
    allowed = [*legend.redaction_allowed, *_clean_list(keep, "keep")]
    alias = one_line(alias, 60)
    return RedactionPreview(
        title=redact_text(legend.title, terms, allowed=allowed, alias=alias),
        story=redact_html(legend.story_html, terms, allowed=allowed, alias=alias),
        lesson=redact_text(legend.lesson, terms, allowed=allowed, alias=alias),
    )


@transaction.atomic
def legend_redact(
    *, actor: User, legend: Legend, extra: Iterable[str] = (), alias: str = "", keep: Iterable[str] = ()
) -> Legend:
    """Replace the personal data found (and ``extra`` terms) in title, story and lesson; remember ``keep``.

    When nothing is left to find afterwards, the legend is marked as
    redacted for its current text. One version records the change.
    """
    legend = locked(legend)
    if not can_edit(actor, legend):
        raise field_error(
            "__all__", _("Only a draft or a legend in review can be redacted, by its author or a reviewer.")
        )
    keep = _clean_list(keep, "keep")
    preview = redaction_preview(legend=legend, extra=extra, alias=alias, keep=keep)
    legend.title = one_line(preview.title.text, 200) or legend.title
    legend.story_html = preview.story.text
    legend.story_text = story_text(legend.story_html)
    legend.lesson = preview.lesson.text
    legend.redaction_allowed = sorted({*legend.redaction_allowed, *(fold(k) for k in keep)})
    count = len(preview.title.findings) + len(preview.story.findings) + len(preview.lesson.findings)
    bump(
        legend,
        actor=actor,
        change=_("Redacted (%(n)d replaced)") % {"n": count},
        fields=["title", "story_html", "story_text", "lesson", "redaction_allowed"],
    )
    if not personal_data_problems(legend):
        legend.redaction_digest = legend.content_digest
        legend.save(update_fields=["redaction_digest"])
    return legend
