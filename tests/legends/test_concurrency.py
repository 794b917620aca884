"""Single use under concurrency, on PostgreSQL: many answers through one consent link at the same moment;
two editors saving the same version. SQLite serialises writers, so the races only exist there."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection

from tests.cards.test_concurrency import race
from tests.legends.helpers import LESSON, STORY, draft, published
from wowdesk.legends.models import Consent, ConsentState, Legend, LegendVersion
from wowdesk.legends.services import consent_answer, consent_request_email, legend_update

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrent writers"),
]
THREADS = 6


def test_a_consent_link_is_used_once_however_many_answers_race(long_call, lead, values):
    legend = published(lead, long_call.conversation, values)
    _consent, token = consent_request_email(actor=lead, legend=legend, base_url="http://testserver")

    wins, errors = race([partial(consent_answer, token=token, agree=i % 2 == 0) for i in range(THREADS)])

    assert wins == 1
    assert len(errors) == THREADS - 1
    assert all("already been used" in e for e in errors)
    assert Consent.objects.get().state in (ConsentState.GIVEN, ConsentState.DECLINED)


def test_two_editors_saving_the_same_version_one_wins_and_history_has_no_gaps(long_call, lead, values):
    legend = draft(lead, long_call.conversation, values)
    version = legend.version
    edits: list[Callable[[], object]] = [
        partial(
            legend_update,
            actor=lead,
            legend=legend,
            title=f"Take {i}",
            story=STORY,
            lesson=LESSON,
            values=values,
            expected_version=version,
        )
        for i in range(THREADS)
    ]
    wins, errors = race(edits)

    assert wins == 1
    assert len(errors) == THREADS - 1
    numbers = list(LegendVersion.objects.filter(legend=legend).order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, version + 2))
    assert Legend.objects.get().version == version + 1
