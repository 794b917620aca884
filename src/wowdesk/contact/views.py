"""The public contact page (no login) and its thank-you page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from wowdesk.contact.forms import ContactForm
from wowdesk.contact.services import RateLimited, client_ip, contact_submit
from wowdesk.core.web import add_service_errors


def request_ip(request: HttpRequest) -> str:
    return client_ip(
        remote_addr=request.META.get("REMOTE_ADDR", ""), forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", "")
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """Anyone may write to us here. CSRF applies (the middleware); the service throttles by IP and email."""
    if request.method == "GET":
        return render(request, "contact/form.html", {"form": ContactForm()})
    form = ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contact_submit(
                name=data["name"],
                email=data["email"],
                order_number=data["order_number"],
                message=data["message"],
                ip=request_ip(request),
                honeypot=data["website"],
            )
        except RateLimited as exc:
            add_service_errors(form, exc)
            return render(request, "contact/form.html", {"form": form}, status=429)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("contact:thanks")
    elif form.data.get("website"):
        # A bot that also broke the shape: answer as if all went well.
        return redirect("contact:thanks")
    return render(request, "contact/form.html", {"form": form}, status=400)


@login_not_required
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "contact/thanks.html")
