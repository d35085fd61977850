"""Build the sơ kết / tổng kết report (Báo cáo) of a campaign: a frozen view-model.

Stage one of the two-stage report (STYLE.md): the figures come from `domain.figures`, the
clerk's judgements from `domain.notes`; where the clerk wrote nothing, a neutral draft is
drawn from the figures and marked on paper as a draft to complete. Nothing here renders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from stc_thidua.domain.campaigns import header_names, movement_phrase, plan_subject
from stc_thidua.domain.commendation_summary import CommendationSummary, commendations_in
from stc_thidua.domain.figures import Figures, Totals, report_figures
from stc_thidua.domain.notes import SECTIONS, notes_of
from stc_thidua.domain.outline import REPORT, merge_sections, sections_of
from stc_thidua.domain.periods import Period, campaign_period
from stc_thidua.domain.plan import signer_of
from stc_thidua.errors import InvalidInput
from stc_thidua.models import Campaign, ExtraSection
from stc_thidua.render.filters import chart_number, percent, short_date, vn_number
from stc_thidua.views import (
    Block,
    Chart,
    ChartSeries,
    DocHeader,
    PartialDate,
    Recipient,
    ReportDoc,
    ReportSection,
    Table,
)

SO_KET, TONG_KET = "so_ket", "tong_ket"  # sơ kết (interim review), tổng kết (final review)
KIND_WORDS = {SO_KET: "Sơ kết", TONG_KET: "Tổng kết"}
DRAFT_MARK = "(Dự thảo từ số liệu, đề nghị bổ sung, hoàn thiện trước khi trình ký.)"

# how a quantity of each default kind reads in a sentence: "12 giải pháp, sáng kiến"
_COUNTED = {
    "giai_phap": "{n} giải pháp, sáng kiến",
    "tuyen_truyen": "{n} hoạt động tuyên truyền",
    "mo_hinh": "{n} mô hình hay, cách làm mới",
    "xa_hoi_hoa": "{n} hoạt động xã hội hóa",
    "khac": "{n} đóng góp khác",
}


def _n(value: int | float) -> str:
    return chart_number(value)


def counted(code: str, name: str, quantity: int) -> str:
    """A kind's quantity in words: "12 giải pháp, sáng kiến", "3 đóng góp loại “Tập huấn”"."""
    pattern = _COUNTED.get(code, "{n} đóng góp loại “" + name + "”")
    return pattern.format(n=_n(quantity))


def join_vi(parts: list[str]) -> str:
    """ "a", "a và b", "a; b và c" (items that hold commas are set apart with semicolons)."""
    if len(parts) <= 1:
        return "".join(parts)
    separator = "; " if any("," in p for p in parts) else ", "
    return separator.join(parts[:-1]) + " và " + parts[-1]


def _day(day: Any) -> str:
    return short_date(day)


CHART_UNITS = 25  # bars of the unit chart; the table beside it lists every unit


def report_summary(campaign: Campaign, kind: str, period: Period) -> str:
    """The trích yếu: "Sơ kết Phong trào thi đua “...” quý II năm 2021"."""
    return f"{KIND_WORDS[kind]} {movement_phrase(campaign)} {period.phrase}"


def report_header(
    campaign: Campaign,
    number: int | None,
    date: PartialDate,
    names: tuple[str, str, str] | None = None,
) -> DocHeader:
    """The ND30 header of the report: "Số: .../BC-STC" and the report's own date.

    `names` (parent body, agency, place) are those in force on the report's date, when the
    agency was renamed after its plan (`campaigns.header_names`); else the plan's.
    """
    parent_body, agency, place = names or (
        campaign.parent_body,
        campaign.agency_name,
        campaign.place,
    )
    return DocHeader(
        parent_body=parent_body.upper(),
        agency=agency.upper(),
        number=number,
        symbol=f"BC-{campaign.agency_abbr}",
        place=place,
        date=date,
    )


def _plan_reference(campaign: Campaign) -> tuple[str, str]:
    """The plan as cited, and when it was issued if the citation cannot say it.

    ("Kế hoạch số 05/KH-STC ngày 09/4/2021", "") or, unregistered, ("Kế hoạch", "Tháng 4 năm 2021").
    """
    date = PartialDate(campaign.issued_year, campaign.issued_month, campaign.issued_day)
    if campaign.doc_number:
        number = f"Kế hoạch số {campaign.doc_number:02d}/KH-{campaign.agency_abbr}"
        return (f"{number} ngày {short_date(date)}" if date.day and date.month else number), ""
    if date.day and date.month:
        return "Kế hoạch", f"Ngày {short_date(date)}"
    if date.month:
        month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
        return "Kế hoạch", f"Tháng {month} năm {date.year}"
    return "Kế hoạch", f"Năm {date.year}"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _judgement(
    notes: dict[str, str], key: str, draft: list[str], sources: dict[str, str]
) -> list[Block]:
    """The clerk's note for a section, else the draft from the figures marked as such."""
    if key in notes:
        sources[key] = "note"
        return [Block("paragraph", p) for p in _paragraphs(notes[key])]
    sources[key] = "draft"
    return [Block("draft", DRAFT_MARK), *(Block("paragraph", p, draft=True) for p in draft)]


def _nominees(distinct: int, awards: int, noun: str) -> str:
    """ "12 cá nhân (13 lượt)" when someone has several awards; "" when none."""
    if not awards:
        return ""
    if distinct and distinct != awards:
        return f"{_n(distinct)} {noun} ({_n(awards)} lượt)"
    return f"{_n(awards)} {noun}"


class _Builder:
    """Turns the figures of one period into the report's sections and its JSON."""

    def __init__(
        self,
        campaign: Campaign,
        kind: str,
        figures: Figures,
        notes: dict[str, str],
        commendations: CommendationSummary,
    ) -> None:
        self.campaign = campaign
        self.kind = kind
        self.f = figures
        self.notes = notes
        self.commendations = commendations
        self.sources: dict[str, str] = {}
        self.table_count = 0
        self.chart_count = 0

    # --- words ---------------------------------------------------------------------------

    @property
    def agency(self) -> str:
        return self.campaign.agency_name

    @property
    def noun(self) -> str:
        return self.f.unit_noun

    def kind_parts(self, by_kind: dict[str, Totals]) -> list[str]:
        """The parts of "N đóng góp, gồm ...", which add up to N: each kind's records, with its
        quantity where one record counts several items ("27 đóng góp với 50 hoạt động tuyên
        truyền")."""
        parts = []
        for k in self.f.kinds:
            t = by_kind.get(k.code)
            if t is None or not t.records:
                continue
            if t.quantity == t.records:
                parts.append(counted(k.code, k.name, t.records))
            else:
                parts.append(f"{_n(t.records)} đóng góp với {counted(k.code, k.name, t.quantity)}")
        return parts

    def resources(self, total: Totals) -> str:
        """ "huy động được 150.000.000 đồng và 320 ngày công", or ""."""
        parts = []
        if total.amount:
            parts.append(f"{vn_number(total.amount)} đồng")
        if total.work_days:
            parts.append(f"{vn_number(total.work_days)} ngày công")
        return f"huy động được {join_vi(parts)}" if parts else ""

    def table_title(self, text: str) -> str:
        self.table_count += 1
        return f"Bảng {self.table_count}. {text}"

    def chart_title(self, text: str) -> str:
        self.chart_count += 1
        return f"Biểu đồ {self.chart_count}. {text}"

    # --- I. Đặc điểm tình hình -------------------------------------------------------------

    def situation(self) -> list[Block]:
        f, c = self.f, self.campaign
        draft = [
            f"{self.agency} có {_n(len(f.units))} {self.noun} với "
            f"{_n(f.registrations.persons_total)} công chức, người lao động. Phong trào thi đua "
            f"được triển khai từ ngày {_day(c.start_date)} đến ngày {_day(c.end_date)}."
        ]
        return _judgement(self.notes, "dac-diem", draft, self.sources)

    # --- II. Công tác chỉ đạo, tổ chức triển khai --------------------------------------------

    def directing(self) -> list[Block]:
        c, r = self.campaign, self.f.registrations
        plan, when = _plan_reference(c)
        if c.status != "du_thao":
            first = (
                f"{when + ', ' if when else ''}{self.agency} ban hành {plan} phát động "
                f"{movement_phrase(c)} và triển khai đến các {self.noun} thuộc {self.agency}; "
                f"phong trào được thực hiện từ ngày {_day(c.start_date)}."
            )
        else:
            first = (
                f"{plan} phát động {movement_phrase(c)} đang ở dạng dự thảo, chưa được phát động."
            )
        blocks = [Block("paragraph", first)]
        until = min(self.f.period.end, c.end_date)
        if r.units or r.persons:
            who = []
            if r.units:
                who.append(f"{_n(r.units)}/{_n(r.units_total)} {self.noun}")
            if r.persons:
                who.append(f"{_n(r.persons)}/{_n(r.persons_total)} công chức, người lao động")
            blocks.append(
                Block("paragraph", f"Đến ngày {_day(until)}, {join_vi(who)} đã đăng ký thi đua.")
            )
        else:
            blocks.append(
                Block(
                    "paragraph",
                    f"Đến ngày {_day(until)}, chưa có tập thể, cá nhân nào đăng ký thi đua.",
                )
            )
        if "chi-dao" in self.notes:
            self.sources["chi-dao"] = "note"
            blocks.extend(Block("paragraph", p) for p in _paragraphs(self.notes["chi-dao"]))
        return blocks

    # --- III. Kết quả đạt được -------------------------------------------------------------

    def overall(self) -> list[Block]:
        f = self.f
        opening = f.period.opening
        blocks = [Block("heading", "1. Kết quả chung")]
        if not f.total.records:
            text = f"{opening}, chưa có đóng góp nào được xác nhận."
            if f.pending:
                text += f" Có {_n(f.pending)} đóng góp đang chờ xác nhận, chưa tính vào kết quả."
            blocks.append(Block("paragraph", text))
            return blocks
        who = f"{_n(f.units_contributing)}/{_n(len(f.units))} {self.noun} có đóng góp"
        if f.persons_contributing:
            who += f", với sự tham gia của {_n(f.persons_contributing)} công chức, người lao động"
        kinds = self.kind_parts(f.by_kind)
        text = f"{opening}, {who}; đã được xác nhận {_n(f.total.records)} đóng góp"
        if kinds:
            text += f", gồm {join_vi(kinds)}"
        resources = self.resources(f.total)
        text += f"; {resources}." if resources else "."
        blocks.append(Block("paragraph", text))
        change = self.change()
        if change:
            blocks.append(Block("paragraph", change))
        if f.pending:
            blocks.append(
                Block(
                    "paragraph",
                    f"Ngoài ra, còn {_n(f.pending)} đóng góp đang chờ xác nhận, chưa tính vào kết "
                    "quả trên.",
                )
            )
        blocks.append(Block("table", table=self.kind_table()))
        chart = self.period_chart()
        if chart is not None:
            blocks.append(Block("chart", chart=chart))
        return blocks

    def change(self) -> str:
        """The change from the previous period (sơ kết only), kind by kind."""
        f = self.f
        if f.previous is None or f.previous_by_kind is None:
            return ""
        before = Totals()
        for value in f.previous_by_kind.values():
            before = before.plus(value)
        if not before.records:
            return f"{f.previous.label} chưa có đóng góp nào được xác nhận."
        parts = [f"tổng số đóng góp {self.moved(before.records, f.total.records)}"]
        for k in f.kinds:
            old = f.previous_by_kind.get(k.code, Totals()).quantity
            new = f.by_kind.get(k.code, Totals()).quantity
            if old or new:
                word = counted(k.code, k.name, 0)[2:]
                parts.append(f"{word} {self.moved(old, new)}")
        if before.amount or f.total.amount:
            parts.append(f"số tiền huy động {self.moved(before.amount, f.total.amount, ' đồng')}")
        return f"So với {f.previous.compared}: " + "; ".join(parts) + "."

    @staticmethod
    def moved(old: int, new: int, unit: str = "") -> str:
        if new > old:
            return f"tăng từ {vn_number(old)}{unit} lên {vn_number(new)}{unit}"
        if new < old:
            return f"giảm từ {vn_number(old)}{unit} xuống {vn_number(new)}{unit}"
        return f"không đổi ({vn_number(new)}{unit})"

    def kind_table(self) -> Table:
        f = self.f
        compare = f.previous_by_kind is not None
        columns = ["STT", "Loại đóng góp", "Số đóng góp", "Số lượng", "Số tiền (đồng)", "Ngày công"]
        widths = [0.9, 3.6, 1.3, 1.2, 2.0, 1.2]
        if compare:
            columns.append("Số lượng kỳ trước")
            widths.append(1.4)
        rows = []
        shown = [
            k
            for k in f.kinds
            if k.code in f.by_kind or (compare and k.code in (f.previous_by_kind or {}))
        ]
        for index, k in enumerate(shown, start=1):
            t = f.by_kind.get(k.code, Totals())
            row = [
                str(index),
                k.name,
                vn_number(t.records),
                vn_number(t.quantity),
                vn_number(t.amount),
                vn_number(t.work_days),
            ]
            if compare:
                row.append(vn_number((f.previous_by_kind or {}).get(k.code, Totals()).quantity))
            rows.append(tuple(row))
        total = [
            "",
            "Tổng cộng",
            vn_number(f.total.records),
            vn_number(f.total.quantity),
            vn_number(f.total.amount),
            vn_number(f.total.work_days),
        ]
        if compare:
            total.append(vn_number(sum(t.quantity for t in (f.previous_by_kind or {}).values())))
        return Table(
            columns=tuple(columns),
            rows=tuple(rows),
            numeric=(False, False, *([True] * (len(columns) - 2))),
            widths=tuple(widths),
            total=tuple(total),
            title=self.table_title(f"Kết quả theo loại đóng góp, {f.period.phrase}"),
        )

    def period_chart(self) -> Chart | None:
        f = self.f
        if len(f.series_labels) < 2:
            return None
        labels = [label for _, label in f.series_labels]
        series = []
        for k in f.kinds:
            values = tuple(
                float(f.series.get(key, {}).get(k.code, 0)) for key, _ in f.series_labels
            )
            if any(values):
                series.append(ChartSeries(k.name, values))
        if not series:
            return None
        return Chart(
            key="by_period",
            title=self.chart_title("Số lượng đóng góp được xác nhận qua các quý, theo loại"),
            style="bar",
            categories=tuple(labels),
            series=tuple(series),
            value_label="Số lượng",
        )

    def by_content(self) -> list[Block]:
        f = self.f
        if not f.contents:
            return []
        blocks = [Block("heading", "2. Kết quả theo nội dung thi đua")]
        idle = []
        for content in f.contents:
            kinds = self.kind_parts(content.by_kind)
            if not content.total.records:
                idle.append(str(content.position))
                continue
            text = (
                f"Nội dung {content.position} ({_short(content.text)}): "
                f"{_n(content.total.records)} đóng góp"
            )
            if kinds:
                text += f", gồm {join_vi(kinds)}"
            resources = self.resources(content.total)
            text += f"; {resources}." if resources else "."
            blocks.append(Block("bullet", text))
        if idle:
            which = (
                "Nội dung " + join_vi(idle) if len(idle) == 1 else "Các nội dung " + join_vi(idle)
            )
            blocks.append(Block("bullet", f"{which} chưa có đóng góp được xác nhận trong kỳ."))
        if f.unassigned.records:
            blocks.append(
                Block(
                    "bullet",
                    f"Ngoài ra, {_n(f.unassigned.records)} đóng góp chưa gắn với nội dung nào của "
                    "Kế hoạch.",
                )
            )
        return blocks

    def by_unit(self, number: int) -> list[Block]:
        f = self.f
        if not f.units:
            return []
        heading = "Kết quả theo đơn vị" if self.noun == "đơn vị" else "Kết quả theo phòng"
        blocks = [Block("heading", f"{number}. {heading}")]
        ranked = sorted((u for u in f.units if u.total.records), key=lambda u: -u.total.records)
        if ranked:
            blocks.append(Block("paragraph", self.leaders(ranked)))
        idle = [u.name for u in f.units if not u.total.records]
        if idle and ranked:
            blocks.append(
                Block(
                    "paragraph",
                    f"Còn {_n(len(idle))}/{_n(len(f.units))} {self.noun} chưa có đóng góp được xác "
                    f"nhận: {join_vi(idle)}.",
                )
            )
        elif idle:
            blocks.append(
                Block("paragraph", f"Chưa {self.noun} nào có đóng góp được xác nhận trong kỳ.")
            )
        if ranked:
            blocks.append(Block("table", table=self.unit_table()))
            blocks.append(Block("chart", chart=self.unit_chart()))
        return blocks

    def leaders(self, ranked: list[Any]) -> str:
        """Who contributed most: "A có nhiều đóng góp nhất (5 đóng góp), tiếp theo là B (3)"."""
        best = ranked[0].total.records
        top = [u.name for u in ranked if u.total.records == best]
        if len(top) > 1:
            return (
                f"{join_vi(top)} cùng có nhiều đóng góp nhất (mỗi {self.noun} {_n(best)} đóng góp)."
            )
        text = f"{top[0]} có nhiều đóng góp nhất ({_n(best)} đóng góp)"
        if len(ranked) > 1:
            others = [f"{u.name} ({_n(u.total.records)})" for u in ranked[1:3]]
            text += f", tiếp theo là {join_vi(others)}"
        return text + "."

    def unit_kinds(self) -> list[Any]:
        return [k for k in self.f.kinds if k.code in self.f.by_kind]

    def unit_table(self) -> Table:
        f = self.f
        kinds = self.unit_kinds()
        money, days = bool(f.total.amount), bool(f.total.work_days)
        columns = ["STT", "Đơn vị", *(k.name for k in kinds)]
        widths = [0.9, 3.4, *([1.3] * len(kinds))]
        if money:
            columns.append("Số tiền (đồng)")
            widths.append(1.9)
        if days:
            columns.append("Ngày công")
            widths.append(1.1)
        columns.append("Tổng số đóng góp")
        widths.append(1.2)
        rows = []
        for index, u in enumerate(f.units, start=1):
            row = [
                str(index),
                u.name,
                *(vn_number(u.by_kind.get(k.code, Totals()).quantity) for k in kinds),
            ]
            if money:
                row.append(vn_number(u.total.amount))
            if days:
                row.append(vn_number(u.total.work_days))
            row.append(vn_number(u.total.records))
            rows.append(tuple(row))
        total = ["", "Tổng cộng", *(vn_number(f.by_kind[k.code].quantity) for k in kinds)]
        if money:
            total.append(vn_number(f.total.amount))
        if days:
            total.append(vn_number(f.total.work_days))
        total.append(vn_number(f.total.records))
        return Table(
            columns=tuple(columns),
            rows=tuple(rows),
            numeric=(False, False, *([True] * (len(columns) - 2))),
            widths=tuple(widths),
            total=tuple(total),
            title=self.table_title(
                f"Kết quả theo {self.noun} (số lượng theo loại), {self.f.period.phrase}"
            ),
        )

    def unit_chart(self) -> Chart:
        f = self.f
        units = [u for u in f.units if u.total.records]
        what = f"Số lượng đóng góp được xác nhận của từng {self.noun}, theo loại"
        if len(units) > CHART_UNITS:  # a bar per unit stays legible: the leading ones, in order
            kept = {id(u) for u in sorted(units, key=lambda u: -u.total.quantity)[:CHART_UNITS]}
            units = [u for u in units if id(u) in kept]
            what = (
                f"Số lượng đóng góp được xác nhận của {CHART_UNITS} {self.noun} nhiều nhất "
                f"(trong {_n(len([u for u in f.units if u.total.records]))}), theo loại"
            )
        series = tuple(
            ChartSeries(
                k.name, tuple(float(u.by_kind.get(k.code, Totals()).quantity) for u in units)
            )
            for k in self.unit_kinds()
        )
        return Chart(
            key="by_unit",
            title=self.chart_title(what),
            style="hbar",
            categories=tuple(u.name for u in units),
            series=series,
            value_label="Số lượng",
        )

    def named(self, number: int) -> list[Block]:
        f = self.f
        present = [k for k in f.kinds if f.named.get(k.code)]
        if not present:
            return []
        names = [
            k.name if i == 0 else k.name[:1].lower() + k.name[1:] for i, k in enumerate(present)
        ]
        blocks = [Block("heading", f"{number}. {join_vi(names)}")]
        for k in present:
            items = f.named[k.code]
            blocks.append(
                Block("paragraph", f"{k.name} được xác nhận ({_n(f.by_kind[k.code].records)}):")
            )
            for item in items:
                who = f"{item.person}, {item.unit}" if item.person else item.unit
                blocks.append(Block("bullet", f"{item.title} ({who});"))
            more = f.named_more.get(k.code, 0)
            if more:
                blocks.append(
                    Block(
                        "bullet",
                        f"và {_n(more)} {counted(k.code, k.name, 0)[2:]} khác (xem “thidua "
                        "contribution list”).",
                    )
                )
        return blocks

    def targets(self, number: int) -> list[Block]:
        f = self.f
        if not f.targets:
            return []
        blocks = [Block("heading", f"{number}. Thực hiện chỉ tiêu")]
        for index, t in enumerate(f.targets, start=1):
            goal = f"{_n(t.value)} {t.unit}".strip()
            if t.reached is None or t.as_of is None:
                blocks.append(
                    Block(
                        "bullet",
                        f"Chỉ tiêu “{t.name}” ({goal}): chưa có số liệu tiến độ đến ngày "
                        f"{_day(min(f.period.end, self.campaign.end_date))}.",
                    )
                )
                continue
            reached = f"{_n(t.reached)} {t.unit}".strip()
            text = f"Chỉ tiêu “{t.name}” ({goal}): đến ngày {_day(t.as_of)}, đạt {reached}"
            if t.value:
                text += f", bằng {percent(t.reached, t.value)} chỉ tiêu"
                gap = t.value - t.reached
                if gap > 0:
                    text += f", còn {_n(round(gap, 2))} {t.unit}".rstrip()
                elif gap < 0:
                    text += f", vượt {_n(round(-gap, 2))} {t.unit}".rstrip()
            blocks.append(Block("bullet", text + "."))
            if len(t.history) >= 2:
                blocks.append(
                    Block(
                        "chart",
                        chart=Chart(
                            key=f"target_{index}",
                            title=self.chart_title(f"Tiến độ chỉ tiêu “{t.name}”"),
                            style="line",
                            categories=tuple(_day(p.as_of) for p in t.history),
                            series=(ChartSeries(t.name, tuple(p.value for p in t.history)),),
                            value_label=t.unit,
                            goal=t.value,
                        ),
                    )
                )
        return blocks

    def results(self) -> list[Block]:
        blocks = self.overall() + self.by_content()
        number = 3 if self.f.contents else 2
        for part in (self.by_unit, self.named, self.targets):
            found = part(number)
            if found:
                blocks.extend(found)
                number += 1
        return blocks

    # --- IV. Đánh giá chung ------------------------------------------------------------------

    def assessment(self) -> list[Block]:
        f = self.f
        blocks = [Block("heading", "1. Ưu điểm")]
        strengths = []
        if f.total.records:
            strengths.append(
                f"Phong trào thi đua được các {self.noun} hưởng ứng: {_n(f.units_contributing)}/"
                f"{_n(len(f.units))} {self.noun} có đóng góp được xác nhận {f.period.inside}"
                + (
                    f", trong đó có {counted('giai_phap', '', f.by_kind['giai_phap'].quantity)}"
                    if f.by_kind.get("giai_phap")
                    else ""
                )
                + "."
            )
        else:
            strengths.append(
                f"Kế hoạch phát động phong trào đã được ban hành và triển khai đến các {self.noun}."
            )
        blocks += _judgement(self.notes, "uu-diem", strengths, self.sources)
        blocks.append(Block("heading", "2. Tồn tại, hạn chế và nguyên nhân"))
        weaknesses = []
        idle = [u.name for u in f.units if not u.total.records]
        if idle:
            weaknesses.append(
                f"Còn {_n(len(idle))} {self.noun} chưa có đóng góp được xác nhận trong kỳ."
            )
        if f.pending:
            weaknesses.append(f"Còn {_n(f.pending)} đóng góp chưa được xác nhận.")
        for t in f.targets:
            if t.reached is not None and t.value and t.reached < t.value:
                weaknesses.append(f"Chỉ tiêu “{t.name}” mới đạt {percent(t.reached, t.value)}.")
        if not weaknesses:
            weaknesses.append(
                "Số liệu của kỳ chưa cho thấy tồn tại, hạn chế; đề nghị bổ sung nhận định và "
                "nguyên nhân."
            )
        blocks += _judgement(self.notes, "ton-tai", weaknesses, self.sources)
        blocks.append(Block("heading", "3. Bài học kinh nghiệm"))
        lessons = [
            "Bài học kinh nghiệm rút ra từ việc tổ chức Phong trào thi đua trong kỳ sẽ được bổ "
            "sung."
        ]
        blocks += _judgement(self.notes, "bai-hoc", lessons, self.sources)
        return blocks

    # --- V. Công tác khen thưởng -------------------------------------------------------------

    def commendation(self) -> list[Block]:
        summary, opening = self.commendations, self.f.period.opening
        if summary.empty:
            return [
                Block(
                    "paragraph",
                    f"{opening}, chưa có tập thể, cá nhân nào được đề xuất hoặc khen thưởng "
                    "trong Phong trào thi đua.",
                )
            ]
        blocks: list[Block] = []
        for word, title, lines, money, (units, people) in (
            (
                "được đề xuất khen thưởng",
                "Đề xuất khen thưởng",
                summary.proposed,
                False,
                summary.proposed_nominees,
            ),
            (
                "được khen thưởng",
                "Kết quả khen thưởng",
                summary.decided,
                True,
                summary.decided_nominees,
            ),
        ):
            if not lines:
                continue
            collectives = sum(line.collectives for line in lines)
            persons = sum(line.persons for line in lines)
            amount = sum(line.amount for line in lines)
            # people are counted once each; an award of several titles is said in "lượt"
            who = join_vi(
                [
                    x
                    for x in (
                        _nominees(units, collectives, "tập thể"),
                        _nominees(people, persons, "cá nhân"),
                    )
                    if x
                ]
            )
            text = f"{opening}, {who} {word}"
            if money and amount:
                text += f", với tổng số tiền thưởng {vn_number(amount)} đồng"
            blocks.append(Block("paragraph", text + "."))
            columns: tuple[str, ...] = ("STT", "Hình thức", "Tập thể", "Cá nhân")
            rows: list[tuple[str, ...]] = [
                (str(i), line.form, vn_number(line.collectives), vn_number(line.persons))
                for i, line in enumerate(lines, start=1)
            ]
            total: tuple[str, ...] = ("", "Tổng cộng", vn_number(collectives), vn_number(persons))
            if money:
                columns += ("Số tiền (đồng)",)
                rows = [
                    (*row, vn_number(line.amount)) for row, line in zip(rows, lines, strict=True)
                ]
                total += (vn_number(amount),)
            blocks.append(
                Block(
                    "table",
                    table=Table(
                        columns=columns,
                        rows=tuple(rows),
                        numeric=(False, False, True, True, True)[: len(columns)],
                        widths=(0.9, 4.4, 1.2, 1.2, 2.0)[: len(columns)],
                        total=total,
                        title=self.table_title(f"{title} theo hình thức"),
                    ),
                )
            )
        return blocks

    # --- VI, VII ---------------------------------------------------------------------------

    def directions(self) -> list[Block]:
        f, c = self.f, self.campaign
        draft = []
        if self.kind == SO_KET and f.period.end < c.end_date:
            draft.append(
                f"Tiếp tục triển khai các nội dung của Kế hoạch đến hết ngày {_day(c.end_date)}; "
                f"đôn đốc các {self.noun} đăng ký, thực hiện và báo cáo kết quả thi đua đúng hạn."
            )
        else:
            draft.append(
                "Phát huy kết quả đạt được, nhân rộng các giải pháp, mô hình hay, cách làm mới "
                "trong thời gian tới."
            )
        for t in f.targets:
            if t.reached is not None and t.reached < t.value:
                draft.append(
                    f"Phấn đấu hoàn thành chỉ tiêu “{t.name}” ({_n(t.value)} {t.unit}).".replace(
                        " )", ")"
                    )
                )
        return _judgement(self.notes, "phuong-huong", draft, self.sources)

    def proposals(self) -> list[Block]:
        idle = [u.name for u in self.f.units if not u.total.records]
        if idle and self.f.total.records:
            from stc_thidua.domain.rules import agency_head, is_department

            # a Sở is led by its Ban Giám đốc; another agency by its head
            leaders = "Ban Giám đốc" if is_department(self.campaign) else agency_head(self.campaign)
            draft = [
                f"Đề nghị {leaders} chỉ đạo các {self.noun} chưa có đóng góp tích cực tham gia "
                "Phong trào thi đua."
            ]
        else:
            draft = ["Không có đề xuất, kiến nghị phát sinh từ số liệu của kỳ."]
        return _judgement(self.notes, "kien-nghi", draft, self.sources)

    # --- the whole ---------------------------------------------------------------------------

    def sections(self, extras: list[ExtraSection]) -> tuple[ReportSection, ...]:
        situation = self.situation()
        standard = [
            ("tinh-hinh", ReportSection("tinh-hinh", "Đặc điểm tình hình", tuple(situation))),
            (
                "chi-dao",
                ReportSection(
                    "chi-dao", "Công tác chỉ đạo, tổ chức triển khai", tuple(self.directing())
                ),
            ),
            ("ket-qua", ReportSection("ket-qua", "Kết quả đạt được", tuple(self.results()))),
            ("danh-gia", ReportSection("danh-gia", "Đánh giá chung", tuple(self.assessment()))),
            (
                "khen-thuong",
                ReportSection("khen-thuong", "Công tác khen thưởng", tuple(self.commendation())),
            ),
            (
                "phuong-huong",
                ReportSection(
                    "phuong-huong", "Phương hướng, nhiệm vụ thời gian tới", tuple(self.directions())
                ),
            ),
            (
                "kien-nghi",
                ReportSection("kien-nghi", "Đề xuất, kiến nghị", tuple(self.proposals())),
            ),
        ]
        return tuple(merge_sections(standard, extras, extra_report_section))


def extra_report_section(row: ExtraSection) -> ReportSection:
    """A section the clerk added to the report, as printed."""
    blocks = [Block("paragraph", p) for p in row.paragraphs]
    blocks += [Block("numbered", f"{i}. {p}") for i, p in enumerate(row.numbered, start=1)]
    blocks += [Block("bullet", b) for b in row.bullets]
    return ReportSection(f"them-{row.id}", row.heading, tuple(blocks))


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return (
        text.rstrip(".;:") if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"
    )


def _totals_json(t: Totals) -> dict[str, int]:
    return t.as_json()


def _period_json(period: Period | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "key": period.key,
        "kind": period.kind,
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def figures_json(
    *,
    campaign: Campaign,
    kind: str,
    header: DocHeader,
    summary: str,
    figures: Figures,
    commendations: CommendationSummary,
    sources: dict[str, str],
) -> dict[str, Any]:
    """Every figure the report prints, under stable English keys (ISO dates, plain numbers)."""
    f = figures
    kind_names = {k.code: k.name for k in f.kinds}
    return {
        "document": {
            "kind": kind,
            "number": header.number,
            "symbol": header.symbol,
            "date": {"year": header.date.year, "month": header.date.month, "day": header.date.day},
            "summary": summary,
        },
        "campaign": {
            "code": campaign.code,
            "title": campaign.title,
            "movement_name": campaign.movement_name,
            "status": campaign.status,
            "start_date": campaign.start_date.isoformat(),
            "end_date": campaign.end_date.isoformat(),
            "plan_number": campaign.doc_number,
            "plan_symbol": f"KH-{campaign.agency_abbr}",
            "plan_date": {
                "year": campaign.issued_year,
                "month": campaign.issued_month,
                "day": campaign.issued_day,
            },
        },
        "period": _period_json(f.period),
        "previous_period": _period_json(f.previous),
        "registrations": {
            "units": f.registrations.units,
            "units_total": f.registrations.units_total,
            "persons": f.registrations.persons,
            "persons_total": f.registrations.persons_total,
        },
        "totals": {
            **_totals_json(f.total),
            "units_contributing": f.units_contributing,
            "units_total": len(f.units),
            "persons_contributing": f.persons_contributing,
            "pending": f.pending,
            "rejected": f.rejected,
        },
        "by_kind": [
            {
                "code": k.code,
                "name": k.name,
                **_totals_json(f.by_kind.get(k.code, Totals())),
                "previous": (
                    _totals_json(f.previous_by_kind.get(k.code, Totals()))
                    if f.previous_by_kind is not None
                    else None
                ),
            }
            for k in f.kinds
        ],
        "by_unit": [
            {
                "unit": u.name,
                "code": u.code,
                **_totals_json(u.total),
                "persons": u.persons,
                "pending": u.pending,
                "by_kind": {code: _totals_json(t) for code, t in u.by_kind.items()},
            }
            for u in f.units
        ],
        "by_content": [
            {
                "position": c.position,
                "text": c.text,
                **_totals_json(c.total),
                "by_kind": {code: _totals_json(t) for code, t in c.by_kind.items()},
            }
            for c in f.contents
        ],
        "unassigned": _totals_json(f.unassigned),
        "named": {
            code: [
                {
                    "kind_name": kind_names.get(code, code),
                    "title": item.title,
                    "unit": item.unit,
                    "person": item.person,
                    "date": item.occurred_on.isoformat(),
                }
                for item in items
            ]
            for code, items in f.named.items()
        },
        "named_more": dict(f.named_more),
        "targets": [
            {
                "name": t.name,
                "value": t.value,
                "unit": t.unit,
                "reached": t.reached,
                "as_of": t.as_of.isoformat() if t.as_of else None,
                "percent": round(100 * t.reached / t.value, 1)
                if t.reached is not None and t.value
                else None,
                "history": [{"date": p.as_of.isoformat(), "value": p.value} for p in t.history],
            }
            for t in f.targets
        ],
        "by_quarter": [
            {
                "key": key,
                "label": label,
                "quantity": sum(f.series.get(key, {}).values()),
                "by_kind": dict(f.series.get(key, {})),
            }
            for key, label in f.series_labels
        ],
        "commendations": {
            "proposed": [line.as_json() for line in commendations.proposed],
            "decided": [line.as_json() for line in commendations.decided],
            "proposed_nominees": dict(
                zip(("collectives", "persons"), commendations.proposed_nominees, strict=True)
            ),
            "decided_nominees": dict(
                zip(("collectives", "persons"), commendations.decided_nominees, strict=True)
            ),
        },
        "sections": {key: sources.get(key, "draft") for key in SECTIONS if key in sources},
    }


def report_period(*, campaign: Campaign, kind: str, period: Period | None) -> Period:
    """The period a report covers: the chosen one (sơ kết) or the whole campaign (tổng kết)."""
    if kind == TONG_KET or period is None:
        return campaign_period(campaign.start_date, campaign.end_date)
    return period


def check_report_date(date: PartialDate, period: Period) -> None:
    """Refuse a report dated before the period it reports on (as far as the date is given)."""
    if date.year is None:
        return
    given = (date.year, date.month or 12, date.day or 31)
    if given < (period.start.year, period.start.month, period.start.day):
        raise InvalidInput(
            f"Ngày báo cáo {short_date(date)} trước kỳ báo cáo ({period.phrase} bắt đầu ngày "
            f"{short_date(period.start)})."
        )


def build_report(
    *,
    session: Session,
    campaign: Campaign,
    kind: str,
    period: Period | None = None,
    number: int | None = None,
    date: PartialDate | None = None,
) -> ReportDoc:
    """The sơ kết (of `period`) or tổng kết report of `campaign`, ready to render."""
    period = report_period(campaign=campaign, kind=kind, period=period)
    if date is not None:
        check_report_date(date, period)
    figures = report_figures(session=session, campaign=campaign, period=period)
    notes = notes_of(session=session, campaign=campaign, period=period)
    commendations = commendations_in(session=session, campaign=campaign, period=period)
    extras = sections_of(session=session, campaign=campaign, document=REPORT, period_key=period.key)
    builder = _Builder(campaign, kind, figures, notes, commendations)
    sections = builder.sections(extras)
    on = (
        dt.date(date.year, date.month, date.day)
        if date is not None and date.year and date.month and date.day
        else period.end  # a report is issued once its period is over
    )
    names = header_names(session=session, campaign=campaign, on=on)
    header = report_header(campaign, number, date or PartialDate(year=period.end.year), names)
    summary = report_summary(campaign, kind, period)
    what = (
        f"sơ kết {movement_phrase(campaign)} {period.phrase}"
        if kind == SO_KET
        else f"tổng kết {movement_phrase(campaign)} {period.phrase}"
    )
    preamble = (
        f"Thực hiện {_plan_reference(campaign)[0]} của {campaign.agency_name} về việc "
        f"{plan_subject(campaign)}, {campaign.agency_name} báo cáo "
        f"{what} như sau:",
    )
    return ReportDoc(
        header=header,
        doc_type="BÁO CÁO",
        summary=summary,
        preamble=preamble,
        sections=sections,
        recipients=tuple(Recipient(r["name"], r.get("remark", "")) for r in campaign.recipients),
        archive=campaign.archive,
        signer=signer_of(campaign),
        figures=figures_json(
            campaign=campaign,
            kind=kind,
            header=header,
            summary=summary,
            figures=figures,
            commendations=commendations,
            sources=builder.sources,
        ),
    )
