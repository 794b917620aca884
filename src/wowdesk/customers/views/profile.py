"""The customer profile page and the partials it is built from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wowdesk.core.web import staff_user
from wowdesk.customers.forms import EmailForm, LifeMomentForm, PhoneForm, RapportNoteForm, SocialHandleForm
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import (
    customer_contacts,
    customer_conversations_page,
    life_moments_page,
    rapport_notes_page,
)
from wowdesk.customers.views.helpers import SECTION_SIZE
from wowdesk.orders.selectors import orders_page_for_customer

TEMPLATE = "customers/detail.html"
# Partials of the profile page that a form can re-render on its own.
PARTIALS = ("contacts", "moments", "notes")


def _contacts(request: HttpRequest, customer: Customer) -> dict[str, Any]:
    customer_contacts(customer=customer)
    return {"email_form": EmailForm(), "phone_form": PhoneForm(), "handle_form": SocialHandleForm()}


def _moments(request: HttpRequest, customer: Customer) -> dict[str, Any]:
    return {
        "moments": life_moments_page(customer=customer, cursor=None, size=SECTION_SIZE),
        "moment_form": LifeMomentForm(),
    }


def _notes(request: HttpRequest, customer: Customer) -> dict[str, Any]:
    return {
        "notes": rapport_notes_page(customer=customer, cursor=None, size=SECTION_SIZE),
        "note_form": RapportNoteForm(),
    }


def render_profile(
    request: HttpRequest,
    customer: Customer,
    *,
    partial: str | None = None,
    status: int = 200,
    **bound_forms: forms.BaseForm,
) -> HttpResponse:
    """Render the profile, or one partial of it, with any bound (invalid) forms in place of blank ones.

    Each section loads only what it shows, so the page's query count does
    not depend on how much history the customer has.
    """
    context: dict[str, Any] = {"customer": customer, "nav": "customers"}
    sections = {"contacts": _contacts, "moments": _moments, "notes": _notes}
    for name, build in sections.items():
        if partial in (None, name):
            context.update(build(request, customer))
    if partial is None:
        user = staff_user(request)
        context["orders"] = orders_page_for_customer(user=user, customer=customer, cursor=None, size=SECTION_SIZE)
        context["conversations"] = customer_conversations_page(
            user=user, customer=customer, cursor=None, size=SECTION_SIZE
        )
    context.update(bound_forms)
    template = f"{TEMPLATE}#{partial}" if partial else TEMPLATE
    return render(request, template, context, status=status)
