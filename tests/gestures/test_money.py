"""Money is Decimal with an ISO 4217 currency; every bad amount is a clear error on its field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from wowdesk.gestures.money import MINOR_UNITS, check_currency, in_minor_units, parse_amount, parse_percent


def _message(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


@pytest.mark.parametrize("code", ["usd", " EUR ", "JPY", "KWD"])
def test_known_currencies_are_upper_cased(code):
    assert check_currency(code) == code.strip().upper()


@pytest.mark.parametrize("code", ["", "US", "XYZ", "DOLLARS", "XAU", "€"])
def test_unknown_currency_names_the_field(code):
    with pytest.raises(ValidationError) as exc:
        check_currency(code)
    assert "Unknown currency" in _message(exc, "currency")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Not a number"),
        ("NaN", "Not a number"),
        ("Infinity", "Not a number"),
        ("-1", "Must not be negative"),
        ("10.005", "At most 2 decimal places for USD"),
        ("1e12", "too large"),
        (0.1, "not a floating-point number"),
    ],
)
def test_bad_amounts_are_refused(value, message):
    with pytest.raises(ValidationError) as exc:
        parse_amount(value, currency="USD")
    assert message in _message(exc, "amount")


def test_currency_decides_the_decimal_places():
    assert parse_amount("1500", currency="JPY") == Decimal("1500")
    assert parse_amount("1.250", currency="KWD") == Decimal("1.250")
    with pytest.raises(ValidationError):
        parse_amount("1500.5", currency="JPY")


def test_zero_is_allowed_unless_asked_otherwise():
    assert parse_amount("0", currency="USD") == Decimal("0.00")
    with pytest.raises(ValidationError) as exc:
        parse_amount("0", currency="USD", allow_zero=False)
    assert "more than zero" in _message(exc, "amount")


@pytest.mark.parametrize(("value", "ok"), [("15", True), ("100", True), ("0", False), ("100.01", False), ("-5", False)])
def test_percentages_are_between_0_and_100(value, ok):
    if ok:
        assert parse_percent(value) == Decimal(value)
    else:
        with pytest.raises(ValidationError):
            parse_percent(value)


@given(
    cents=st.integers(min_value=0, max_value=10**12),
    currency=st.sampled_from(sorted(MINOR_UNITS)),
)
def test_any_amount_in_minor_units_round_trips_exactly(cents, currency):
    places = MINOR_UNITS[currency]
    amount = Decimal(cents).scaleb(-places)
    if amount > Decimal("99999999999"):
        return
    parsed = parse_amount(str(amount), currency=currency)
    assert parsed == amount
    assert in_minor_units(parsed, currency) == amount
