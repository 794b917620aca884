"""Housekeeping for the contact form."""

from __future__ import annotations

from django.tasks import task

from wowdesk.contact.services import throttle_prune


@task()
def prune_contact_throttle() -> int:
    """Delete rate-limit windows that no longer count. Idempotent."""
    return throttle_prune()
