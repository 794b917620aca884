"""Demo happiness: six months of grades, recoveries, the journey-8 bad day, and two secret polls.

Grades are written in bulk (``happiness_drafts``), the way the grading and
recovery services would have written them, and the rollups are then built
once from the grades with ``rollups_rebuild`` (the same statement as the
``happiness_rebuild_rollups`` command), so they agree by construction.

Journey 8: the ``bad_day`` story conversation (from the gestures step) is
graded D, its recovery is closed by the rep with the coupon granted there.
The demo login's team, Lighthouse, has a recovery open right now. A real
survey email, with a working link, waits in the outbox for the newest
resolved Lighthouse conversation nobody graded (it leaves once the worker
runs, and shows up on /mail/caught/). Journey 9: a poll with eleven
answers shows its distribution; one with three keeps its results hidden.

The demo asks more often than the cooldown setting would (each resolved
conversation has the same chance), so a small demo still has a chart's
worth of grades every week.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import reset_queries, transaction

from wowdesk.accounts.models import Department
from wowdesk.conversations.models import Conversation, Status, Tag
from wowdesk.demo.context import DEMO_USERNAME, HISTORY_DAYS, SeedContext
from wowdesk.demo.happiness_drafts import GradePlan, Grader, Resolved, declare, write_plan
from wowdesk.demo.rows import RowWriter
from wowdesk.gestures.models import Gesture
from wowdesk.happiness.models import Survey
from wowdesk.happiness.services import RECOVERY_TAG, poll_answer, poll_create, rollups_rebuild, survey_send
from wowdesk.orders.models import ProblemReport

CHUNK = 5000
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
BAD_DAY_COMMENT = "The first answer I got did not read my email at all. I had to explain everything twice."
OPEN_COMMENT = "I was promised a call back yesterday and nobody called."


def _resolved(ctx: SeedContext, story_ids: set[int]) -> list[Resolved]:
    since = ctx.now - dt.timedelta(days=HISTORY_DAYS)
    rows = (
        Conversation.objects.filter(
            status=Status.RESOLVED, resolved_at__gte=since, assignee__isnull=False, merged_into__isnull=True
        )
        .order_by("id")
        .values_list("id", "customer_id", "channel", "team_id", "assignee_id", "resolved_at")
    )
    return [
        Resolved(pk, customer, channel, team, assignee, resolved_at)
        for pk, customer, channel, team, assignee, resolved_at in rows.iterator(chunk_size=CHUNK)
        if pk not in story_ids and resolved_at is not None
    ]


def _problems() -> dict[int, str]:
    """Conversation id -> the latest problem reported on it."""
    latest: dict[int, str] = {}
    rows = ProblemReport.objects.order_by("conversation_id", "created_at", "id").values_list("conversation_id", "kind")
    for conversation_id, kind in rows.iterator(chunk_size=CHUNK):
        latest[conversation_id] = kind
    return latest


def _story(ctx: SeedContext, name: str) -> Conversation | None:
    ids = ctx.story_conversations.get(name)
    return Conversation.objects.filter(pk=ids[0]).first() if ids else None


def _bad_day(ctx: SeedContext) -> GradePlan | None:
    """Journey 8: a D, a call back, the coupon, and the recovery closed with what was done."""
    conversation = _story(ctx, "bad_day")
    if conversation is None or conversation.resolved_at is None:
        return None
    gesture = Gesture.objects.filter(conversation=conversation).order_by("granted_at").first()
    graded_at = conversation.resolved_at + 40 * MINUTE
    closed_at = (gesture.granted_at if gesture else graded_at + 3 * HOUR) + 15 * MINUTE
    closed_at = max(min(closed_at, ctx.now - 5 * MINUTE), graded_at)
    return GradePlan(
        source=Resolved(
            conversation.pk,
            conversation.customer_id,
            conversation.channel,
            conversation.team_id,
            conversation.assignee_id,
            conversation.resolved_at,
        ),
        letter="D",
        first_graded_at=graded_at,
        graded_at=graded_at,
        comment=BAD_DAY_COMMENT,
        recovery_closed_at=closed_at,
        recovery_closed_by=conversation.assignee_id,
        what_was_done="Called back the same afternoon, apologised for the rushed first answer, "
        "solved it on the phone and sent a $25 coupon.",
        gesture_id=gesture.pk if gesture else None,
    )


def _open_for_demo_team(ctx: SeedContext, candidates: list[Resolved]) -> GradePlan | None:
    """A recovery open right now on the demo login's team, graded yesterday."""
    demo = ctx.staff.by_username.get(DEMO_USERNAME)
    team_id = demo.team_id if demo else None
    recent = [c for c in candidates if c.team_id == team_id and c.resolved_at < ctx.now - DAY]
    if not recent:
        return None
    source = max(recent, key=lambda c: c.resolved_at)
    graded_at = min(source.resolved_at + 2 * HOUR, ctx.now - 20 * HOUR)
    graded_at = max(graded_at, source.resolved_at + MINUTE)
    return GradePlan(source=source, letter="F", first_graded_at=graded_at, graded_at=graded_at, comment=OPEN_COMMENT)


def _write_grades(ctx: SeedContext) -> set[int]:
    """Every demo grade; returns the conversations graded."""
    rng = ctx.rng_for("happiness")
    story_ids = {pk for ids in ctx.story_conversations.values() for pk in ids}
    candidates = _resolved(ctx, story_ids)
    problems = _problems()
    leads = {team_id: lead.pk for team_id, lead in ctx.staff.leads.items()}
    grader = Grader(
        rng,
        now=ctx.now,
        team_names={team.pk: team.name for team in ctx.staff.teams},
        usernames={user.pk: name for name, user in ctx.staff.by_username.items()},
        leads=leads,
    )
    recovery_tag = Tag.objects.get_or_create(name=RECOVERY_TAG)[0].pk
    progress = ctx.progress("grades", len(candidates) + 2)
    writer = RowWriter()
    declare(writer)
    graded: set[int] = set()
    special = [plan for plan in (_bad_day(ctx), _open_for_demo_team(ctx, candidates)) if plan is not None]
    special_ids = {plan.source.id for plan in special}

    def add(plan: GradePlan) -> None:
        # A digest no token hashes to (not hex): demo surveys were answered long ago; nobody needs their links.
        write_plan(writer, plan, leads=leads, recovery_tag=recovery_tag, digest=f"demo-{plan.source.id:058d}")
        graded.add(plan.source.id)

    with transaction.atomic():
        for plan in special:
            add(plan)
        progress.advance(2)
        for index, source in enumerate(candidates, 1):
            if source.id in special_ids:
                continue
            planned = grader.plan(source, problems.get(source.id, ""))
            if planned is not None:
                add(planned)
            if index % CHUNK == 0:
                writer.flush()
                reset_queries()
                progress.advance(CHUNK)
        writer.close()
    progress.finish()
    return graded


PENDING_LOOKAHEAD = 500


def _pending_survey(ctx: SeedContext, graded: set[int]) -> None:
    """A real survey email with a working link, for whoever walks the demo (it leaves when the worker runs)."""
    demo = ctx.staff.by_username.get(DEMO_USERNAME)
    if demo is None or demo.team_id is None:
        return
    recently = ctx.now - dt.timedelta(days=int(settings.WOWDESK_SURVEY_COOLDOWN_DAYS))
    # The newest few hundred are filtered here rather than with ``pk__in=graded``: at a million
    # conversations ``graded`` holds most of them, far more than SQLite accepts as query parameters.
    recent = (
        Conversation.objects.filter(status=Status.RESOLVED, team_id=demo.team_id, customer__emails__isnull=False)
        .exclude(customer_id__in=Survey.objects.filter(created_at__gte=recently).values("customer_id"))
        .order_by("-resolved_at", "-id")
        .values_list("pk", flat=True)[:PENDING_LOOKAHEAD]
    )
    newest = next((pk for pk in recent if pk not in graded), None)
    if newest is not None:
        survey_send(conversation_id=newest, now=ctx.now)


POLL_ANSWERS = (
    ("A", "Honestly the best team I have worked in."),
    ("B", ""),
    ("A", ""),
    ("B", "Good, but the returns backlog on Mondays hurts."),
    ("A", ""),
    ("C", "We are stretched thin in the evenings."),
    ("B", ""),
    ("A", "Cards time is the best fifteen minutes of my day."),
    ("D", ""),
    ("B", ""),
    ("A", ""),
)


def _polls(ctx: SeedContext) -> None:
    """Journey 9: one poll with enough answers to show, one still short of five."""
    demo = ctx.staff.by_username.get(DEMO_USERNAME)
    if demo is None:
        return
    rng = ctx.rng_for("happiness:polls")
    staff = sorted((u for u in ctx.staff.by_username.values() if u.pk != demo.pk and u.is_active), key=lambda u: u.pk)
    asked = ctx.now - 9 * DAY
    with transaction.atomic():
        month = poll_create(actor=demo, question="How would you grade our service this month?", now=asked)
        for voter, (letter, comment) in zip(
            rng.sample(staff, min(len(staff), len(POLL_ANSWERS))), POLL_ANSWERS, strict=False
        ):
            poll_answer(actor=voter, poll=month, letter=letter, comment=comment, now=asked + DAY)
        service = Department.objects.filter(is_customer_service=True).first()
        returns = poll_create(
            actor=demo,
            question="How would you grade the new returns process?",
            departments=[service] if service else [],
            now=ctx.now - 2 * DAY,
        )
        colleagues = [u for u in staff if service is None or u.department_id == service.pk]
        for voter, letter in zip(rng.sample(colleagues, min(3, len(colleagues))), "BCB", strict=False):
            poll_answer(actor=voter, poll=returns, letter=letter, now=ctx.now - DAY)


def seed_happiness(ctx: SeedContext) -> None:
    graded = _write_grades(ctx)
    rollups_rebuild()
    _pending_survey(ctx, graded)
    _polls(ctx)
