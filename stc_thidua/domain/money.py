"""Reward money and the council's vote: pure functions, worked by hand in the tests.

Money (domain.md §6): coefficient × base salary in force on the decision date, rounded as
the period's rule says; under Nghị định 91/2017 (Điều 68.2) up to the next 10.000 đồng.
Vote (domain.md §4): the threshold is counted on ALL council members, not those present.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from stc_thidua.errors import InvalidInput

ROUND_STEP = 10_000  # "làm tròn số lên hàng chục ngàn đồng"
MAJORITY = "qua_ban"


def as_decimal(value: float | int | str | Decimal) -> Decimal:
    """A coefficient as an exact decimal: 0.3 stays 0.3, not 0.29999999999999998."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_up(amount: Decimal | int, step: int = ROUND_STEP) -> int:
    """Round up to the next multiple of `step`: 447.000 → 450.000; 1.490.000 stays."""
    units = (Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


@dataclass(frozen=True)
class Reward:
    """The money of one commendation: the product, the rounded amount and how it was rounded."""

    coefficient: Decimal
    base_salary: int
    raw: Decimal  # coefficient × base salary, before rounding
    amount: int  # what is paid, in đồng
    rounding: str  # "len_10000" or "khong"
    rounding_unconfirmed: bool = False
    paid: int | None = None  # less than `amount` when a higher title of the same nominee is paid
    paid_note: str = ""  # why: "chỉ nhận mức tiền thưởng cao nhất ..."

    @property
    def payable(self) -> int:
        """What is paid: the amount, or less where only the highest title is paid."""
        return self.amount if self.paid is None else self.paid

    @property
    def rounded(self) -> bool:
        """Whether rounding changed the product."""
        return Decimal(self.amount) != self.raw

    @property
    def text(self) -> str:
        """ "0,3 × 1.490.000 đồng = 447.000 đồng → 450.000 đồng (làm tròn lên ...)"."""
        coef = f"{self.coefficient.normalize():f}".replace(".", ",")
        raw = _vn(self.raw.normalize())
        out = f"{coef} × {_vn(Decimal(self.base_salary))} đồng = {raw} đồng"
        if self.rounded:
            note = ", quy tắc làm tròn chưa xác nhận" if self.rounding_unconfirmed else ""
            out += f" → {_vn(Decimal(self.amount))} đồng (làm tròn lên hàng chục nghìn{note})"
        if self.payable != self.amount:
            out += f"; được nhận {_vn(Decimal(self.payable))} đồng ({self.paid_note})"
        return out


def _vn(value: Decimal) -> str:
    """ "1.490.000", "447.000,5": dots between thousands, a comma before decimals."""
    whole, _, frac = f"{value:f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    return f"{text},{frac}" if frac else text


def reward(
    coefficient: float | Decimal,
    base_salary: int,
    rounding: str = "len_10000",
    *,
    rounding_unconfirmed: bool = False,
) -> Reward:
    """The reward for one commendation: 0,3 × 1.490.000 = 447.000 → 450.000 đồng."""
    coef = as_decimal(coefficient)
    if coef < 0 or base_salary < 0:
        raise InvalidInput("Hệ số và mức lương cơ sở không được âm.")
    raw = coef * base_salary
    if rounding == "len_10000":
        amount = round_up(raw)
    else:  # no rounding rule: whole đồng, half up
        amount = int(raw.to_integral_value(rounding=ROUND_HALF_UP))
    return Reward(coef, base_salary, raw, amount, rounding, rounding_unconfirmed)


def percent_text(value: Decimal) -> str:
    """ "88,9%", "80%", "100%": one decimal with a comma, none when whole."""
    text = f"{value:.1f}".replace(".", ",")
    return (text.removesuffix(",0")) + "%"


@dataclass(frozen=True)
class Vote:
    """The council's verdict on one nominee, counted on all members."""

    members: int
    votes_for: int
    absent_written: int
    threshold: int | str  # percent of all members, or "qua_ban"
    passed: bool
    percent: Decimal

    @property
    def text(self) -> str:
        """ "8/9 thành viên = 88,9% ≥ 80%: đạt"; "5/9 thành viên = 55,6% > 50% (quá bán): đạt"."""
        shown = percent_text(self.percent)
        if not self.passed and _rounds_up_to_threshold(self.percent, self.threshold):
            shown = percent_text(_floor_one(self.percent))
        if self.threshold == MAJORITY:
            sign = ">" if self.passed else "≤"
            bar = "50% (quá bán)"
        else:
            sign = "≥" if self.passed else "<"
            bar = f"{self.threshold}%"
        verdict = "đạt" if self.passed else "không đạt"
        return f"{self.votes_for}/{self.members} thành viên = {shown} {sign} {bar}: {verdict}"


def _floor_one(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)


def _rounds_up_to_threshold(percent: Decimal, threshold: int | str) -> bool:
    """Whether a failing percentage would print as the threshold itself (79,96% as "80,0%")."""
    bar = Decimal(50 if threshold == MAJORITY else int(threshold))
    return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) >= bar


def vote(members: int, votes_for: int, threshold: int | str, absent_written: int = 0) -> Vote:
    """Count a council vote on all members; impossible counts are refused."""
    if members <= 0:
        raise InvalidInput("Hội đồng phải có ít nhất 1 thành viên (--members).")
    if votes_for < 0:
        raise InvalidInput("Số phiếu đồng ý không được âm (--for).")
    if absent_written < 0:
        raise InvalidInput("Số thành viên vắng có ý kiến bằng văn bản không được âm.")
    if votes_for > members:
        raise InvalidInput(
            f"Số phiếu đồng ý ({votes_for}) nhiều hơn số thành viên Hội đồng ({members})."
        )
    if absent_written > members:
        raise InvalidInput(
            f"Số thành viên vắng ({absent_written}) nhiều hơn số thành viên Hội đồng ({members})."
        )
    if threshold == MAJORITY:
        passed = votes_for * 2 > members
    else:
        passed = votes_for * 100 >= int(threshold) * members
    percent = Decimal(votes_for * 100) / Decimal(members)
    return Vote(members, votes_for, absent_written, threshold, passed, percent)
