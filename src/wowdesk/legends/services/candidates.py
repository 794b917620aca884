"""Finding legend candidates, and dismissing or restoring them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.legends.models import Candidate, CandidateReason, CandidateState
from wowdesk.legends.rules import Found, Rule, Window, default_rules

BATCH = 500


def candidates_find(
    *, since: dt.datetime, until: dt.datetime | None = None, rules: Sequence[Rule] | None = None
) -> int:
    """Run every rule over [since, until) and store what they find; returns how many reasons were found.

    Idempotent: one candidate per subject and one reason per rule and
    evidence are unique constraints, so a second run, or an overlapping
    window, adds nothing twice. A dismissed candidate stays dismissed; new
    evidence for it is recorded but does not bring it back. Writes in
    batches, each its own transaction, so a big first run never holds one
    long write lock.
    """
    until = until or timezone.now()
    window = Window(since=since, until=until)
    found = [item for rule in (rules if rules is not None else default_rules()) for item in rule.find(window)]
    by_subject: dict[str, list[Found]] = defaultdict(list)
    for item in found:
        by_subject[item.subject].append(item)
    subjects = list(by_subject)
    for start in range(0, len(subjects), BATCH):
        _store({subject: by_subject[subject] for subject in subjects[start : start + BATCH]})
    return len(found)


@transaction.atomic
def _store(batch: dict[str, list[Found]]) -> None:
    Candidate.objects.bulk_create(
        [
            Candidate(
                subject=subject,
                conversation_id=items[0].conversation_id,
                customer_story_id=items[0].customer_story_id,
                happened_at=max(i.happened_at for i in items),
            )
            for subject, items in batch.items()
        ],
        ignore_conflicts=True,
    )
    existing = Candidate.objects.filter(subject__in=list(batch)).values_list("subject", "pk", "happened_at", "state")
    newer = []
    reasons = []
    for subject, pk, happened_at, state in existing:
        items = batch[subject]
        latest = max(i.happened_at for i in items)
        if latest > happened_at and state == CandidateState.OPEN:
            newer.append(Candidate(pk=pk, happened_at=latest))
        reasons += [
            CandidateReason(
                candidate_id=pk,
                rule=item.rule,
                evidence=item.evidence,
                explanation=item.explanation[:500],
                happened_at=item.happened_at,
                gesture_id=item.gesture_id,
                nomination_id=item.nomination_id,
            )
            for item in items
        ]
    CandidateReason.objects.bulk_create(reasons, ignore_conflicts=True)
    if newer:
        Candidate.objects.bulk_update(newer, ["happened_at"])


@transaction.atomic
def candidate_dismiss(*, actor: User, candidate: Candidate, now: dt.datetime | None = None) -> Candidate:
    """Not a story to tell. Remembered: the finder will not propose it again."""
    if candidate.state == CandidateState.CAPTURED:
        raise field_error("state", _("This one has already been written up as a legend."))
    Candidate.objects.filter(pk=candidate.pk).update(
        state=CandidateState.DISMISSED, dismissed_by=actor, dismissed_at=now or timezone.now()
    )
    candidate.refresh_from_db()
    return candidate


@transaction.atomic
def candidate_restore(*, actor: User, candidate: Candidate) -> Candidate:
    """Undo a dismissal."""
    if candidate.state != CandidateState.DISMISSED:
        raise field_error("state", _("Only a dismissed candidate can be brought back."))
    Candidate.objects.filter(pk=candidate.pk).update(state=CandidateState.OPEN, dismissed_by=None, dismissed_at=None)
    candidate.refresh_from_db()
    return candidate
