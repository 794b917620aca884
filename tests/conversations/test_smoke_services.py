import pytest

from tests.factories import CustomerFactory
from wowdesk.conversations import services
from wowdesk.conversations.models import Channel, Status
from wowdesk.conversations.selectors import timeline_for


@pytest.mark.django_db
def test_reply_moves_new_conversation_to_open_and_appends_to_timeline(rep):
    customer = CustomerFactory.create()
    conv = services.conversation_create(
        actor=None, customer=customer, channel=Channel.EMAIL, subject="Shoes", body="Do you have size 42?"
    )
    services.conversation_reply(actor=rep, conversation=conv, body="We do!")
    conv.refresh_from_db()
    assert conv.status == Status.OPEN
    kinds = [e.kind for e in timeline_for(conversation=conv)]
    assert kinds == ["event", "inbound", "outbound", "event"]
