"""Where a round's items come from: one small finder per source, each a few bounded index reads.

Every finder takes the day and the moment the round is generated and
returns ``Candidate`` rows, oldest or most overdue first, at most
``PER_SOURCE`` of them (waiting conversations: ``WAITING_PER_QUEUE`` per
team and for the shared queue). A round is a morning's work for a team,
not a report; what does not fit today is still there tomorrow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import Team
from wowdesk.conversations.models import Conversation, Status
from wowdesk.core.text import one_line
from wowdesk.customers.models import LifeMoment
from wowdesk.gestures.models import OrderRecord, Shipment
from wowdesk.gestures.money import in_minor_units
from wowdesk.happiness.models import Recovery
from wowdesk.mail.models import DeliveryStatus, OutboundEmail
from wowdesk.rounds.models import Audience, Source
from wowdesk.social.models import SocialMention

PER_SOURCE = 10
WAITING_PER_QUEUE = 5
# A conversation counts as waiting on us once nothing has happened on it for this long.
WAITING_AFTER = dt.timedelta(days=1)
# Life moments this many days ahead (today included) are worth a note or a call.
MOMENT_DAYS_AHEAD = 7
TITLE_MAX = 300
DETAIL_MAX = 500


@dataclass(frozen=True)
class Candidate:
    source: str
    object_id: int
    title: str
    detail: str = ""
    audience: str = Audience.CONVERSATION
    conversation_id: int | None = None
    customer_id: int | None = None
    since: dt.datetime | None = None
    due_at: dt.datetime | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.source, self.object_id)


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())


def _title(text: str) -> str:
    return one_line(text, TITLE_MAX)


def _detail(text: str) -> str:
    return one_line(text, DETAIL_MAX)


def recoveries(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Open recoveries after a C, D or F, the longest waiting first."""
    rows = (
        Recovery.objects.filter(closed_at__isnull=True, opened_at__lte=now)
        .select_related("conversation", "grade")
        .order_by("opened_at", "id")[:PER_SOURCE]
    )
    return [
        Candidate(
            source=Source.RECOVERY,
            object_id=r.pk,
            title=_title(_("A %(letter)s on “%(subject)s”") % {"letter": r.letter, "subject": r.conversation.subject}),
            detail=_detail(r.grade.comment or _("No comment from the customer.")),
            conversation_id=r.conversation_id,
            customer_id=r.conversation.customer_id,
            since=r.opened_at,
        )
        for r in rows
    ]


def failed_emails(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Email that gave up after its retries, newest first: someone should reach the customer another way."""
    rows = OutboundEmail.objects.filter(status=DeliveryStatus.FAILED, failed_at__lte=now).order_by("-failed_at", "-id")
    return [
        Candidate(
            source=Source.FAILED_EMAIL,
            object_id=e.pk,
            title=_title(
                _("Email to %(to)s did not go: %(subject)s") % {"to": e.to_address or "?", "subject": e.subject}
            ),
            detail=_detail(e.last_error),
            audience=Audience.CONVERSATION if e.conversation_id else Audience.LEADS,
            conversation_id=e.conversation_id,
            since=e.failed_at,
        )
        for e in rows[:PER_SOURCE]
    ]


def shipments(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Parcels due to leave or arrive by the end of the day (or late already), and parcels that came back."""
    end = _end_of(day)
    related = ("gesture", "gesture__customer")
    to_send = Shipment.objects.filter(state=Shipment.State.TO_PREPARE, ship_by__lt=end).order_by("ship_by", "id")
    on_way = Shipment.objects.filter(state=Shipment.State.SHIPPED, deliver_by__lt=end).order_by("deliver_by", "id")
    back = Shipment.objects.filter(state=Shipment.State.RETURNED).order_by("updated_at", "id")
    found: list[Candidate] = []
    for qs, what in (
        (to_send, _("to send")),
        (on_way, _("not delivered yet")),
        (back, _("came back")),
    ):
        for s in qs.select_related(*related)[:PER_SOURCE]:
            due = s.due_at
            late = due is not None and due < now
            found.append(
                Candidate(
                    source=Source.SHIPMENT,
                    object_id=s.gesture_id,
                    title=_title(
                        _("%(item)s for %(name)s: %(what)s")
                        % {"item": s.gesture.item_name, "name": s.gesture.customer.name, "what": what}
                    ),
                    detail=_detail(
                        (_("Late. ") if late else "")
                        + (_("Tracking %(n)s") % {"n": s.tracking_number} if s.tracking_number else "")
                    ),
                    conversation_id=s.gesture.conversation_id,
                    customer_id=s.gesture.customer_id,
                    since=s.gesture.granted_at,
                    due_at=due,
                )
            )
    found.sort(key=lambda c: (c.due_at or c.since or now, c.object_id))
    return found[:PER_SOURCE]


def order_records(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Refunds, replacements and discounts due by the end of the day, and the ones that failed."""
    end = _end_of(day)
    related = ("gesture", "gesture__customer", "order")
    due = OrderRecord.objects.filter(state=OrderRecord.State.ISSUED, due_by__lt=end).order_by("due_by", "id")
    failed = OrderRecord.objects.filter(state=OrderRecord.State.FAILED).order_by("due_by", "id")
    found: list[Candidate] = []
    for qs in (due, failed):
        for r in qs.select_related(*related)[:PER_SOURCE]:
            state = _("failed") if r.state == OrderRecord.State.FAILED else _("due")
            found.append(
                Candidate(
                    source=Source.ORDER_RECORD,
                    object_id=r.gesture_id,
                    title=_title(
                        _("%(kind)s on %(order)s for %(name)s: %(state)s")
                        % {
                            "kind": r.get_kind_display(),
                            "order": r.order.number,
                            "name": r.gesture.customer.name,
                            "state": state,
                        }
                    ),
                    detail=_detail(
                        f"{in_minor_units(r.amount, r.currency)} {r.currency}" + (f" · {r.note}" if r.note else "")
                    ),
                    conversation_id=r.gesture.conversation_id,
                    customer_id=r.gesture.customer_id,
                    since=r.created_at,
                    due_at=r.due_by,
                )
            )
    found.sort(key=lambda c: (c.due_at or now, c.object_id))
    return found[:PER_SOURCE]


def mentions(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Public posts still flagged for follow-up, the oldest first."""
    rows = SocialMention.objects.filter(followed_up_at__isnull=True, posted_at__lte=now).order_by("posted_at", "id")
    return [
        Candidate(
            source=Source.MENTION,
            object_id=m.pk,
            title=_title(
                _("Follow up @%(handle)s on %(network)s")
                % {"handle": m.author_handle, "network": m.get_network_display()}
            ),
            detail=_detail(m.text),
            conversation_id=m.conversation_id,
            customer_id=m.customer_id,
            since=m.posted_at,
        )
        for m in rows[:PER_SOURCE]
    ]


def waiting(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Per team and for the shared queue, the new and open conversations that have waited longest.

    One query per team and status, each a short range of the
    ``(team, status, -last_activity_at)`` index read from its old end, so
    the cost follows the number of teams, not the number of conversations.
    """
    quiet_since = now - WAITING_AFTER
    queues: list[int | None] = [*Team.objects.order_by("id").values_list("id", flat=True), None]
    found: list[Candidate] = []
    for team_id in queues:
        queue: list[Conversation] = []
        for status in (Status.NEW, Status.OPEN):
            qs = Conversation.objects.filter(status=status, last_activity_at__lt=quiet_since, merged_into__isnull=True)
            qs = qs.filter(team__isnull=True) if team_id is None else qs.filter(team_id=team_id)
            queue.extend(qs.select_related("customer").order_by("last_activity_at", "id")[:WAITING_PER_QUEUE])
        queue.sort(key=lambda c: (c.last_activity_at, c.pk))
        for c in queue[:WAITING_PER_QUEUE]:
            found.append(
                Candidate(
                    source=Source.WAITING,
                    object_id=c.pk,
                    title=_title(f"#{c.pk} {c.subject}"),
                    detail=_detail(
                        _("%(name)s, waiting since %(when)s")
                        % {"name": c.customer.name, "when": f"{timezone.localtime(c.last_activity_at):%Y-%m-%d %H:%M}"}
                    ),
                    conversation_id=c.pk,
                    customer_id=c.customer_id,
                    since=c.last_activity_at,
                )
            )
    return found


def life_moments(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Moves, weddings, babies and the like in the coming week: worth a note or a call before the day."""
    until = day + dt.timedelta(days=MOMENT_DAYS_AHEAD - 1)
    rows = (
        LifeMoment.objects.filter(happened_on__gte=day, happened_on__lte=until, customer__merged_into__isnull=True)
        .select_related("customer")
        .order_by("happened_on", "id")[:PER_SOURCE]
    )
    return [
        Candidate(
            source=Source.LIFE_MOMENT,
            object_id=m.pk,
            title=_title(
                _("%(name)s: %(kind)s on %(day)s")
                % {"name": m.customer.name, "kind": m.get_kind_display(), "day": f"{m.happened_on:%a %d %b}"}
            ),
            detail=_detail(m.note),
            audience=Audience.STAFF,
            customer_id=m.customer_id,
            since=m.created_at,
        )
        for m in rows
    ]


Finder = Callable[..., list[Candidate]]
# In the order a round lists them: what is going wrong for a customer first, the nice touches last.
FINDERS: tuple[tuple[str, Finder], ...] = (
    (Source.RECOVERY, recoveries),
    (Source.FAILED_EMAIL, failed_emails),
    (Source.SHIPMENT, shipments),
    (Source.ORDER_RECORD, order_records),
    (Source.MENTION, mentions),
    (Source.WAITING, waiting),
    (Source.LIFE_MOMENT, life_moments),
)


def candidates(*, day: dt.date, now: dt.datetime) -> list[Candidate]:
    """Everything today's round could hold, in round order; a conversation already on it for a
    more specific reason (a recovery, a mention) is not listed again as merely waiting."""
    found = [c for _source, finder in FINDERS for c in finder(day=day, now=now)]
    specific = {c.conversation_id for c in found if c.source != Source.WAITING and c.conversation_id}
    return [c for c in found if c.source != Source.WAITING or c.conversation_id not in specific]
