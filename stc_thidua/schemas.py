"""Input models: what a user may send, validated before any row is built."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from stc_thidua.dates import EARLIEST, LATEST  # the one date parser and its bounds
from stc_thidua.dates import parse_date as parse_date  # re-exported
from stc_thidua.dates import parse_issue_date as parse_issue_date  # re-exported
from stc_thidua.errors import InvalidInput
from stc_thidua.text import clean_line

# Vietnamese labels of the fields users type; error messages name the field this way.
LABELS: dict[str, str] = {
    "code": "mã",
    "abbr": "ký hiệu viết tắt của cơ quan",
    "parent_body": "cơ quan cấp trên",
    "agency_name": "tên cơ quan ban hành",
    "agency_abbr": "ký hiệu viết tắt của cơ quan",
    "doc_number": "số văn bản",
    "place": "địa danh",
    "issued_year": "năm ban hành",
    "issued_month": "tháng ban hành",
    "issued_day": "ngày ban hành",
    "title": "trích yếu",
    "movement_name": "tên phong trào",
    "basis": "căn cứ",
    "purposes": "mục đích",
    "requirements": "yêu cầu",
    "contents": "nội dung thi đua",
    "time_frame": "thời gian thi đua",
    "start_date": "ngày bắt đầu",
    "end_date": "ngày kết thúc",
    "implementation": "tổ chức thực hiện",
    "recipients": "nơi nhận",
    "archive": "lưu",
    "signer_prefix": "quyền ký",
    "signer_prefix_title": "chức danh thủ trưởng",
    "signer_title": "chức danh người ký",
    "signer_name": "họ tên người ký",
    "targets": "chỉ tiêu",
    "sections": "mục bổ sung",
    "heading": "tiêu đề",
    "after": "vị trí",
    "paragraphs": "đoạn văn",
    "numbered": "ý đánh số",
    "bullets": "gạch đầu dòng",
    "name": "tên",
    "kind": "loại",
    "head_title": "chức danh trưởng đơn vị",
    "head_name": "họ tên trưởng đơn vị",
    "parent": "đơn vị cấp trên",
    "full_name": "họ và tên",
    "unit": "đơn vị",
    "position": "chức vụ",
    "gender": "giới tính",
    "value": "giá trị",
    "remark": "ghi chú",
    "valid_from": "ngày hiệu lực",
    "valid_to": "ngày hết hiệu lực",
    "rule_set": "quy định khen thưởng",
    "awards": "khen thưởng",
    "form": "hình thức",
    "nominee": "đối tượng",
    "max": "số lượng tối đa",
    "criteria": "tiêu chuẩn",
}

_MESSAGES = {
    "missing": "còn thiếu",
    "string_too_short": "không được để trống",
    "too_short": "không được để trống",
    "int_parsing": "phải là số nguyên",
    "int_parsing_size": "quá lớn",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "date_parsing": "không phải ngày hợp lệ (dạng 2021-04-09 hoặc 09/04/2021)",
    "date_from_datetime_parsing": "không phải ngày hợp lệ (dạng 2021-04-09 hoặc 09/04/2021)",
    "date_type": "không phải ngày hợp lệ",
    "list_type": "phải là một danh sách",
    "string_type": "phải là văn bản",
    "dict_type": "phải là một bảng",
    "extra_forbidden": "không phải trường được biết",
    "bool_parsing": "phải là có/không",
    "greater_than_equal": "quá nhỏ",
    "less_than_equal": "quá lớn",
}


def _text(value: str) -> str:
    return clean_line(value)


def _paragraphs(value: list[str]) -> list[str]:
    out = [clean_line(v) for v in value]
    if any(not v for v in out):
        raise ValueError("có dòng để trống")
    return out


def _code(value: str) -> str:
    if "/" in value or "\\" in value:
        raise ValueError("không được có “/” hay “\\” (mã là một phần của tên tệp)")
    return value


Text = Annotated[str, AfterValidator(_text)]
Required = Annotated[str, AfterValidator(_text), Field(min_length=1)]
Paragraphs = Annotated[list[str], AfterValidator(_paragraphs)]
Code = Annotated[str, AfterValidator(_text), AfterValidator(_code), Field(min_length=1)]


class Strict(BaseModel):
    """Base of input models: unknown fields refused, strings NFC."""

    # built on first use: most commands import these models and validate none
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class RecipientIn(Strict):
    """One recipient line of a document."""

    name: Required = Field(max_length=300)
    remark: Text = Field(default="", max_length=100)


class TargetIn(Strict):
    """One target of a campaign."""

    name: Required = Field(max_length=300)
    value: float = Field(ge=0, le=1e15)
    unit: Text = Field(default="", max_length=50)


class SectionIn(Strict):
    """A section a plan or report adds to its standard outline ("Khen thưởng", "Kinh phí")."""

    heading: Required = Field(max_length=300)
    after: Text = Field(default="cuoi", max_length=100)  # the standard section it follows
    paragraphs: Paragraphs = Field(default_factory=list, max_length=100)
    numbered: Paragraphs = Field(default_factory=list, max_length=100)
    bullets: Paragraphs = Field(default_factory=list, max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _items(cls, data: Any) -> Any:
        if isinstance(data, dict) and "items" in data:  # "items" is the plan file's word
            data = dict(data)
            data.setdefault("numbered", data.pop("items"))
        return data

    @model_validator(mode="after")
    def _not_empty(self) -> SectionIn:
        if not (self.paragraphs or self.numbered or self.bullets):
            raise ValueError(
                f"mục “{self.heading}” chưa có nội dung (đoạn văn, ý đánh số hoặc gạch đầu dòng)"
            )
        return self


class CampaignCreate(Strict):
    """Everything a plan needs; names default from the agency data by the plan's date."""

    code: Code = Field(max_length=60)
    agency_abbr: Required = Field(max_length=20, pattern=r"^[A-Za-zĐđ0-9]+$")
    parent_body: Text = Field(default="", max_length=200)  # "": the agency heads its hierarchy
    agency_name: Required = Field(max_length=200)
    place: Required = Field(max_length=100)
    doc_number: int | None = Field(default=None, ge=1, le=99999)
    issued_year: int = Field(ge=1945, le=2200)
    issued_month: int | None = Field(default=None, ge=1, le=12)
    issued_day: int | None = Field(default=None, ge=1, le=31)
    title: Required = Field(max_length=500)
    movement_name: Text = Field(default="", max_length=300)
    basis: Paragraphs = Field(default_factory=list, max_length=50)
    purposes: Paragraphs = Field(default_factory=list, max_length=50)
    requirements: Paragraphs = Field(default_factory=list, max_length=50)
    contents: Paragraphs = Field(default_factory=list, max_length=100)
    time_frame: Text = Field(default="", max_length=1000)
    start_date: dt.date = Field(ge=EARLIEST, le=LATEST)
    end_date: dt.date = Field(ge=EARLIEST, le=LATEST)
    implementation: Paragraphs = Field(default_factory=list, max_length=50)
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=100)
    archive: Text = Field(default="VT", max_length=100)
    signer_prefix: Text = Field(default="", max_length=10)
    signer_prefix_title: Text = Field(default="", max_length=100)
    signer_title: Required = Field(max_length=100)
    signer_name: Required = Field(max_length=100)
    targets: list[TargetIn] = Field(default_factory=list, max_length=50)
    sections: list[SectionIn] = Field(default_factory=list, max_length=30)
    rule_set: Text = Field(default="", max_length=40)  # "" = the rules in force on start_date

    @model_validator(mode="before")
    @classmethod
    def _dates(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("start_date", "end_date"):
                if key in data:
                    try:
                        data[key] = parse_date(data[key])
                    except ValueError as exc:
                        raise ValueError(f"{LABELS[key]}: {exc}") from None
        return data

    @model_validator(mode="after")
    def _consistent(self) -> CampaignCreate:
        if self.end_date < self.start_date:
            raise ValueError("ngày kết thúc trước ngày bắt đầu")
        if self.issued_day is not None and self.issued_month is None:
            raise ValueError("có ngày ban hành mà thiếu tháng")
        if self.issued_day is not None and self.issued_month is not None:
            try:
                dt.date(self.issued_year, self.issued_month, self.issued_day)
            except ValueError as exc:
                day, month = self.issued_day, self.issued_month
                raise ValueError(
                    f"ngày ban hành {day}/{month}/{self.issued_year} không tồn tại"
                ) from exc
        if self.signer_prefix and self.signer_prefix not in {"KT.", "TM.", "Q.", "TL.", "TUQ."}:
            raise ValueError("quyền ký phải là một trong KT., TM., Q., TL., TUQ.")
        if self.signer_prefix and not self.signer_prefix_title:
            raise ValueError("có quyền ký thì phải có chức danh thủ trưởng (vd. GIÁM ĐỐC)")
        return self


class UnitCreate(Strict):
    """A new unit."""

    name: Required = Field(max_length=200)
    code: Text = Field(default="", max_length=30)
    kind: Text = Field(default="phong", max_length=20)
    head_title: Text = Field(default="", max_length=100)
    head_name: Text = Field(default="", max_length=100)


class PersonCreate(Strict):
    """A new person."""

    full_name: Required = Field(max_length=100)
    position: Text = Field(default="", max_length=100)
    gender: Text = Field(default="", max_length=10)


class AgencyAbbr(Strict):
    """An agency's abbreviation alone (renaming it)."""

    abbr: Required = Field(max_length=20, pattern=r"^[A-Za-zĐđ0-9]+$")


class AgencyNameCreate(Strict):
    """An agency's names during a period."""

    abbr: Required = Field(max_length=20, pattern=r"^[A-Za-zĐđ0-9]+$")
    parent_body: Text = Field(default="", max_length=200)  # "": top of its hierarchy
    name: Required = Field(max_length=200)
    place: Required = Field(max_length=100)
    valid_from: dt.date
    valid_to: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _dates(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("valid_from", "valid_to"):
                if data.get(key) is not None:
                    try:
                        data[key] = parse_date(data[key])
                    except ValueError as exc:
                        raise ValueError(f"{LABELS[key]}: {exc}") from None
        return data

    @model_validator(mode="after")
    def _order(self) -> AgencyNameCreate:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("ngày hết hiệu lực trước ngày hiệu lực")
        return self


def validate(model: type[Strict], data: dict[str, Any], where: str = "") -> Any:
    """Validate `data`, turning pydantic's errors into one Vietnamese sentence."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = InvalidInput(describe(exc, where, getattr(model, "FIELD_LABELS", None)))
        error.fields = [str(e["loc"][0]) for e in exc.errors() if e["loc"]]
        raise error from None


def describe(exc: ValidationError, where: str = "", labels: dict[str, str] | None = None) -> str:
    """`field: message` for each problem, joined into one sentence.

    `labels` names a model's fields where they mean something else than elsewhere (a
    contribution's "title" is its "nội dung", a plan's is its "trích yếu").
    """
    names = {**LABELS, **(labels or {})}
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        field = names.get(loc[0], loc[0]) if loc else ""  # the label, never the field's code
        if len(loc) > 1:
            field += " " + " ".join(
                f"dòng {int(p) + 1}" if p.isdigit() else LABELS.get(p, p) for p in loc[1:]
            )
        message = _message(err)
        parts.append(f"{field}: {message}" if field else message)
    prefix = f"{where}: " if where else ""
    return prefix + "; ".join(parts) + "."


def _message(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    if kind in {"string_too_long", "too_long"}:
        return f"quá dài (tối đa {ctx.get('max_length', '?')})"
    if kind == "string_pattern_mismatch":
        return "chỉ gồm chữ cái và chữ số, không dấu cách"
    if kind in {"greater_than_equal", "less_than_equal"}:
        limit = ctx.get("ge", ctx.get("le"))
        if isinstance(limit, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", limit):  # a date
            limit = "/".join(reversed(limit.split("-")))
        elif isinstance(limit, int | float) and not isinstance(limit, bool):
            limit = f"{limit:,}".replace(",", ".")  # 1.000.000, as the program prints numbers
        return f"{_MESSAGES[kind]} (giới hạn {limit})"
    return _MESSAGES.get(kind, "không hợp lệ")
