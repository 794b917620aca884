"""JSON API for customers: directory, CRUD, contact details, merge and rapport."""

from __future__ import annotations

from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Status

from wowdesk.accounts.models import User
from wowdesk.api.auth import actor
from wowdesk.api.common import PageQuery, PathId, Text, fields_renamed, paged, referenced
from wowdesk.api.errors import ERRORS
from wowdesk.conversations.models import Conversation
from wowdesk.core.errors import field_error
from wowdesk.customers import selectors, services
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote, SocialHandle
from wowdesk.customers.schemas import (
    CustomerConversationPageOut,
    CustomerCreateIn,
    CustomerMergeIn,
    CustomerOut,
    CustomerPageOut,
    CustomerUpdateIn,
    EmailAddIn,
    EmailOut,
    LifeMomentIn,
    LifeMomentOut,
    LifeMomentPageOut,
    PhoneAddIn,
    PhoneOut,
    RapportNoteIn,
    RapportNoteOut,
    RapportNotePageOut,
    SocialHandleIn,
    SocialHandleOut,
)

router = Router(tags=["customers"])


class CustomerListQuery(PageQuery):
    q: Text = Field("", max_length=200, description="Part of a name or an email address")
    sort: Literal["name", "recent"] = Field("name", description="name, or recent (latest activity first)")


def _customer(user: User, pk: int) -> Customer:
    return selectors.customer_contacts(customer=selectors.customer_get_for_user(user=user, pk=pk))


def _conversation_of(user: User, customer: Customer, conversation_id: int | None) -> Conversation | None:
    """The conversation a rapport entry was raised in, with the selector's errors named as request fields."""
    if conversation_id is None:
        return None
    with fields_renamed({"conversation": "conversation_id"}):
        return referenced(
            "conversation_id",
            lambda: selectors.conversation_of_customer(
                user=user, customer_id=customer.pk, conversation_id=conversation_id
            ),
        )


@router.get("/customers", response={200: CustomerPageOut, **ERRORS}, operation_id="customer_list")
def customer_list(request: HttpRequest, filters: Query[CustomerListQuery]) -> dict[str, Any]:
    user = actor(request)
    return paged(
        filters,
        lambda cursor, size: selectors.customer_directory(
            user=user, query=filters.q, sort=filters.sort, cursor=cursor, size=size
        ),
    )


@router.post("/customers", response={201: CustomerOut, **ERRORS}, operation_id="customer_create")
def customer_create(request: HttpRequest, payload: CustomerCreateIn) -> Status[Customer]:
    fields = payload.model_dump(exclude={"name", "emails", "phones", "social_handles"})
    with transaction.atomic():
        customer = services.customer_create(
            name=payload.name,
            emails=payload.emails,
            phones=payload.phones,
            social_handles=[(h.network, h.handle) for h in payload.social_handles],
            **fields,
        )
    return Status(201, selectors.customer_contacts(customer=customer))


@router.get("/customers/{pk}", response={200: CustomerOut, **ERRORS}, operation_id="customer_get")
def customer_get(request: HttpRequest, pk: PathId) -> Customer:
    return _customer(actor(request), pk)


@router.patch("/customers/{pk}", response={200: CustomerOut, **ERRORS}, operation_id="customer_update")
def customer_update(request: HttpRequest, pk: PathId, payload: CustomerUpdateIn) -> Customer:
    user = actor(request)
    with transaction.atomic():
        customer = selectors.customer_get_for_user(user=user, pk=pk)
        services.customer_update(customer=customer, **payload.model_dump(exclude_unset=True))
    return _customer(user, customer.pk)


@router.post("/customers/{pk}/emails", response={201: EmailOut, **ERRORS}, operation_id="customer_email_add")
def customer_email_add(request: HttpRequest, pk: PathId, payload: EmailAddIn) -> Status[CustomerEmail]:
    with transaction.atomic():
        customer = selectors.customer_get_for_user(user=actor(request), pk=pk)
        row = services.customer_email_add(customer=customer, email=payload.email, is_primary=payload.is_primary)
    return Status(201, row)


@router.post("/customers/{pk}/phones", response={201: PhoneOut, **ERRORS}, operation_id="customer_phone_add")
def customer_phone_add(request: HttpRequest, pk: PathId, payload: PhoneAddIn) -> Status[CustomerPhone]:
    with transaction.atomic():
        customer = selectors.customer_get_for_user(user=actor(request), pk=pk)
        row = services.customer_phone_add(customer=customer, number=payload.number, label=payload.label)
    return Status(201, row)


@router.post(
    "/customers/{pk}/social-handles",
    response={201: SocialHandleOut, **ERRORS},
    operation_id="customer_social_handle_add",
)
def customer_social_handle_add(request: HttpRequest, pk: PathId, payload: SocialHandleIn) -> Status[SocialHandle]:
    with transaction.atomic():
        customer = selectors.customer_get_for_user(user=actor(request), pk=pk)
        row = services.customer_social_handle_add(customer=customer, network=payload.network, handle=payload.handle)
    return Status(201, row)


@router.post("/customers/{pk}/merge", response={200: CustomerOut, **ERRORS}, operation_id="customer_merge")
def customer_merge(request: HttpRequest, pk: PathId, payload: CustomerMergeIn) -> Customer:
    """Fold this customer into ``into_id``; answers with the survivor."""
    user = actor(request)
    with transaction.atomic(), fields_renamed({"target": "into_id"}):
        source = selectors.customer_get_for_user(user=user, pk=pk)
        if source.pk != pk:
            # The getter follows merges; merging the survivor instead would surprise.
            raise field_error("source", str(_("This customer was already merged into another one.")))
        target = referenced("into_id", lambda: selectors.customer_get_for_user(user=user, pk=payload.into_id))
        survivor = services.customer_merge(actor=user, source=source, target=target)
    return _customer(user, survivor.pk)


@router.get(
    "/customers/{pk}/conversations",
    response={200: CustomerConversationPageOut, **ERRORS},
    operation_id="customer_conversation_list",
)
def customer_conversation_list(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    user = actor(request)
    customer = selectors.customer_get_for_user(user=user, pk=pk)
    return paged(
        page,
        lambda cursor, size: selectors.customer_conversations_page(
            user=user, customer=customer, cursor=cursor, size=size
        ),
    )


@router.get(
    "/customers/{pk}/rapport-notes",
    response={200: RapportNotePageOut, **ERRORS},
    operation_id="rapport_note_list",
    tags=["rapport"],
)
def rapport_note_list(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    customer = selectors.customer_get_for_user(user=actor(request), pk=pk)
    return paged(page, lambda cursor, size: selectors.rapport_notes_page(customer=customer, cursor=cursor, size=size))


@router.post(
    "/customers/{pk}/rapport-notes",
    response={201: RapportNoteOut, **ERRORS},
    operation_id="rapport_note_create",
    tags=["rapport"],
)
def rapport_note_create(request: HttpRequest, pk: PathId, payload: RapportNoteIn) -> Status[RapportNote]:
    user = actor(request)
    with transaction.atomic():
        customer = selectors.customer_get_for_user(user=user, pk=pk)
        conversation = _conversation_of(user, customer, payload.conversation_id)
        note = services.rapport_note_add(actor=user, customer=customer, body=payload.body, conversation=conversation)
    return Status(201, note)


@router.get(
    "/customers/{pk}/life-moments",
    response={200: LifeMomentPageOut, **ERRORS},
    operation_id="life_moment_list",
    tags=["rapport"],
)
def life_moment_list(request: HttpRequest, pk: PathId, page: Query[PageQuery]) -> dict[str, Any]:
    customer = selectors.customer_get_for_user(user=actor(request), pk=pk)
    return paged(page, lambda cursor, size: selectors.life_moments_page(customer=customer, cursor=cursor, size=size))


@router.post(
    "/customers/{pk}/life-moments",
    response={201: LifeMomentOut, **ERRORS},
    operation_id="life_moment_create",
    tags=["rapport"],
)
def life_moment_create(request: HttpRequest, pk: PathId, payload: LifeMomentIn) -> Status[LifeMoment]:
    user = actor(request)
    with transaction.atomic():
        customer = selectors.customer_get_for_user(user=user, pk=pk)
        conversation = _conversation_of(user, customer, payload.conversation_id)
        moment = services.life_moment_add(
            actor=user,
            customer=customer,
            kind=payload.kind,
            happened_on=payload.happened_on,
            note=payload.note,
            conversation=conversation,
        )
    return Status(201, moment)
