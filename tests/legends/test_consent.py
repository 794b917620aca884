"""Consent by an emailed link (through a real SMTP server) or on a call; wrong, expired and used links refused."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CallFactory, ConversationFactory, CustomerFactory
from tests.legends.helpers import draft
from tests.mail.smtp import Inbox, SmtpServer
from wowdesk.legends.models import Consent, ConsentMethod, ConsentState, Legend, State
from wowdesk.legends.selectors import public_legends
from wowdesk.legends.services import (
    ConsentLinkError,
    consent_answer,
    consent_record_call,
    consent_request_email,
    consent_withdraw,
    legend_redact,
    legend_transition,
    legend_update,
)
from wowdesk.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db
BASE = "https://help.example.com"


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server.inbox


@pytest.fixture
def redacted(long_call, lead, values) -> Legend:
    legend = legend_redact(actor=lead, legend=draft(lead, long_call.conversation, values))
    return legend_transition(actor=lead, legend=legend, to=State.REVIEW)


def _ask(lead, legend, callbacks, **kwargs) -> tuple[Consent, str]:
    with callbacks(execute=True):
        return consent_request_email(actor=lead, legend=legend, base_url="http://testserver", **kwargs)


def test_the_customer_gets_a_single_use_link_by_email(
    smtp, redacted, lead, settings, django_capture_on_commit_callbacks
):
    settings.WOWDESK_PUBLIC_URL = BASE
    consent, token = _ask(lead, redacted, django_capture_on_commit_callbacks)

    [message] = smtp.messages
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https://\S+", body)
    assert message["To"].addresses[0].addr_spec == "lorna.castellane@example.com"
    assert message["Subject"] == "May we share your story?"
    assert link is not None
    assert link.group() == f"{BASE}/stories/consent/{token}/"
    assert token not in str(Consent.objects.values_list("token_digest", flat=True).get())
    assert consent.state == ConsentState.REQUESTED
    assert consent.snapshot["story_html"] == redacted.story_html
    assert OutboundEmail.objects.get().status == "sent"

    answered = consent_answer(token=token, agree=True)
    assert (answered.state, answered.content_digest) == (ConsentState.GIVEN, redacted.content_digest)
    with pytest.raises(ConsentLinkError) as used:
        consent_answer(token=token, agree=False)
    assert used.value.status == 409
    assert Consent.objects.get().state == ConsentState.GIVEN


def test_a_wrong_or_expired_link_is_refused_and_nothing_changes(redacted, lead, django_capture_on_commit_callbacks):
    _consent, token = _ask(lead, redacted, django_capture_on_commit_callbacks)
    with pytest.raises(ConsentLinkError) as wrong:
        consent_answer(token=token + "x", agree=True)
    with pytest.raises(ConsentLinkError) as expired:
        consent_answer(token=token, agree=True, now=timezone.now() + dt.timedelta(days=15))
    assert (wrong.value.status, expired.value.status) == (404, 410)
    assert "expired" in expired.value.messages[0]
    assert Consent.objects.get().state == ConsentState.REQUESTED


def test_consent_is_asked_only_for_redacted_text_and_the_customers_own_address(
    long_call, lead, values, django_capture_on_commit_callbacks
):
    legend = draft(lead, long_call.conversation, values)
    with pytest.raises(ValidationError) as exc:
        consent_request_email(actor=lead, legend=legend, base_url=BASE)
    assert "Redact" in exc.value.message_dict["consent"][0]
    legend = legend_redact(actor=lead, legend=legend)
    with pytest.raises(ValidationError) as stranger:
        consent_request_email(actor=lead, legend=legend, base_url=BASE, email="someone@elsewhere.example")
    assert "email" in stranger.value.message_dict
    assert not Consent.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_consent_on_a_call_needs_a_note_and_a_call_with_this_customer(redacted, lead, rep):
    other_call = CallFactory.create(
        conversation=ConversationFactory.create(customer=CustomerFactory.create()), agent=rep
    )
    with pytest.raises(ValidationError) as no_note:
        consent_record_call(actor=lead, legend=redacted, note="  ")
    with pytest.raises(ValidationError) as wrong_call:
        consent_record_call(actor=lead, legend=redacted, note="Yes.", call=other_call)
    assert "note" in no_note.value.message_dict
    assert "call" in wrong_call.value.message_dict

    consent = consent_record_call(
        actor=lead, legend=redacted, note="She laughed and said of course.", call=redacted.conversation.calls.get()
    )
    assert (consent.method, consent.state) == (ConsentMethod.CALL, ConsentState.GIVEN)


def test_editing_after_consent_voids_it(redacted, lead, values):
    consent_record_call(actor=lead, legend=redacted, note="Yes.")
    legend = legend_update(
        actor=lead, legend=redacted, title="The long call, retold", story="A new telling.", lesson="Why.", values=values
    )
    legend = legend_redact(actor=lead, legend=legend)
    with pytest.raises(ValidationError) as exc:
        legend_transition(actor=lead, legend=legend, to=State.PUBLIC)
    assert "consent" in exc.value.message_dict


def test_withdrawing_takes_a_public_legend_off_the_public_page_at_once(redacted, lead):
    consent = consent_record_call(actor=lead, legend=redacted, note="Yes.")
    legend = legend_transition(actor=lead, legend=redacted, to=State.PUBLIC)
    assert list(public_legends()) == [legend]

    consent_withdraw(actor=lead, consent=consent, note="She asked us to take it down.")

    legend.refresh_from_db()
    assert legend.state == State.STAFF
    assert legend.public_since is None
    assert list(public_legends()) == []
