"""API schemas for legends, candidates, consent, customers' stories, values and reading lists."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from wowdesk.api.common import MAX_ID, Id, PageQuery, TeamRefOut, Text, UserRefOut
from wowdesk.conversations.models import Channel
from wowdesk.legends.models import (
    Candidate,
    CandidateState,
    CompanyValue,
    Consent,
    ConsentMethod,
    ConsentState,
    CustomerStory,
    Legend,
    Reaction,
    ReadingList,
    State,
    StoryState,
)
from wowdesk.legends.permissions import can_see_evidence
from wowdesk.legends.selectors import Progress, Social
from wowdesk.legends.selectors.legends import MAX_QUERY
from wowdesk.legends.services import RedactionPreview
from wowdesk.legends.services.legends import MAX_COMMENT, MAX_LESSON, MAX_STORY, MAX_TITLE

Show = Literal["published", "draft", "review", "retired"]


class ValueOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    position: int
    is_active: bool


class ValuePageOut(Schema):
    items: list[ValueOut]
    next_cursor: str | None


class ValueIn(Schema):
    name: Text = Field(..., max_length=100)
    description: Text = Field("", max_length=500)
    position: int | None = Field(None, ge=0, le=100_000)


class ValueUpdateIn(Schema):
    name: Text = Field(..., max_length=100)
    description: Text = Field("", max_length=500)
    position: int = Field(..., ge=0, le=100_000)
    is_active: bool = True


class ValuesQuery(PageQuery):
    include_retired: bool = False


def _values(obj: Legend) -> list[CompanyValue]:
    return list(obj.values.all())


class LegendItemOut(Schema):
    """A legend in a list: what the feed shows. Reactions are the legend's, never a person's score."""

    id: int
    title: str
    state: State
    story_text: str
    lesson: str
    values: list[ValueOut]
    hero: UserRefOut | None
    team: TeamRefOut | None
    channel: Channel | Literal[""]
    happened_on: dt.date | None
    author: UserRefOut
    version: int
    published_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_values(obj: Legend) -> list[CompanyValue]:
        return _values(obj)


class LegendPageOut(Schema):
    items: list[LegendItemOut]
    next_cursor: str | None


class LegendOut(LegendItemOut):
    story_html: str = Field(..., description="Sanitised HTML (a small safe subset).")
    conversation_id: int | None
    gesture_id: int | None
    nomination_id: int | None
    customer_story_id: int | None
    facts: dict[str, Any] = Field(
        ..., description="The evidence's key facts when captured; empty for readers who do not work on the legend."
    )
    redacted: bool = Field(..., description="The current text passed the personal-data check.")
    clip_url: str | None
    clip_type: str
    clip_kind: str
    clip_size: int
    clip_checked: bool
    clip_link: str
    public_since: dt.datetime | None
    content_digest: str

    @staticmethod
    def resolve_redacted(obj: Legend) -> bool:
        return obj.redaction_current

    @staticmethod
    def resolve_clip_url(obj: Legend) -> str | None:
        return reverse("api:legend_clip", kwargs={"pk": obj.pk}) if obj.clip else None

    @staticmethod
    def resolve_clip_checked(obj: Legend) -> bool:
        return obj.clip_checked_by_id is not None

    @staticmethod
    def resolve_facts(obj: Legend, context: dict[str, Any]) -> dict[str, Any]:
        request = context["request"]
        return obj.facts if can_see_evidence(request.auth, obj) else {}


class LegendQuery(PageQuery):
    q: Text | None = Field(None, max_length=MAX_QUERY, description="Every word in the title, story or lesson")
    value: Text | None = Field(None, max_length=100, description="A value's slug")
    team_id: Id | None = None
    channel: Channel | None = None
    year: int | None = Field(None, ge=1900, le=3000, description="The year the story happened")
    show: Show = Field("published", description="published (the feed), draft, review or retired")


class LegendCaptureIn(Schema):
    """Tell the story of one of these (at least one). Missing text is pre-filled from the evidence."""

    conversation_id: Id | None = None
    gesture_id: Id | None = None
    nomination_id: Id | None = None
    customer_story_id: Id | None = None
    candidate_id: Id | None = None
    title: Text = Field("", max_length=MAX_TITLE)
    story: Text | None = Field(None, max_length=MAX_STORY, description="Plain text or simple HTML; None drafts it")
    lesson: Text = Field("", max_length=MAX_LESSON)
    value_ids: list[Id] = Field(default_factory=list, max_length=20)


class LegendUpdateIn(Schema):
    title: Text = Field(..., max_length=MAX_TITLE)
    story: Text = Field(..., max_length=MAX_STORY)
    lesson: Text = Field("", max_length=MAX_LESSON)
    value_ids: list[Id] = Field(default_factory=list, max_length=20)
    clip_link: Text = Field("", max_length=500)
    expected_version: int | None = Field(
        None, ge=1, le=MAX_ID, description="Refused (422 on version) if someone saved since"
    )


class TransitionIn(Schema):
    to: State
    note: Text = Field("", max_length=250)


class ProblemOut(Schema):
    field: str
    message: str


class ChecksOut(Schema):
    """What would stop publishing right now, by target. Empty lists mean it can go."""

    staff: list[ProblemOut]
    public: list[ProblemOut]


class RedactionIn(Schema):
    extra: list[Text] = Field(default_factory=list, max_length=50, description="More words to redact")
    alias: Text = Field("", max_length=60, description="What names become; empty for [customer]")
    keep: list[Text] = Field(default_factory=list, max_length=50, description="Found words that are not personal data")


class FoundOut(Schema):
    kind: str
    description: str
    text: str


class RedactionPreviewOut(Schema):
    found: list[FoundOut]
    title: str
    story_html: str
    lesson: str

    @staticmethod
    def resolve_found(obj: RedactionPreview) -> list[dict[str, str]]:
        return [{"kind": k, "description": d, "text": t} for k, d, t in obj.found]

    @staticmethod
    def resolve_title(obj: RedactionPreview) -> str:
        return obj.title.text

    @staticmethod
    def resolve_story_html(obj: RedactionPreview) -> str:
        return obj.story.text

    @staticmethod
    def resolve_lesson(obj: RedactionPreview) -> str:
        return obj.lesson.text


class VersionOut(Schema):
    number: int
    title: str
    story_html: str
    lesson: str
    values: list[str]
    state: State
    change: str
    changed_by: UserRefOut | None
    created_at: dt.datetime


class VersionPageOut(Schema):
    items: list[VersionOut]
    next_cursor: str | None


class CommentIn(Schema):
    body: Text = Field(..., max_length=MAX_COMMENT)


class CommentOut(Schema):
    id: int
    author: UserRefOut
    body: str
    is_review: bool
    created_at: dt.datetime


class CommentPageOut(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class ReactionsOut(Schema):
    counts: dict[str, int]
    mine: list[Reaction]
    read: bool

    @staticmethod
    def resolve_counts(obj: Social) -> dict[str, int]:
        return {kind: obj.reactions.get(kind, 0) for kind in Reaction.values}

    @staticmethod
    def resolve_mine(obj: Social) -> list[str]:
        return sorted(obj.mine)


class ConsentOut(Schema):
    id: int
    legend_id: int
    method: ConsentMethod
    state: ConsentState
    email: str
    expires_at: dt.datetime | None
    responded_at: dt.datetime | None
    for_current_text: bool
    note: str
    call_id: int | None
    requested_by: UserRefOut
    created_at: dt.datetime

    @staticmethod
    def resolve_for_current_text(obj: Consent) -> bool:
        return obj.content_digest == obj.legend.content_digest


class ConsentEmailIn(Schema):
    email: Text = Field("", max_length=254, description="One of the customer's addresses; empty for the primary one")


class ConsentCallIn(Schema):
    note: Text = Field(..., max_length=2000, description="What the customer said")
    call_id: Id | None = None


class ConsentWithdrawIn(Schema):
    note: Text = Field("", max_length=500)


class ConsentRequestOut(Schema):
    """What the customer sees through their link: exactly the text that would be published."""

    title: str
    story_html: str
    lesson: str
    expires_at: dt.datetime | None

    @staticmethod
    def resolve_title(obj: Consent) -> str:
        return str(obj.snapshot.get("title", ""))

    @staticmethod
    def resolve_story_html(obj: Consent) -> str:
        return str(obj.snapshot.get("story_html", ""))

    @staticmethod
    def resolve_lesson(obj: Consent) -> str:
        return str(obj.snapshot.get("lesson", ""))


class ConsentAnswerIn(Schema):
    answer: Literal["agree", "decline"]


class ConsentAnsweredOut(Schema):
    state: ConsentState


class ReasonOut(Schema):
    rule: str
    explanation: str
    happened_at: dt.datetime
    gesture_id: int | None
    nomination_id: int | None


class CandidateOut(Schema):
    id: int
    subject: str
    state: CandidateState
    conversation_id: int | None
    customer_story_id: int | None
    happened_at: dt.datetime
    reasons: list[ReasonOut]
    legend_id: int | None

    @staticmethod
    def resolve_reasons(obj: Candidate) -> list[Any]:
        return list(obj.reasons.all())


class CandidatePageOut(Schema):
    items: list[CandidateOut]
    next_cursor: str | None


class CandidateQuery(PageQuery):
    state: CandidateState = CandidateState.OPEN
    rule: Text | None = Field(None, max_length=40)


class CustomerStoryIn(Schema):
    name: Text = Field(..., max_length=100)
    email: Text = Field(..., max_length=254)
    text: Text = Field(..., max_length=5000)
    may_publish: bool = False


class ReceivedOut(Schema):
    status: Literal["received"]


class CustomerStoryOut(Schema):
    id: int
    name: str
    email: str
    text: str
    published_text: str
    may_publish: bool
    state: StoryState
    customer_id: int | None
    conversation_ids: list[int]
    moderated_by: UserRefOut | None
    moderated_at: dt.datetime | None
    moderation_note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_conversation_ids(obj: CustomerStory) -> list[int]:
        return [c.pk for c in obj.conversations.all()]


class CustomerStoryPageOut(Schema):
    items: list[CustomerStoryOut]
    next_cursor: str | None


class CustomerStoryQuery(PageQuery):
    state: StoryState = StoryState.PENDING


class ModerationIn(Schema):
    note: Text = Field("", max_length=500)


class ShownStoryOut(Schema):
    """A customer's story as the public sees it: the name they chose and their words, contact details removed."""

    id: int
    name: str
    text: str
    shown_since: dt.datetime | None

    @staticmethod
    def resolve_text(obj: CustomerStory) -> str:
        return obj.published_text

    @staticmethod
    def resolve_shown_since(obj: CustomerStory) -> dt.datetime | None:
        return obj.moderated_at


class ShownStoryPageOut(Schema):
    items: list[ShownStoryOut]
    next_cursor: str | None


class PublicLegendOut(Schema):
    """A public legend: redacted, consented; no evidence, no names of customers."""

    id: int
    title: str
    story_html: str
    lesson: str
    values: list[str]
    told_by: str
    happened_on: dt.date | None
    public_since: dt.datetime | None
    clip_url: str | None

    @staticmethod
    def resolve_values(obj: Legend) -> list[str]:
        return [v.name for v in obj.values.all()]

    @staticmethod
    def resolve_told_by(obj: Legend) -> str:
        return obj.hero.first_name if obj.hero else ""

    @staticmethod
    def resolve_clip_url(obj: Legend) -> str | None:
        if not obj.clip or obj.clip_checked_by_id is None:
            return None
        return reverse("legends_public:clip", kwargs={"pk": obj.pk})


class PublicLegendPageOut(Schema):
    items: list[PublicLegendOut]
    next_cursor: str | None


class PublicLegendQuery(PageQuery):
    q: Text | None = Field(None, max_length=MAX_QUERY)
    value: Text | None = Field(None, max_length=100)


class ReadingListIn(Schema):
    name: Text = Field(..., max_length=150)
    description: Text = Field("", max_length=2000)
    for_new_hires: bool = False


class ReadingListItemOut(Schema):
    legend_id: int
    title: str
    note: str
    position: int
    read: bool


class ReadingListOut(Schema):
    id: int
    name: str
    description: str
    for_new_hires: bool
    created_by: UserRefOut
    legend_count: int


class ReadingListDetailOut(ReadingListOut):
    items: list[ReadingListItemOut]
    read: int


class ReadingListPageOut(Schema):
    items: list[ReadingListOut]
    next_cursor: str | None


class ReadingItemIn(Schema):
    legend_id: Id
    note: Text = Field("", max_length=300)


class ReadingMoveIn(Schema):
    up: bool


def reading_detail(reading_list: ReadingList, progress: Progress) -> dict[str, Any]:
    return {
        "id": reading_list.pk,
        "name": reading_list.name,
        "description": reading_list.description,
        "for_new_hires": reading_list.for_new_hires,
        "created_by": reading_list.created_by,
        "legend_count": progress.total,
        "read": progress.done,
        "items": [
            {
                "legend_id": row.item.legend_id,
                "title": row.item.legend.title,
                "note": row.item.note,
                "position": row.item.position,
                "read": row.read,
            }
            for row in progress.rows
        ],
    }
