"""Money as ``Decimal`` with an ISO 4217 currency; never floats.

Amounts arrive from forms, JSON and the admin as Decimals or strings.
``parse_amount`` is the one place that turns them into a stored value, so
every path refuses the same things: non-numbers, NaN and infinities,
negatives, and more decimal places than the currency has.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from wowdesk.core.errors import field_error

# Active ISO 4217 codes and their minor units (decimal places). Funds,
# precious metals and testing codes are left out: nobody refunds in gold.
_TWO_PLACES = """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
    CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG
    HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU
    MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR
    SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES
    WST XCD XCG YER ZAR ZMW ZWG
"""
_NO_PLACES = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
_THREE_PLACES = "BHD IQD JOD KWD LYD OMR TND"
MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO_PLACES.split(), 2),
    **dict.fromkeys(_NO_PLACES.split(), 0),
    **dict.fromkeys(_THREE_PLACES.split(), 3),
}
CURRENCY_CHOICES = [(code, code) for code in sorted(MINOR_UNITS)]
# Both databases store amounts as DECIMAL(12, 2|3); this leaves room for three places.
MAX_DIGITS = 14
DECIMAL_PLACES = 3
MAX_AMOUNT = Decimal("99999999999")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def check_currency(code: str, *, field: str = "currency") -> str:
    """The upper-cased ISO 4217 code, or a ValidationError on ``field``."""
    normalised = (code or "").strip().upper()
    if normalised not in MINOR_UNITS:
        raise field_error(field, f"Unknown currency {code!r}; use an ISO 4217 code such as USD or EUR.")
    return normalised


def parse_amount(
    value: Decimal | str | int, *, currency: str, field: str = "amount", allow_zero: bool = True
) -> Decimal:
    """A non-negative amount in ``currency``, quantised to its minor units.

    Floats are refused outright: ``0.1 + 0.2`` is not money. More decimal
    places than the currency has is an error rather than silent rounding,
    because a rep who typed 10.005 meant something we cannot pay.
    """
    if isinstance(value, (float, bool)):
        raise field_error(field, "Send the amount as a decimal string, not a floating-point number.")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, "Not a number.") from exc
    if not amount.is_finite():
        raise field_error(field, "Not a number.")
    if amount < 0:
        raise field_error(field, "Must not be negative.")
    if amount == 0 and not allow_zero:
        raise field_error(field, "Must be more than zero.")
    if amount > MAX_AMOUNT:
        raise field_error(field, "That amount is too large.")
    places = MINOR_UNITS[check_currency(currency)]
    quantum = Decimal(1).scaleb(-places)
    if amount != amount.quantize(quantum):
        raise field_error(field, f"At most {places} decimal places for {currency.upper()}.")
    return amount.quantize(quantum)


def parse_percent(value: Decimal | str | int, *, field: str = "amount") -> Decimal:
    """A percentage above 0 and at most 100, with at most two decimal places."""
    if isinstance(value, (float, bool)):
        raise field_error(field, "Send the percentage as a decimal string, not a floating-point number.")
    try:
        percent = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise field_error(field, "Not a number.") from exc
    if not percent.is_finite():
        raise field_error(field, "Not a number.")
    if percent <= 0 or percent > 100:
        raise field_error(field, "A percentage must be more than 0 and at most 100.")
    if percent != percent.quantize(Decimal("0.01")):
        raise field_error(field, "At most 2 decimal places.")
    return percent.quantize(Decimal("0.01"))


def in_minor_units(amount: Decimal | None, currency: str) -> Decimal | None:
    """``amount`` with exactly the currency's decimal places, for display and the API.

    Columns keep three places (for dinars); 384.000 USD reads as 384.00.
    """
    if amount is None:
        return None
    return amount.quantize(Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2)))
