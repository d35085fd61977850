"""Build the plan (Kế hoạch) view-model of a campaign."""

from __future__ import annotations

from sqlmodel import Session

from stc_thidua.domain.awards import award_section
from stc_thidua.domain.campaigns import contents_of
from stc_thidua.domain.outline import PLAN, merge_sections, sections_of
from stc_thidua.models import Campaign, ExtraSection
from stc_thidua.views import (
    DocHeader,
    PartialDate,
    PlanDoc,
    Recipient,
    Section,
    Signer,
    Subsection,
)

DOC_TYPES = {"KH": "KẾ HOẠCH"}


def header_of(campaign: Campaign, doc_type: str) -> DocHeader:
    """The ND30 header of a document this campaign's agency issues."""
    return DocHeader(
        parent_body=campaign.parent_body.upper(),
        agency=campaign.agency_name.upper(),
        number=campaign.doc_number if doc_type == campaign.doc_type else None,
        symbol=f"{doc_type}-{campaign.agency_abbr}",
        place=campaign.place,
        date=PartialDate(campaign.issued_year, campaign.issued_month, campaign.issued_day),
    )


def signer_of(campaign: Campaign) -> Signer:
    """The signature block of the campaign's documents."""
    return Signer(
        title=campaign.signer_title.upper(),
        name=campaign.signer_name,
        prefix=campaign.signer_prefix,
        prefix_title=campaign.signer_prefix_title.upper(),
    )


def extra_section(row: ExtraSection) -> Section:
    """An extra section of the plan's own outline as printed."""
    return Section(
        row.heading,
        paragraphs=tuple(row.paragraphs),
        numbered=tuple(row.numbered),
        bullets=tuple(row.bullets),
    )


def _time_frame(campaign: Campaign) -> str:
    if campaign.time_frame:
        return campaign.time_frame
    start, end = campaign.start_date, campaign.end_date
    return (
        f"Từ ngày {start.day:02d}/{start.month:02d}/{start.year} "
        f"đến ngày {end.day:02d}/{end.month:02d}/{end.year}."
    )


def build_plan(*, session: Session, campaign: Campaign) -> PlanDoc:
    """The plan document of `campaign`, ready to render."""
    purpose = []
    if campaign.purposes:
        purpose.append(Subsection("Mục đích", paragraphs=tuple(campaign.purposes)))
    if campaign.requirements:
        purpose.append(Subsection("Yêu cầu", paragraphs=tuple(campaign.requirements)))
    contents = tuple(c.text for c in contents_of(session=session, campaign=campaign))
    content_items = []
    if contents:
        content_items.append(Subsection("Nội dung Phong trào thi đua", bullets=contents))
    content_items.append(Subsection("Thời gian thi đua", paragraphs=(_time_frame(campaign),)))
    standard: list[tuple[str, Section]] = []
    if purpose:
        standard.append(("muc-dich", Section("MỤC ĐÍCH, YÊU CẦU", subsections=tuple(purpose))))
    standard.append(
        ("noi-dung", Section("NỘI DUNG PHONG TRÀO THI ĐUA", subsections=tuple(content_items)))
    )
    awards = award_section(session=session, campaign=campaign)  # the plan's own "Khen thưởng"
    if awards is not None:
        standard.append(("khen-thuong", awards))
    if campaign.implementation:
        standard.append(
            ("to-chuc", Section("TỔ CHỨC THỰC HIỆN", numbered=tuple(campaign.implementation)))
        )
    extras = sections_of(session=session, campaign=campaign, document=PLAN)
    sections = merge_sections(standard, extras, extra_section)
    return PlanDoc(
        header=header_of(campaign, "KH"),
        doc_type=DOC_TYPES["KH"],
        summary=campaign.title,
        preamble=tuple(campaign.basis),
        sections=tuple(sections),
        recipients=tuple(Recipient(r["name"], r.get("remark", "")) for r in campaign.recipients),
        archive=campaign.archive,
        signer=signer_of(campaign),
    )
