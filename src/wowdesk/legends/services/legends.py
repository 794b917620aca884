"""Writing legends: capture from evidence, edit, comment, react, mark read.

Each public function is one transaction. Every change to what a legend
says, or to its state, bumps ``version`` and appends a ``LegendVersion``
(``record_version``) in the same transaction, with the legend row locked,
so two editors never write the same version number and history is complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text, one_line
from wowdesk.legends.facts import Sources, draft_story, facts_for
from wowdesk.legends.grades import GradeSource, grade_source
from wowdesk.legends.html import content_digest, story_html_from_input, story_text
from wowdesk.legends.models import (
    PUBLISHED,
    Candidate,
    CandidateState,
    CompanyValue,
    Legend,
    LegendComment,
    LegendReaction,
    LegendRead,
    LegendVersion,
    Reaction,
    State,
)
from wowdesk.legends.permissions import can_edit, can_review_comment

MAX_TITLE = 200
MAX_STORY = 50_000
MAX_LESSON = 2000
MAX_COMMENT = 2000


def locked(legend: Legend) -> Legend:
    """Re-read ``legend`` with its row locked. Precondition: inside a transaction."""
    return Legend.objects.select_for_update(of=("self",)).select_related("customer", "customer_story").get(pk=legend.pk)


def record_version(legend: Legend, *, actor: User | None, change: str) -> LegendVersion:
    """Append the legend's current text and state as version ``legend.version``. Caller holds the row lock."""
    return LegendVersion.objects.create(
        legend=legend,
        number=legend.version,
        title=legend.title,
        story_html=legend.story_html,
        lesson=legend.lesson,
        values=list(legend.values.order_by("position", "name").values_list("name", flat=True)),
        state=legend.state,
        change=one_line(change, 300),
        changed_by=actor,
    )


def bump(legend: Legend, *, actor: User | None, change: str, fields: Sequence[str]) -> LegendVersion:
    """Save ``fields`` with a new version number and record it. Caller holds the row lock."""
    legend.version += 1
    legend.content_digest = content_digest(title=legend.title, story_html=legend.story_html, lesson=legend.lesson)
    legend.save(update_fields=[*fields, "version", "content_digest", "updated_at"])
    return record_version(legend, actor=actor, change=change)


def _clean_title(title: str) -> str:
    title = one_line(title, MAX_TITLE + 1)
    if not title:
        raise field_error("title", _("Give the story a title."))
    if len(title) > MAX_TITLE:
        raise field_error("title", _("At most %(n)d characters.") % {"n": MAX_TITLE})
    return title


def _clean_story(raw: str) -> tuple[str, str]:
    raw = clean_text(raw)
    if len(raw) > MAX_STORY:
        raise field_error("story", _("At most %(n)s characters.") % {"n": f"{MAX_STORY:,}"})
    html = story_html_from_input(raw)
    return html, story_text(html)


def _clean_lesson(lesson: str) -> str:
    lesson = clean_text(lesson).strip()
    if len(lesson) > MAX_LESSON:
        raise field_error("lesson", _("At most %(n)d characters.") % {"n": MAX_LESSON})
    return lesson


def _check_values(values: Sequence[CompanyValue]) -> list[CompanyValue]:
    if any(not v.is_active for v in values):
        raise field_error("values", _("That value is no longer in use; choose from the current list."))
    return list(dict.fromkeys(values))


@transaction.atomic
def legend_capture(
    *,
    actor: User,
    sources: Sources,
    candidate: Candidate | None = None,
    title: str = "",
    story: str | None = None,
    lesson: str = "",
    values: Sequence[CompanyValue] = (),
    grades: GradeSource | None = None,
    now: dt.datetime | None = None,
) -> Legend:
    """ "Tell this story": a draft legend from a conversation, gesture, Hero nomination or customer story.

    Pre-filled with the evidence's key facts (kept on the legend) and a first
    draft built from them when ``story`` is None. Precondition: every source
    (and ``candidate``) came from its permission-checked getter. A candidate
    it came from is marked captured and linked to the legend.
    """
    if not is_active_staff(actor):
        raise field_error("__all__", _("Your account is not active."))
    conversation = sources.evidence
    if conversation is None and sources.customer_story is None:
        raise field_error(
            "conversation", _("Tell the story of a conversation, a gesture, a nomination or a customer's story.")
        )
    facts = facts_for(sources, grades=grades or grade_source())
    nomination, gesture, customer_story = sources.nomination, sources.gesture, sources.customer_story
    hero = nomination.nominee if nomination else gesture.granted_by if gesture else None
    if hero is None and conversation is not None:
        hero = conversation.assignee
    customer = (
        conversation.customer if conversation is not None else customer_story.customer if customer_story else None
    )
    default_title = (
        conversation.subject
        if conversation is not None
        else _("In %(name)s's words") % {"name": customer_story.name if customer_story else ""}
    )
    html, text = _clean_story(draft_story(facts) if story is None else story)
    now = now or timezone.now()
    legend = Legend(
        title=_clean_title(title or default_title),
        story_html=html,
        story_text=text,
        lesson=_clean_lesson(lesson),
        author=actor,
        hero=hero,
        team=(hero.team if hero else None) or (conversation.team if conversation else None),
        channel=conversation.channel if conversation is not None else "",
        happened_on=(conversation.created_at if conversation is not None else now).date(),
        conversation=conversation,
        gesture=gesture,
        nomination=nomination,
        customer_story=customer_story,
        customer=customer,
        facts=facts,
        created_at=now,
    )
    legend.content_digest = content_digest(title=legend.title, story_html=legend.story_html, lesson=legend.lesson)
    legend.save()
    legend.values.set(_check_values(values))
    record_version(legend, actor=actor, change=_("Captured"))
    if candidate is not None:
        Candidate.objects.filter(pk=candidate.pk).update(state=CandidateState.CAPTURED, legend=legend)
    return legend


@transaction.atomic
def legend_update(
    *,
    actor: User,
    legend: Legend,
    title: str,
    story: str,
    lesson: str,
    values: Sequence[CompanyValue],
    clip_link: str = "",
    expected_version: int | None = None,
) -> Legend:
    """Change what a legend says. Only while it is a draft or in review, by its author or a reviewer.

    ``expected_version`` is the version the editor started from; if someone
    saved in between, nothing is written and the editor is told to reload,
    so neither person's words are silently lost.
    """
    legend = locked(legend)
    if not can_edit(actor, legend):
        raise field_error(
            "__all__", _("Only a draft or a legend in review can be changed, by its author or a reviewer.")
        )
    if expected_version is not None and expected_version != legend.version:
        raise field_error(
            "version",
            _("Someone saved a newer version (%(n)d) while you were editing. Reload, then make your change again.")
            % {"n": legend.version},
        )
    html, text = _clean_story(story)
    if not html:
        raise field_error("story", _("Write the story first."))
    legend.title, legend.story_html, legend.story_text = _clean_title(title), html, text
    legend.lesson = _clean_lesson(lesson)
    clip_link = clip_link.strip()
    if clip_link and not clip_link.startswith("https://"):
        raise field_error("clip_link", _("Give an https:// address."))
    if len(clip_link) > 500:
        raise field_error("clip_link", _("At most 500 characters."))
    if clip_link != legend.clip_link:
        # A new link is a new recording to listen to before it goes public.
        legend.clip_link, legend.clip_checked_by = clip_link, None
    legend.values.set(_check_values(values))
    fields = ["title", "story_html", "story_text", "lesson", "clip_link", "clip_checked_by"]
    bump(legend, actor=actor, change=_("Edited"), fields=fields)
    return legend


@transaction.atomic
def legend_comment(*, actor: User, legend: Legend, body: str) -> LegendComment:
    """A comment. On a draft or in review it is a review comment, seen by the author and reviewers only.

    Precondition: ``legend`` came from the getter (the actor may see it).
    Comments on a retired legend are closed.
    """
    body = clean_text(body).strip()
    if not body:
        raise field_error("body", _("Write something first."))
    if len(body) > MAX_COMMENT:
        raise field_error("body", _("At most %(n)d characters.") % {"n": MAX_COMMENT})
    if legend.state == State.RETIRED:
        raise field_error("body", _("This legend is retired; comments are closed."))
    is_review = legend.state not in PUBLISHED
    if is_review and not can_review_comment(actor, legend):
        raise field_error("body", _("Only the author, the colleague it is about and reviewers comment on a draft."))
    return LegendComment.objects.create(legend=legend, author=actor, body=body, is_review=is_review)


@transaction.atomic
def legend_react(*, actor: User, legend: Legend, kind: str, on: bool) -> bool:
    """Add (``on``) or take back one kind of reaction; repeating either is harmless. Published legends only."""
    if kind not in Reaction.values:
        raise field_error("kind", _("Choose one of: %(c)s.") % {"c": ", ".join(Reaction.values)})
    if legend.state not in PUBLISHED:
        raise field_error("kind", _("Reactions open when the legend is published."))
    if not on:
        LegendReaction.objects.filter(legend=legend, user=actor, kind=kind).delete()
        return False
    try:
        with transaction.atomic():
            LegendReaction.objects.get_or_create(legend=legend, user=actor, kind=kind)
    except IntegrityError:
        pass  # a double click raced itself; the reaction is there either way
    return True


@transaction.atomic
def legend_mark_read(*, actor: User, legend: Legend, read: bool = True) -> None:
    """Record that ``actor`` read a published legend (a reading list ticks it off); idempotent."""
    if legend.state not in PUBLISHED:
        raise field_error("legend", _("Only published legends can be marked read."))
    if not read:
        LegendRead.objects.filter(legend=legend, user=actor).delete()
        return
    try:
        with transaction.atomic():
            LegendRead.objects.get_or_create(legend=legend, user=actor)
    except IntegrityError:
        pass
