"""Fixtures for the rounds tests: one maker per source, and a quick way to put an item on a round.

``sources`` makes the real objects each finder reads (a mention, a recovery,
a late parcel, ...); ``item`` writes a round item directly, for tests of
permissions, pages and the API that do not need the finders.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import ConversationFactory, CustomerFactory, LifeMomentFactory, OrderFactory
from tests.happiness.conftest import make_survey
from wowdesk.accounts.models import Team, User
from wowdesk.conversations.models import Channel, Conversation, Status
from wowdesk.customers.models import Customer, LifeMoment
from wowdesk.gestures.models import CatalogueItem, OrderRecord, Shipment
from wowdesk.gestures.services import gesture_grant
from wowdesk.gestures.starter import install_starter_catalogue
from wowdesk.happiness.models import Recovery
from wowdesk.mail.models import DeliveryStatus, OutboundEmail
from wowdesk.rounds.models import Audience, Round, RoundItem, Source
from wowdesk.social.models import Network, SocialMention

_serial = itertools.count(1)
DAY = dt.timedelta(days=1)


@dataclass
class Sources:
    """Makers of the things a round is drawn from, each as its finder would find it."""

    rep: User
    team: Team

    def conversation(self, **fields: Any) -> Conversation:
        values: dict[str, Any] = {"team": self.team, "status": Status.OPEN, **fields}
        return ConversationFactory.create(**values)

    def waiting(self, *, days: float = 2, **fields: Any) -> Conversation:
        """A conversation nothing has happened on for ``days``."""
        conversation = self.conversation(**fields)
        Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=timezone.now() - days * DAY)
        conversation.refresh_from_db()
        return conversation

    def mention(self, conversation: Conversation | None = None, **fields: Any) -> SocialMention:
        conversation = conversation or self.conversation(channel=Channel.SOCIAL, status=Status.RESOLVED)
        n = next(_serial)
        values: dict[str, Any] = {
            "network": Network.BLUESKY,
            "url": f"https://bsky.example/post/{n}",
            "author_handle": f"walker{n}",
            "text": "Two days in my new boots and not a single blister. Who packs these, angels?",
            "posted_at": timezone.now() - DAY,
            "customer": conversation.customer,
            "conversation": conversation,
            **fields,
        }
        return SocialMention.objects.create(**values)

    def recovery(self, conversation: Conversation | None = None, letter: str = "D") -> Recovery:
        conversation = conversation or self.conversation(status=Status.RESOLVED, assignee=self.rep)
        make_survey(conversation).grade(letter, "Nobody called me back.")
        return Recovery.objects.get(conversation=conversation, closed_at__isnull=True)

    def failed_email(self, conversation: Conversation | None = None, **fields: Any) -> OutboundEmail:
        n = next(_serial)
        values: dict[str, Any] = {
            "conversation": conversation,
            "from_header": "WowDesk <help@wowdesk.test>",
            "to_address": f"gone{n}@example.com",
            "subject": "Your exchange",
            "body_text": "Here is your label.",
            "message_id": f"<round-test-{n}@wowdesk.test>",
            "status": DeliveryStatus.FAILED,
            "attempts": 8,
            "last_error": "550 mailbox unavailable",
            "failed_at": timezone.now() - dt.timedelta(hours=3),
            **fields,
        }
        return OutboundEmail.objects.create(**values)

    def _grant(self, name: str, conversation: Conversation | None, **kwargs: Any) -> Any:
        install_starter_catalogue()
        conversation = conversation or self.conversation()
        item = CatalogueItem.objects.get(name=name)
        return gesture_grant(actor=self.rep, conversation=conversation, item=item, why="It was our fault.", **kwargs)

    def shipment(self, conversation: Conversation | None = None, *, late: bool = True) -> Shipment:
        """Flowers still to send: due yesterday (late), or next week."""
        gesture = self._grant("Flowers with a card", conversation).gesture
        ship_by = timezone.now() + (-DAY if late else 7 * DAY)
        Shipment.objects.filter(gesture=gesture).update(ship_by=ship_by, deliver_by=ship_by + 2 * DAY)
        return Shipment.objects.get(gesture=gesture)

    def refund(self, conversation: Conversation | None = None, *, late: bool = True) -> OrderRecord:
        conversation = conversation or self.conversation()
        order = OrderFactory.create(customer=conversation.customer)
        gesture = self._grant("Refund", conversation, order=order, amount="10").gesture
        due = timezone.now() + (-DAY if late else 7 * DAY)
        OrderRecord.objects.filter(gesture=gesture).update(due_by=due)
        return OrderRecord.objects.get(gesture=gesture)

    def moment(self, *, days: int = 2, customer: Customer | None = None, **fields: Any) -> LifeMoment:
        values: dict[str, Any] = {
            "customer": customer or CustomerFactory.create(),
            "kind": LifeMoment.Kind.MOVING,
            "happened_on": timezone.localdate() + dt.timedelta(days=days),
            "note": "Moving to Tucson with two cats and far too many shoes.",
            "recorded_by": self.rep,
            **fields,
        }
        moment: LifeMoment = LifeMomentFactory.create(**values)
        return moment


@pytest.fixture
def sources(rep, team) -> Sources:
    return Sources(rep=rep, team=team)


def put_item(
    *,
    conversation: Conversation | None = None,
    audience: str = Audience.CONVERSATION,
    source: str = Source.WAITING,
    day: dt.date | None = None,
    **fields: Any,
) -> RoundItem:
    """An item on the round of ``day`` (today), written directly."""
    the_round, _created = Round.objects.get_or_create(day=day or timezone.localdate())
    position = the_round.items.count() + 1
    values: dict[str, Any] = {
        "round": the_round,
        "position": position,
        "source": source,
        "object_id": conversation.pk if conversation is not None else 10_000 + next(_serial),
        "audience": audience,
        "conversation": conversation,
        "customer": conversation.customer if conversation is not None else None,
        "title": f"Check number {position}",
        "detail": "Worth a look today.",
        "since": timezone.now() - DAY,
        **fields,
    }
    return RoundItem.objects.create(**values)


@pytest.fixture
def item(team):
    """``item(**fields)``: an item on today's round; by default about a conversation of the Falcons."""

    def make(**fields: Any) -> RoundItem:
        if "conversation" not in fields and fields.get("audience", Audience.CONVERSATION) == Audience.CONVERSATION:
            fields["conversation"] = ConversationFactory.create(team=team, status=Status.OPEN)
        return put_item(**fields)

    return make
