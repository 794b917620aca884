"""Keeping the list of values legends show (admins)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.core.text import one_line
from wowdesk.core.validation import validate
from wowdesk.legends.models import CompanyValue
from wowdesk.legends.permissions import can_manage_values


def _check(actor: User) -> None:
    if not can_manage_values(actor):
        raise field_error("__all__", _("Only an admin can change the list of values."))


def _clean(name: str, description: str) -> tuple[str, str]:
    name = one_line(name, 101)
    if not name:
        raise field_error("name", _("Give the value a name."))
    if len(name) > 100:
        raise field_error("name", _("At most 100 characters."))
    description = one_line(description, 501)
    if len(description) > 500:
        raise field_error("description", _("At most 500 characters."))
    return name, description


@transaction.atomic
def value_create(*, actor: User, name: str, description: str = "", position: int | None = None) -> CompanyValue:
    _check(actor)
    name, description = _clean(name, description)
    slug = slugify(name)[:100] or "value"
    if CompanyValue.objects.filter(slug=slug).exists() or CompanyValue.objects.filter(name__iexact=name).exists():
        raise field_error("name", _("There is already a value with this name."))
    if position is None:
        last = CompanyValue.objects.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    value = CompanyValue(name=name, slug=slug, description=description, position=max(position, 0))
    validate(value)
    value.save()
    return value


@transaction.atomic
def value_update(
    *, actor: User, value: CompanyValue, name: str, description: str, is_active: bool, position: int
) -> CompanyValue:
    """Rename, reword, reorder or retire a value. The slug stays, so links and filters keep working."""
    _check(actor)
    name, description = _clean(name, description)
    if CompanyValue.objects.filter(name__iexact=name).exclude(pk=value.pk).exists():
        raise field_error("name", _("There is already a value with this name."))
    value.name, value.description, value.is_active, value.position = name, description, is_active, max(position, 0)
    value.save(update_fields=["name", "description", "is_active", "position"])
    return value
