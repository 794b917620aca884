"""Writes for cards: card time, writing a card, the print-and-mail queue,
emailing a card, Card of the Week votes and the weekly close.

Every public function is one transaction: it either completes or leaves
nothing behind. A drawing file is written to storage only after every
check passed, and removed again if the row cannot be inserted.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wowdesk.accounts.models import Team, User
from wowdesk.accounts.permissions import is_active_staff
from wowdesk.cards.drawings import Drawing, drawing_check
from wowdesk.cards.models import (
    Card,
    CardOfTheWeek,
    CardTimeSession,
    CardTimeSetting,
    CardVote,
    weekdays_to_mask,
)
from wowdesk.cards.periods import local_day, week_of
from wowdesk.cards.permissions import can_configure_card_time
from wowdesk.conversations.models import Conversation
from wowdesk.core.errors import field_error
from wowdesk.core.validation import validate
from wowdesk.customers.models import Customer

logger = logging.getLogger(__name__)

MAX_TEXT = 2000


def has_postal_address(customer: Customer) -> bool:
    """Enough of an address to put on an envelope: a street line and a city or postal code."""
    return bool(customer.address_line1.strip() and (customer.city.strip() or customer.postal_code.strip()))


def _primary_email(customer: Customer) -> str:
    row = customer.emails.order_by("-is_primary", "id").first()
    return row.email if row else ""


# Card time ------------------------------------------------------------------


@transaction.atomic
def card_time_configure(
    *, actor: User, team: Team, minutes: int, weekdays: Iterable[int], starts_at: dt.time
) -> CardTimeSetting:
    """Set a team's daily card block. Only the team's leads and admins may."""
    if not can_configure_card_time(actor, team):
        raise PermissionDenied(_("Only this team's leads and admins can change its card time."))
    days = sorted(set(weekdays))
    if not days:
        raise field_error("weekdays", _("Pick at least one day."))
    if any(day < 1 or day > 7 for day in days):
        raise field_error("weekdays", _("Days are 1 (Monday) to 7 (Sunday)."))
    setting = CardTimeSetting.objects.select_for_update().filter(team=team).first() or CardTimeSetting(team=team)
    setting.minutes = minutes
    setting.weekdays_mask = weekdays_to_mask(days)
    setting.starts_at = starts_at
    setting.updated_by = actor
    validate(setting, exclude=["team", "updated_by"])
    setting.save()
    return setting


@transaction.atomic
def card_time_start(*, user: User, setting: CardTimeSetting, now: dt.datetime | None = None) -> CardTimeSession:
    """Open today's card time, or return it if it is already open (the timer keeps its start).

    Any day is fine, card day or not: the block is an invitation, not a duty.
    """
    now = now or timezone.now()
    day = local_day(now)
    existing = CardTimeSession.objects.filter(user=user, day=day).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CardTimeSession.objects.create(user=user, day=day, started_at=now, minutes=setting.minutes)
    except IntegrityError:
        # A second tab opened it between the check and the insert.
        return CardTimeSession.objects.get(user=user, day=day)


@transaction.atomic
def card_time_finish(*, session: CardTimeSession, now: dt.datetime | None = None) -> CardTimeSession:
    if session.finished_at is None:
        session.finished_at = now or timezone.now()
        session.save(update_fields=["finished_at"])
    return session


# Writing a card --------------------------------------------------------------


def _clean_text(value: str, field: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise field_error(field, _("Write the card's message."))
    if len(value) > MAX_TEXT:
        raise field_error(field, _("At most %(max)s characters.") % {"max": f"{MAX_TEXT:,}"})
    return value


@transaction.atomic
def card_write(
    *,
    author: User,
    customer: Customer,
    message: str,
    conversation: Conversation | None = None,
    poem: str = "",
    drawing: bytes | None = None,
    delivery: str = Card.Delivery.MAIL,
    name_shared: bool = False,
    now: dt.datetime | None = None,
) -> Card:
    """Write a card and put it in the print queue, or queue it for email.

    Precondition: the caller resolved ``customer`` and ``conversation``
    through their permission-checked getters. The address is copied now.
    """
    message = _clean_text(message, "message", required=True)
    poem = _clean_text(poem, "poem", required=False)
    if delivery not in Card.Delivery.values:
        raise field_error("delivery", _("Choose one of: %(choices)s.") % {"choices": ", ".join(Card.Delivery.values)})
    if customer.merged_into_id is not None:
        raise field_error("customer", _("This customer was merged; write to the surviving record."))
    if conversation is not None and conversation.customer_id != customer.pk:
        raise field_error("conversation", _("This conversation is with another customer."))
    checked: Drawing | None = drawing_check(drawing) if drawing else None
    if checked is not None and poem:
        raise field_error("poem", _("A card has room for a drawing or a poem, not both."))
    postal_address, email_to = "", ""
    if delivery == Card.Delivery.MAIL:
        if not has_postal_address(customer):
            raise field_error(
                "delivery",
                _("%(name)s has no postal address. Add one on their profile, or email the card instead.")
                % {"name": customer.name},
            )
        postal_address = customer.postal_address
    else:
        email_to = _primary_email(customer)
        if not email_to:
            raise field_error(
                "delivery", _("%(name)s has no email address; mail the card instead.") % {"name": customer.name}
            )
    now = now or timezone.now()
    day = local_day(now)
    card = Card(
        author=author,
        team=author.team,
        customer=customer,
        conversation=conversation,
        message=message,
        poem=poem,
        delivery=delivery,
        recipient_name=customer.name,
        postal_address=postal_address,
        email_to=email_to,
        name_shared=name_shared,
        written_on=day,
        week=week_of(day),
        created_at=now,
    )
    validate(card, exclude=["author", "team", "customer", "conversation", "drawing"])
    if checked is not None:
        card.drawing_width, card.drawing_height = checked.width, checked.height
        card.drawing.save("drawing.png", ContentFile(checked.data), save=False)
    try:
        with transaction.atomic():
            card.save()
    except Exception:
        if card.drawing:
            card.drawing.delete(save=False)
        raise
    if delivery == Card.Delivery.EMAIL:
        from wowdesk.cards.tasks import send_card_email

        card_id = card.pk
        transaction.on_commit(lambda: send_card_email.enqueue(card_id))
    return card


# The print-and-mail queue ------------------------------------------------------


def _locked(card: Card) -> Card:
    return Card.objects.select_for_update().select_related("author").get(pk=card.pk)


@transaction.atomic
def card_mark_printed(*, actor: User, card: Card, now: dt.datetime | None = None) -> Card:
    """Written → printed. Marking a printed or mailed card again changes nothing."""
    card = _locked(card)
    if card.delivery != Card.Delivery.MAIL:
        raise field_error("status", _("This card goes by email; there is nothing to print."))
    if card.status == Card.Status.WRITTEN:
        card.status = Card.Status.PRINTED
        card.printed_at = now or timezone.now()
        card.save(update_fields=["status", "printed_at", "updated_at"])
    return card


@transaction.atomic
def card_mark_mailed(*, actor: User, card: Card, now: dt.datetime | None = None) -> Card:
    """Printed → mailed. A card must be printed before it can be mailed."""
    card = _locked(card)
    if card.delivery != Card.Delivery.MAIL:
        raise field_error("status", _("This card goes by email; there is nothing to mail."))
    if card.status == Card.Status.WRITTEN:
        raise field_error("status", _("Print the card before marking it mailed."))
    if card.status == Card.Status.PRINTED:
        card.status = Card.Status.MAILED
        card.mailed_at = now or timezone.now()
        card.save(update_fields=["status", "mailed_at", "updated_at"])
    return card


@transaction.atomic
def cards_mark_printed(*, actor: User, cards: QuerySet[Card], now: dt.datetime | None = None) -> int:
    """Mark every written, mailed-delivery card in ``cards`` printed (the day's batch). Returns how many."""
    now = now or timezone.now()
    ids = list(
        cards.filter(delivery=Card.Delivery.MAIL, status=Card.Status.WRITTEN)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    return Card.objects.filter(pk__in=ids, status=Card.Status.WRITTEN).update(
        status=Card.Status.PRINTED, printed_at=now, updated_at=now
    )


@transaction.atomic
def card_email_send(*, card_id: int) -> bool:
    """Send an emailed card, once. Returns False when there was nothing to send.

    Holds the card's row lock while sending, so two workers retrying the same
    task cannot both send it; if sending fails the transaction rolls back and
    the card stays "written" for the next try.
    """
    card = Card.objects.select_for_update().select_related("author").filter(pk=card_id).first()
    if card is None or card.delivery != Card.Delivery.EMAIL or card.status == Card.Status.EMAILED:
        return False
    body = card.message + (f"\n\n{card.poem}" if card.poem else "") + f"\n\n{card.author.display_name}"
    email = EmailMessage(
        subject=_("A card from %(name)s") % {"name": card.author.first_name or card.author.display_name},
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[card.email_to],
    )
    if card.drawing:
        with card.drawing.open("rb") as handle:
            email.attach("drawing.png", handle.read(), "image/png")
    email.send()
    card.status = Card.Status.EMAILED
    card.emailed_at = timezone.now()
    card.save(update_fields=["status", "emailed_at", "updated_at"])
    return True


# Card of the Week ----------------------------------------------------------------


def voting_week(now: dt.datetime | None = None) -> dt.date:
    """The week whose cards can be voted for now: the current one."""
    return week_of(local_day(now))


@transaction.atomic
def card_vote(*, voter: User, card: Card, now: dt.datetime | None = None) -> CardVote:
    """Vote for the Card of the Week: one vote per person per week, never for your own card.

    The unique (week, voter) constraint decides between concurrent votes;
    the loser gets the same "already voted" error as a second click.
    """
    if not is_active_staff(voter):
        raise PermissionDenied
    week = voting_week(now)
    if card.week != week or CardOfTheWeek.objects.filter(week=card.week).exists():
        raise field_error("card", _("Voting for that week has closed; vote among this week's cards."))
    if card.author_id == voter.pk:
        raise field_error("card", _("You can't vote for your own card."))
    try:
        with transaction.atomic():
            return CardVote.objects.create(week=week, voter=voter, card=card, created_at=now or timezone.now())
    except IntegrityError as exc:
        raise field_error("card", _("You have already voted this week.")) from exc


def _winner(week: dt.date) -> tuple[int | None, int, int]:
    """(card id, votes, how many other cards tied) for ``week``.

    Tie-break, in order: most votes; then the card that reached that number
    first (its last vote came earliest); then the card written first. See
    docs/decisions/0009-recognition-periods-and-ties.md.
    """
    tally = list(
        CardVote.objects.filter(week=week)
        .values("card_id", "card__created_at")
        .annotate(total=Count("id"), last_vote=Max("created_at"))
        .order_by("-total", "last_vote", "card__created_at", "card_id")
    )
    if not tally:
        return None, 0, 0
    top = tally[0]
    tied = sum(1 for row in tally[1:] if row["total"] == top["total"])
    return top["card_id"], top["total"], tied


@transaction.atomic
def card_week_close(*, week: dt.date, now: dt.datetime | None = None) -> CardOfTheWeek | None:
    """Close one ended week and announce its winner; None if it was already closed.

    The unique week on ``CardOfTheWeek`` is the idempotency key: a second run
    (or a second worker) hits it and announces nothing.
    """
    card_id, votes, tied = _winner(week)
    try:
        with transaction.atomic():
            award = CardOfTheWeek.objects.create(
                week=week, card_id=card_id, votes=votes, tied=tied, announced_at=now or timezone.now()
            )
    except IntegrityError:
        return None
    if card_id is not None:
        logger.info("Card of the week of %s: card %s", week, card_id)
    return award


def card_weeks_close(*, now: dt.datetime | None = None) -> list[CardOfTheWeek]:
    """Close every week that has ended and has cards but no close yet (catches up after downtime)."""
    current = voting_week(now)
    closed = CardOfTheWeek.objects.values("week")
    weeks = (
        Card.objects.filter(week__lt=current)
        .exclude(week__in=closed)
        .values_list("week", flat=True)
        .distinct()
        .order_by("week")
    )
    awards = []
    for week in list(weeks):
        award = card_week_close(week=week, now=now)
        if award is not None:
            awards.append(award)
    return awards
