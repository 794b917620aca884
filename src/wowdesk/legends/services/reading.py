"""Curating reading lists of legends (leads and admins)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wowdesk.accounts.models import User
from wowdesk.core.errors import field_error
from wowdesk.core.text import clean_text, one_line
from wowdesk.legends.models import PUBLISHED, Legend, ReadingList, ReadingListItem
from wowdesk.legends.permissions import can_curate


def _check(actor: User) -> None:
    if not can_curate(actor):
        raise field_error("__all__", _("Only leads and admins curate reading lists."))


def _clean(name: str, description: str) -> tuple[str, str]:
    name = one_line(name, 151)
    if not name:
        raise field_error("name", _("Give the list a name."))
    if len(name) > 150:
        raise field_error("name", _("At most 150 characters."))
    description = clean_text(description).strip()
    if len(description) > 2000:
        raise field_error("description", _("At most 2000 characters."))
    return name, description


@transaction.atomic
def reading_list_create(*, actor: User, name: str, description: str = "", for_new_hires: bool = False) -> ReadingList:
    _check(actor)
    name, description = _clean(name, description)
    return ReadingList.objects.create(name=name, description=description, for_new_hires=for_new_hires, created_by=actor)


@transaction.atomic
def reading_list_update(
    *, actor: User, reading_list: ReadingList, name: str, description: str, for_new_hires: bool
) -> ReadingList:
    _check(actor)
    reading_list.name, reading_list.description = _clean(name, description)
    reading_list.for_new_hires = for_new_hires
    reading_list.save(update_fields=["name", "description", "for_new_hires", "updated_at"])
    return reading_list


@transaction.atomic
def reading_list_add(*, actor: User, reading_list: ReadingList, legend: Legend, note: str = "") -> ReadingListItem:
    """Put a published legend at the end of the list. Precondition: ``legend`` came from its getter."""
    _check(actor)
    if legend.state not in PUBLISHED:
        raise field_error("legend", _("Only published legends go on a reading list."))
    note = one_line(note, 301)
    if len(note) > 300:
        raise field_error("note", _("At most 300 characters."))
    ReadingList.objects.select_for_update().filter(pk=reading_list.pk).first()
    last = ReadingListItem.objects.filter(reading_list=reading_list).aggregate(m=Max("position"))["m"]
    try:
        with transaction.atomic():
            return ReadingListItem.objects.create(
                reading_list=reading_list, legend=legend, note=note, position=(last or 0) + 1, added_by=actor
            )
    except IntegrityError as exc:
        raise field_error("legend", _("That legend is already on this list.")) from exc


@transaction.atomic
def reading_list_remove(*, actor: User, reading_list: ReadingList, legend: Legend) -> None:
    _check(actor)
    ReadingListItem.objects.filter(reading_list=reading_list, legend=legend).delete()


@transaction.atomic
def reading_list_move(*, actor: User, reading_list: ReadingList, legend: Legend, up: bool) -> None:
    """Swap a legend with its neighbour above (``up``) or below."""
    _check(actor)
    items = list(
        ReadingListItem.objects.select_for_update().filter(reading_list=reading_list).order_by("position", "id")
    )
    index = next((i for i, item in enumerate(items) if item.legend_id == legend.pk), None)
    if index is None:
        raise field_error("legend", _("That legend is not on this list."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    ReadingListItem.objects.bulk_update(items, ["position"])
