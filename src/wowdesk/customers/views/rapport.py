"""Forms posted from the profile (or a conversation page): contact details and rapport.

Each view is post/redirect/get without JavaScript; an htmx request from the
profile gets back just the section it changed. Invalid input re-renders the
profile with the errors on the named field and status 400.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wowdesk.accounts.models import User
from wowdesk.core.web import add_service_errors, is_htmx, redirect_after_post, staff_user
from wowdesk.customers import services
from wowdesk.customers.forms import EmailForm, LifeMomentForm, PhoneForm, RapportNoteForm, SocialHandleForm
from wowdesk.customers.models import Customer
from wowdesk.customers.selectors import conversation_of_customer, customer_get_for_user
from wowdesk.customers.views.profile import render_profile

type Action = Callable[[User, Customer, forms.Form], object]


def _submit(
    request: HttpRequest, pk: int, *, form_class: type[forms.Form], form_key: str, partial: str, action: Action
) -> HttpResponse:
    user = staff_user(request)
    customer = customer_get_for_user(user=user, pk=pk)
    form = form_class(request.POST)
    next_url = request.POST.get("next") or None
    # A swap only makes sense when the post came from the profile itself.
    swap = is_htmx(request) and next_url is None
    if form.is_valid():
        try:
            action(user, customer, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if swap:
                return render_profile(request, customer, partial=partial)
            return redirect_after_post(
                request, next_url=next_url, fallback=reverse("customers:detail", kwargs={"pk": customer.pk})
            )
    return render_profile(request, customer, partial=partial if swap else None, status=400, **{form_key: form})


def _add_email(user: User, customer: Customer, form: forms.Form) -> object:
    return services.customer_email_add(customer=customer, email=form.cleaned_data["email"])


def _add_phone(user: User, customer: Customer, form: forms.Form) -> object:
    data = form.cleaned_data
    return services.customer_phone_add(customer=customer, number=data["number"], label=data["label"])


def _add_handle(user: User, customer: Customer, form: forms.Form) -> object:
    data = form.cleaned_data
    return services.customer_social_handle_add(customer=customer, network=data["network"], handle=data["handle"])


def _add_note(user: User, customer: Customer, form: forms.Form) -> object:
    data = form.cleaned_data
    conversation = conversation_of_customer(user=user, customer_id=customer.pk, conversation_id=data["conversation"])
    return services.rapport_note_add(actor=user, customer=customer, body=data["body"], conversation=conversation)


def _add_moment(user: User, customer: Customer, form: forms.Form) -> object:
    data = form.cleaned_data
    conversation = conversation_of_customer(user=user, customer_id=customer.pk, conversation_id=data["conversation"])
    return services.life_moment_add(
        actor=user,
        customer=customer,
        kind=data["kind"],
        happened_on=data["happened_on"] or timezone.localdate(),
        note=data["note"],
        conversation=conversation,
    )


@require_POST
def email_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, pk, form_class=EmailForm, form_key="email_form", partial="contacts", action=_add_email)


@require_POST
def phone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, pk, form_class=PhoneForm, form_key="phone_form", partial="contacts", action=_add_phone)


@require_POST
def handle_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(
        request, pk, form_class=SocialHandleForm, form_key="handle_form", partial="contacts", action=_add_handle
    )


@require_POST
def rapport_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, pk, form_class=RapportNoteForm, form_key="note_form", partial="notes", action=_add_note)


@require_POST
def life_moment_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(
        request, pk, form_class=LifeMomentForm, form_key="moment_form", partial="moments", action=_add_moment
    )
