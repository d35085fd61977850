"""Input models of tracking: registrations, kinds of contribution, contributions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from pydantic import Field, field_validator

from stc_thidua.dates import EARLIEST, LATEST
from stc_thidua.schemas import LABELS, Required, Strict, Text, parse_date
from stc_thidua.text import nfc

for _key, _label in {
    "occurred_on": "ngày",
    "registered_on": "ngày đăng ký",
    "quantity": "số lượng",
    "amount": "số tiền",
    "work_days": "ngày công",
    "evidence": "minh chứng",
    "description": "mô tả",
    "commitment": "nội dung đăng ký, cam kết",
    "target_title": "danh hiệu đăng ký",
    "aliases": "tên gọi khác",
    "points": "điểm",
    "points_per_million": "điểm mỗi triệu đồng",
    "points_per_work_day": "điểm mỗi ngày công",
    "content_position": "nội dung thi đua",
    "note": "lý do",
}.items():
    LABELS.setdefault(_key, _label)

MAX_AMOUNT = 10**15  # đồng: a million billion, far beyond any mobilised sum
MAX_QUANTITY = 1_000_000
_CURRENCY = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?\s*$", re.IGNORECASE)
_DOTTED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_COMMAED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_SPACED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")
_DOTTED_ZERO = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})*,0{1,2}")
_COMMAED_ZERO = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*\.0{1,2}")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")


def parse_decimal(value: Any) -> Any:
    """A number with a fraction as Vietnamese write it: "0,5" → 0.5 (and "0.5" as is)."""
    if isinstance(value, str):
        text = nfc(value)
        if _DECIMAL_COMMA.fullmatch(text):
            return text.replace(",", ".")
    return value


def parse_number(value: Any) -> Any:
    """A whole number as sheets hold it: 1500000, 1500000.0, "1.500.000", "1,500,000 đồng".

    Anything else is returned as is, for pydantic to refuse in Vietnamese.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, str):
        return value
    text = _CURRENCY.sub("", nfc(value).replace("\u00a0", " ")).strip()
    if text == "":
        return 0
    sign = ""
    if text[0] in "-−":
        sign, text = "-", text[1:].strip()
    # a zero fraction in the grouping's own convention: "1.500.000,00", "1,500,000.00"
    if _DOTTED_ZERO.fullmatch(text) or _COMMAED_ZERO.fullmatch(text):
        text = text[: -len(re.split(r"[.,]", text)[-1]) - 1]
    if _DOTTED.fullmatch(text) or _COMMAED.fullmatch(text) or _SPACED.fullmatch(text):
        text = re.sub(r"[., ]", "", text)
    elif re.fullmatch(r"[0-9]+(?:[.,]0+)?", text):
        text = re.split(r"[.,]", text)[0]
    if re.fullmatch(r"[0-9]+", text) and len(text) <= 18:
        return int(sign + text)
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if value == "" or value is None:
        return value
    return parse_date(value)


class RegistrationIn(Strict):
    """A registration's own fields (who registers is resolved by the domain)."""

    target_title: Text = Field(default="", max_length=200)
    commitment: Text = Field(default="", max_length=4000)
    registered_on: dt.date = Field(ge=EARLIEST, le=LATEST)

    @field_validator("registered_on", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return _date(value)


class KindIn(Strict):
    """A kind of contribution of a campaign."""

    code: str = Field(min_length=1, max_length=30, pattern=r"^[a-z0-9_]+$")
    name: Required = Field(max_length=200)
    aliases: list[Required] = Field(default_factory=list, max_length=50)
    content_position: int | None = Field(default=None, ge=1, le=100)
    points: float = Field(default=0.0, ge=0, le=1e6)
    points_per_million: float = Field(default=0.0, ge=0, le=1e6)
    points_per_work_day: float = Field(default=0.0, ge=0, le=1e6)

    @field_validator("points", "points_per_million", "points_per_work_day", mode="before")
    @classmethod
    def _decimals(cls, value: Any) -> Any:
        return parse_decimal(value)


class ContributionIn(Strict):
    """A contribution's own fields (unit, person, kind and content are resolved by the domain)."""

    FIELD_LABELS: ClassVar[dict[str, str]] = {"title": "nội dung", "occurred_on": "ngày"}

    title: Required = Field(max_length=500)
    description: Text = Field(default="", max_length=4000)
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY)
    amount: int = Field(default=0, ge=0, le=MAX_AMOUNT)
    work_days: int = Field(default=0, ge=0, le=MAX_QUANTITY)
    evidence: Text = Field(default="", max_length=1000)
    occurred_on: dt.date = Field(ge=EARLIEST, le=LATEST)

    @field_validator("quantity", "amount", "work_days", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        number = parse_number(value)
        if isinstance(number, int) and not isinstance(number, bool) and number < 0:
            raise ValueError("không được âm")
        return number

    @field_validator("occurred_on", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return _date(value)
