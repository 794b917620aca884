"""Writing a card, one card's page, its PDF and drawing, and moving it through the print queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wowdesk.accounts.models import User
from wowdesk.cards import selectors, services
from wowdesk.cards.forms import CardForm
from wowdesk.cards.models import Card
from wowdesk.cards.pdf import card_pdf
from wowdesk.cards.suggestions import NOTES_PER_SUGGESTION
from wowdesk.conversations.models import Conversation
from wowdesk.conversations.selectors import conversation_get_for_user
from wowdesk.core.errors import NotFound, field_error
from wowdesk.core.web import add_service_errors, redirect_after_post, staff_user
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import customer_get_for_user, rapport_notes_for


def _recipient(
    user: User, conversation_id: int | None, customer_id: int | None
) -> tuple[Customer, Conversation | None]:
    """The card's customer, from the conversation it comes from or given directly."""
    if conversation_id:
        try:
            conversation = conversation_get_for_user(user=user, pk=conversation_id)
        except NotFound as exc:
            raise field_error("conversation", _("No such conversation, or you may not see it.")) from exc
        return conversation.customer, conversation
    if customer_id:
        try:
            return customer_get_for_user(user=user, pk=customer_id), None
        except NotFound as exc:
            raise field_error("customer", _("No such customer.")) from exc
    raise field_error("customer", _("Start from a suggestion or a customer's page: who is the card for?"))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _compose_context(customer: Customer, conversation: Conversation | None) -> dict[str, Any]:
    return {
        "nav": "cards",
        "customer": customer,
        "conversation": conversation,
        "notes": list(rapport_notes_for(customer=customer)[:NOTES_PER_SUGGESTION]),
        "has_postal_address": services.has_postal_address(customer),
    }


@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    source = request.POST if request.method == "POST" else request.GET
    conversation_id, customer_id = _int(source.get("conversation")), _int(source.get("customer"))
    try:
        customer, conversation = _recipient(user, conversation_id, customer_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cards:home")
    if request.method == "GET":
        form = CardForm(initial={"conversation": conversation_id, "customer": customer.pk})
        return render(request, "cards/compose.html", {"form": form, **_compose_context(customer, conversation)})
    form = CardForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            card = services.card_write(
                author=user,
                customer=customer,
                conversation=conversation,
                message=data["message"],
                poem=data["poem"],
                drawing=data["drawing"],
                delivery=data["delivery"],
                name_shared=data["name_shared"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            where = _("the print queue") if card.delivery == Card.Delivery.MAIL else _("the outbox")
            messages.success(
                request,
                _("Card for %(name)s written; it is in %(where)s.") % {"name": card.recipient_name, "where": where},
            )
            return redirect("cards:home")
    context = {"form": form, **_compose_context(customer, conversation)}
    return render(request, "cards/compose.html", context, status=400)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.card_get_for_user(user=staff_user(request), pk=pk)
    return render(request, "cards/detail.html", {"nav": "cards", "card": card})


def file_response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.card_get_for_user(user=staff_user(request), pk=pk)
    return file_response(card_pdf(card), "application/pdf", f"card-{card.pk}.pdf")


def drawing_response(card: Card) -> HttpResponse:
    if not card.drawing:
        raise NotFound(_("This card has no drawing."))
    with card.drawing.open("rb") as handle:
        return file_response(handle.read(), "image/png", f"card-{card.pk}.png")


@require_GET
def drawing(request: HttpRequest, pk: int) -> HttpResponse:
    return drawing_response(selectors.card_get_for_user(user=staff_user(request), pk=pk))


def _move(request: HttpRequest, pk: int, *, mailed: bool) -> HttpResponse:
    """Printed or mailed, then back to where the button was (the queue or the card)."""
    user = staff_user(request)
    card = selectors.card_get_for_user(user=user, pk=pk)
    try:
        if mailed:
            services.card_mark_mailed(actor=user, card=card)
        else:
            services.card_mark_printed(actor=user, card=card)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    fallback = reverse("cards:detail", kwargs={"pk": card.pk})
    return redirect_after_post(request, next_url=request.POST.get("next"), fallback=fallback)


@require_POST
def mark_printed(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, mailed=False)


@require_POST
def mark_mailed(request: HttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, mailed=True)
