"""Numbers too big for an integer column are a 400 on the field, never a 500 from the database."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

import wowdesk
from tests.factories import TeamFactory
from wowdesk.accounts.models import Team
from wowdesk.core.fields import MAX_INT, IntegerField, ModelChoiceField, ModelMultipleChoiceField, fits_in_a_column

HUGE = "9" * 30


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        ("1", True),
        (str(MAX_INT), True),
        (str(MAX_INT + 1), False),
        (f"-{MAX_INT + 1}", False),
        (HUGE, False),
        (f" {HUGE} ", False),
        ("abc", True),
        ("", True),
        (12, True),
        (10**40, False),
    ],
)
def test_what_fits_in_a_column(value, fits):
    assert fits_in_a_column(value) is fits


@pytest.mark.django_db
def test_a_huge_id_is_an_invalid_choice_not_a_database_error():
    team = TeamFactory.create()
    single = ModelChoiceField(queryset=Team.objects.all())
    several = ModelMultipleChoiceField(queryset=Team.objects.all())

    assert single.clean(str(team.pk)) == team
    assert list(several.clean([str(team.pk)])) == [team]
    with pytest.raises(ValidationError) as one:
        single.clean(HUGE)
    with pytest.raises(ValidationError) as many:
        several.clean([str(team.pk), HUGE])
    assert one.value.code == "invalid_choice"
    assert many.value.code == "invalid_choice"


def test_an_integer_field_is_bounded_to_the_column_unless_told_tighter():
    assert IntegerField().max_value == MAX_INT
    assert IntegerField(max_value=120, min_value=5).max_value == 120
    with pytest.raises(ValidationError):
        IntegerField(min_value=1).clean(HUGE)


def _wowdesk_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module in pkgutil.walk_packages(wowdesk.__path__, "wowdesk."):
        if module.name.rsplit(".", 1)[-1] != "forms" and ".forms." not in module.name:
            continue
        for _name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__.startswith("wowdesk."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def test_every_wowdesk_form_uses_the_bounded_fields():
    """Django's own choice and integer fields would let a huge number through to the database."""
    classes = _wowdesk_forms()
    unsafe = []
    for cls in classes:
        base_fields: dict[str, forms.Field] = getattr(cls, "base_fields", {})
        for name, field in base_fields.items():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, ModelChoiceField | ModelMultipleChoiceField
            ):
                unsafe.append(f"{cls.__name__}.{name}: use wowdesk.core.fields.{type(field).__name__}")
            if isinstance(field, forms.DecimalField):
                if field.max_digits is None:  # max_digits is what bounds a decimal
                    unsafe.append(f"{cls.__name__}.{name}: give the decimal max_digits")
            elif isinstance(field, forms.IntegerField) and not any(
                isinstance(v, MaxValueValidator) and v.limit_value <= MAX_INT for v in field.validators
            ):
                unsafe.append(f"{cls.__name__}.{name}: use wowdesk.core.fields.IntegerField")
    assert len(classes) > 40  # the check really looked at the app's forms
    assert unsafe == []
