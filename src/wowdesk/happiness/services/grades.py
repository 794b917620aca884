"""Recording a customer's grade from their survey link, with everything that follows from it.

``grade_record`` is one transaction: the grade (or the change of mind) and
its history row, the rollup counts, the timeline event on the conversation,
and, for a C, D or F, a recovery item with its notices. Either all of it is
stored or none of it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Call, Conversation, EntryKind, EventType, TimelineEntry
from wowdesk.conversations.services import conversation_record_event
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.text import clean_text
from wowdesk.happiness.errors import SurveyExpired, SurveyStale
from wowdesk.happiness.models import LETTERS, MAX_COMMENT, NEEDS_RECOVERY, Grade, GradeChange, Survey, SurveyStatus
from wowdesk.happiness.services.recovery import recovery_open
from wowdesk.happiness.services.rollups import GradeKey, rollup_add, rollup_move
from wowdesk.happiness.tokens import looks_like_token, token_digest
from wowdesk.orders.models import ProblemReport


def check_grade(letter: str, comment: str) -> tuple[str, str]:
    """The letter upper-cased and the comment cleaned; ValidationError on ``grade`` or ``comment``."""
    letter = letter.strip().upper()
    if letter not in LETTERS:
        raise field_error("grade", _("Choose one of: %(letters)s.") % {"letters": ", ".join(LETTERS)})
    comment = clean_text(comment).strip()
    if len(comment) > MAX_COMMENT:
        raise field_error("comment", _("At most %(n)s characters.") % {"n": f"{MAX_COMMENT:,}"})
    return letter, comment


def survey_for_token(*, token: str, now: dt.datetime | None = None, lock: bool = False) -> Survey:
    """The survey a link's token belongs to.

    Raises ``NotFound`` for a token that is not ours (wrong, mistyped, or
    for a survey never sent) and ``SurveyExpired`` for one past its date.
    Only the digest is compared, so the token is never stored or logged.
    """
    if not looks_like_token(token):
        raise NotFound(_("This link is not valid."))
    qs = Survey.objects.select_related("conversation", "conversation__customer")
    if lock:
        qs = qs.select_for_update(of=("self",))
    survey = qs.filter(token_digest=token_digest(token), status=SurveyStatus.SENT).first()
    if survey is None:
        raise NotFound(_("This link is not valid."))
    if survey.expires_at is None or survey.expires_at <= (now or timezone.now()):
        raise SurveyExpired(_("This link has expired."))
    return survey


def _problem(conversation: Conversation) -> str:
    report = ProblemReport.objects.filter(conversation=conversation).order_by("-created_at", "-id").first()
    return report.kind if report else ""


def _handlers(conversation: Conversation) -> tuple[User | None, list[int]]:
    """(the owner, everyone who answered or called): who handled the conversation, right now."""
    repliers = list(
        TimelineEntry.objects.filter(conversation=conversation, kind=EntryKind.OUTBOUND, author__isnull=False)
        .order_by("-created_at", "-id")
        .values_list("author_id", flat=True)
    )
    callers = list(Call.objects.filter(conversation=conversation).values_list("agent_id", flat=True))
    ids = dict.fromkeys([*([conversation.assignee_id] if conversation.assignee_id else []), *repliers, *callers])
    owner = conversation.assignee
    if owner is None and repliers:
        owner = User.objects.filter(pk=repliers[0]).first()
    active = set(User.objects.filter(pk__in=list(ids), is_active=True).values_list("pk", flat=True))
    return owner, [pk for pk in ids if pk in active]


def _event(conversation: Conversation, letter: str, comment: str, previous: str) -> None:
    if previous:
        body = _("The customer changed their grade from %(old)s to %(new)s") % {"old": previous, "new": letter}
    else:
        body = _("The customer graded this conversation %(letter)s") % {"letter": letter}
    if comment:
        body += f": “{comment}”"
    conversation_record_event(
        conversation=conversation,
        actor=None,
        event_type=EventType.GRADED,
        body=body,
        data={"grade": letter, "previous": previous},
    )


@transaction.atomic
def grade_record(*, token: str, letter: str, comment: str = "", revision: int, now: dt.datetime | None = None) -> Grade:
    """Record the grade a customer gives with their link (public: the token is the permission).

    ``revision`` is the number of grades the form saw (0 for a first grade);
    if anyone graded with this link since, ``SurveyStale`` is raised and
    nothing changes. A first grade is attributed to the conversation's team,
    owner, channel and problem type as they are now; a change of mind keeps
    that attribution and moves only the letter. C, D and F open a recovery
    unless one is already open.
    """
    now = now or timezone.now()
    letter, comment = check_grade(letter, comment)
    survey = survey_for_token(token=token, now=now, lock=True)
    conversation = survey.conversation
    grade = Grade.objects.select_for_update().filter(survey=survey).first()
    if revision != (grade.revision if grade else 0):
        raise SurveyStale(
            {"revision": [_("This link was used to grade again since this page was shown; here is the latest grade.")]}
        )
    previous = ""
    if grade is None:
        owner, handled = _handlers(conversation)
        grade = Grade.objects.create(
            survey=survey,
            conversation=conversation,
            letter=letter,
            comment=comment,
            day=timezone.localdate(now),
            channel=conversation.channel,
            team_id=conversation.team_id,
            rep=owner,
            problem=_problem(conversation),
            first_graded_at=now,
            graded_at=now,
        )
        grade.handled_by.set(handled)
        rollup_add(key=GradeKey.of(grade), letter=letter)
    else:
        previous = grade.letter
        rollup_move(key=GradeKey.of(grade), old=previous, new=letter)
        grade.letter, grade.comment, grade.graded_at = letter, comment, now
        grade.revision += 1
        grade.save(update_fields=["letter", "comment", "graded_at", "revision"])
    GradeChange.objects.create(grade=grade, letter=letter, previous=previous, comment=comment, created_at=now)
    _event(conversation, letter, comment, previous)
    if letter in NEEDS_RECOVERY:
        recovery_open(grade=grade, now=now)
    return grade
