"""Writes for customers, their contact details and rapport.

Every public function is one transaction: it either completes or leaves
nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.core.validation import validate
from wowdesk.customers.models import (
    Customer,
    CustomerEmail,
    CustomerPhone,
    LifeMoment,
    RapportNote,
    SocialHandle,
)

if TYPE_CHECKING:
    from wowdesk.conversations.models import Conversation

CUSTOMER_FIELDS = (
    "name",
    "preferred_name",
    "language",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country",
)


def _clean_str(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def customer_create(
    *,
    name: str,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    social_handles: list[tuple[str, str]] | None = None,
    **fields: Any,
) -> Customer:
    unknown = set(fields) - set(CUSTOMER_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], "Unknown field.")
    customer = Customer(name=_clean_str(name), **{k: _clean_str(v) for k, v in fields.items()})
    if customer.country:
        customer.country = customer.country.upper()
    validate(customer)
    customer.save()
    for i, email in enumerate(emails or []):
        customer_email_add(customer=customer, email=email, is_primary=i == 0)
    for number in phones or []:
        customer_phone_add(customer=customer, number=number)
    for network, handle in social_handles or []:
        customer_social_handle_add(customer=customer, network=network, handle=handle)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, **fields: Any) -> Customer:
    unknown = set(fields) - set(CUSTOMER_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], "Unknown field.")
    for key, value in fields.items():
        setattr(customer, key, _clean_str(value))
    if customer.country:
        customer.country = customer.country.upper()
    validate(customer)
    customer.save(update_fields=[*fields, "updated_at"])
    return customer


@transaction.atomic
def customer_email_add(*, customer: Customer, email: str, is_primary: bool = False) -> CustomerEmail:
    email = email.strip()
    if CustomerEmail.objects.filter(email__iexact=email).exists():
        raise field_error("email", "This address already belongs to a customer; merge the two instead.")
    row = CustomerEmail(customer=customer, email=email, is_primary=is_primary)
    validate(row, exclude=["customer"])
    if is_primary:
        CustomerEmail.objects.filter(customer=customer, is_primary=True).update(is_primary=False)
    row.save()
    return row


@transaction.atomic
def customer_phone_add(*, customer: Customer, number: str, label: str = "") -> CustomerPhone:
    number = number.strip()
    if not any(ch.isdigit() for ch in number):
        raise field_error("number", "A phone number needs digits.")
    row = CustomerPhone(customer=customer, number=number, label=label.strip())
    validate(row, exclude=["customer"])
    row.save()
    return row


@transaction.atomic
def customer_social_handle_add(*, customer: Customer, network: str, handle: str) -> SocialHandle:
    handle = handle.strip().lstrip("@")
    if SocialHandle.objects.filter(network=network, handle__iexact=handle).exists():
        raise field_error("handle", "This handle already belongs to a customer.")
    row = SocialHandle(customer=customer, network=network, handle=handle)
    validate(row, exclude=["customer"])
    row.save()
    return row


def _conversation_event(conversation: Conversation | None, *, actor: User, event_type: str, body: str) -> None:
    # Imported here: conversations depends on customers, not the other way round.
    if conversation is None:
        return
    from wowdesk.conversations.services import conversation_record_event

    conversation_record_event(conversation=conversation, actor=actor, event_type=event_type, body=body)


@transaction.atomic
def rapport_note_add(
    *, actor: User, customer: Customer, body: str, conversation: Conversation | None = None
) -> RapportNote:
    body = body.strip()
    if not body:
        raise field_error("body", "Write the note.")
    note = RapportNote(customer=customer, author=actor, body=body, conversation=conversation)
    validate(note, exclude=["customer", "author", "conversation"])
    note.save()
    _conversation_event(conversation, actor=actor, event_type="rapport_note", body=body)
    return note


@transaction.atomic
def life_moment_add(
    *,
    actor: User,
    customer: Customer,
    kind: str,
    happened_on: dt.date,
    note: str = "",
    conversation: Conversation | None = None,
) -> LifeMoment:
    moment = LifeMoment(
        customer=customer,
        kind=kind,
        happened_on=happened_on,
        note=note.strip(),
        recorded_by=actor,
        conversation=conversation,
    )
    validate(moment, exclude=["customer", "recorded_by", "conversation"])
    moment.save()
    summary = moment.get_kind_display() + (f": {moment.note}" if moment.note else "")
    _conversation_event(conversation, actor=actor, event_type="life_moment", body=summary)
    return moment


@transaction.atomic
def customer_merge(*, actor: User, source: Customer, target: Customer) -> Customer:
    """Fold ``source`` into ``target``, keeping all of the source's history.

    Conversations, orders, contact details and rapport move to the target;
    the source row stays, marked as merged, so links to it still resolve.
    Both rows are locked first so two merges cannot interleave.
    """
    if source.pk == target.pk:
        raise field_error("source", "A customer cannot be merged into itself.")
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id is not None:
        raise field_error("source", "This customer was already merged into another one.")
    if target.merged_into_id is not None:
        raise field_error("target", "Merge into the surviving customer, not a merged one.")

    from wowdesk.conversations.models import Conversation
    from wowdesk.conversations.services import conversation_record_events
    from wowdesk.orders.models import Order

    moved_conversations = list(Conversation.objects.filter(customer=source))
    Conversation.objects.filter(customer=source).update(customer=target)
    Order.objects.filter(customer=source).update(customer=target)
    if target.emails.filter(is_primary=True).exists():
        source.emails.update(is_primary=False)
    for model in (CustomerEmail, CustomerPhone, SocialHandle, RapportNote, LifeMoment):
        model.objects.filter(customer=source).update(customer=target)
    Customer.objects.filter(Q(merged_into=source)).update(merged_into=target)

    # Keep what the survivor lacks rather than losing the duplicate's details.
    filled = [f for f in CUSTOMER_FIELDS if not getattr(target, f) and getattr(source, f)]
    for field in filled:
        setattr(target, field, getattr(source, field))
    target.save(update_fields=[*filled, "updated_at"])
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])

    conversation_record_events(
        conversations=moved_conversations,
        actor=actor,
        event_type="customer_merged",
        body=f"Customer {source.name} (#{source.pk}) merged into {target.name} (#{target.pk})",
    )
    return target
