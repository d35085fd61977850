"""Tracking records for report tests: a fixed set on the sample campaign, and a random one."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlmodel import Session, select

from stc_thidua.domain.kinds import list_kinds
from stc_thidua.models import (
    Campaign,
    CampaignContent,
    Contribution,
    Person,
    Registration,
    Target,
    TargetProgress,
    Unit,
)

D = dt.date

# (unit code, person or None, kind code, content position, title, quantity, amount, days, date,
#  status)
SAMPLE_CONTRIBUTIONS: list[tuple[Any, ...]] = [
    (
        "QLNS",
        "Nguyễn Hoàng Nam",
        "giai_phap",
        1,
        "Giải pháp rút ngắn thời gian thẩm định quyết toán vốn nông thôn mới",
        1,
        0,
        0,
        D(2021, 5, 12),
        "da_duyet",
    ),
    (
        "TCĐT",
        None,
        "giai_phap",
        1,
        "Giải pháp ưu tiên bố trí vốn cho các xã sắp đạt chuẩn",
        1,
        0,
        0,
        D(2021, 6, 2),
        "da_duyet",
    ),
    (
        "VP",
        None,
        "tuyen_truyen",
        2,
        "Tin bài trên Trang thông tin điện tử của Sở",
        6,
        0,
        0,
        D(2021, 5, 20),
        "da_duyet",
    ),
    (
        "VP",
        "Trần Minh Tâm",
        "xa_hoi_hoa",
        2,
        "Vận động công chức ủng hộ xây dựng cầu nông thôn",
        1,
        15_500_000,
        12,
        D(2021, 6, 18),
        "da_duyet",
    ),
    (
        "TT",
        None,
        "tuyen_truyen",
        2,
        "Lồng ghép tuyên truyền trong các cuộc thanh tra",
        2,
        0,
        0,
        D(2021, 6, 25),
        "cho_duyet",
    ),
    (
        "QLNS",
        None,
        "mo_hinh",
        4,
        "Mô hình “Tổ tài chính đồng hành cùng xã”",
        1,
        0,
        0,
        D(2021, 8, 10),
        "da_duyet",
    ),
    (
        "GCS",
        "Quách Thị Yến",
        "giai_phap",
        1,
        "Giải pháp định giá đất nhanh cho công trình giao thông nông thôn",
        1,
        0,
        0,
        D(2021, 9, 7),
        "da_duyet",
    ),
    (
        "VP",
        None,
        "xa_hoi_hoa",
        2,
        "Ngày công lao động làm đường giao thông ấp Phú Hữu",
        1,
        0,
        40,
        D(2021, 9, 26),
        "da_duyet",
    ),
    (
        "HCSN",
        None,
        "tuyen_truyen",
        2,
        "Pa-nô, áp phích tuyên truyền tại trụ sở",
        3,
        0,
        0,
        D(2021, 7, 14),
        "tu_choi",
    ),
    (
        "TCĐT",
        "Danh Văn Ất",
        "xa_hoi_hoa",
        2,
        "Vận động doanh nghiệp tài trợ nhà văn hóa ấp",
        1,
        120_000_000,
        0,
        D(2021, 11, 5),
        "da_duyet",
    ),
    (
        "TCDN",
        None,
        "khac",
        3,
        "Hưởng ứng phong trào “Ngày thứ bảy xanh”",
        1,
        0,
        8,
        D(2021, 10, 16),
        "da_duyet",
    ),
    (
        "QLNS",
        None,
        "giai_phap",
        1,
        "Giải pháp phân bổ kinh phí sự nghiệp theo tiêu chí",
        1,
        0,
        0,
        D(2021, 12, 3),
        "da_duyet",
    ),
]
SAMPLE_PROGRESS = [(D(2021, 6, 30), 52.0), (D(2021, 9, 30), 53.0), (D(2021, 12, 31), 55.0)]


def _units(session: Session, campaign: Campaign) -> dict[str, Unit]:
    units = session.exec(select(Unit).where(Unit.agency_id == campaign.agency_id))
    return {u.code: u for u in units}


def _persons(session: Session) -> dict[str, Person]:
    return {p.full_name: p for p in session.exec(select(Person))}


def fill_sample(session: Session, campaign: Campaign) -> None:
    """Registrations, contributions and target progress of the sample campaign (fixed)."""
    units = _units(session, campaign)
    persons = _persons(session)
    kinds = {k.code: k for k in list_kinds(session=session, campaign=campaign)}
    contents = {
        c.position: c
        for c in session.exec(
            select(CampaignContent).where(CampaignContent.campaign_id == campaign.id)
        )
    }
    for code in ("VP", "TT", "QLNS", "TCĐT", "GCS", "HCSN"):
        session.add(
            Registration(
                campaign_id=campaign.id, unit_id=units[code].id, registered_on=D(2021, 4, 20)
            )
        )
    for name in ("Nguyễn Hoàng Nam", "Trần Minh Tâm", "Quách Thị Yến"):
        person = persons[name]
        session.add(
            Registration(
                campaign_id=campaign.id,
                unit_id=person.unit_id,
                person_id=person.id,
                target_title="Lao động tiên tiến",
                registered_on=D(2021, 4, 22),
            )
        )
    for unit, person, kind, content, title, qty, amount, days, day, status in SAMPLE_CONTRIBUTIONS:
        session.add(
            Contribution(
                campaign_id=campaign.id,
                content_id=contents[content].id,
                unit_id=units[unit].id,
                person_id=persons[person].id if person else None,
                kind_id=kinds[kind].id,
                title=title,
                quantity=qty,
                amount=amount,
                work_days=days,
                occurred_on=day,
                status=status,
                verified_on=day + dt.timedelta(days=5) if status == "da_duyet" else None,
            )
        )
    target = session.exec(select(Target).where(Target.campaign_id == campaign.id)).first()
    assert target is not None
    for day, value in SAMPLE_PROGRESS:
        session.add(TargetProgress(target_id=target.id, as_of=day, value=value))
    session.flush()


def fill_random(session: Session, campaign: Campaign, count: int, seed: int = 7) -> None:
    """`count` random contributions (any status, unit, person, kind, content, date)."""
    rng = random.Random(seed)
    units = list(_units(session, campaign).values())
    persons = list(session.exec(select(Person)))
    by_unit: dict[int, list[Person]] = {}
    for p in persons:
        by_unit.setdefault(p.unit_id, []).append(p)
    kinds = list_kinds(session=session, campaign=campaign)
    contents = list(
        session.exec(select(CampaignContent).where(CampaignContent.campaign_id == campaign.id))
    )
    days = (campaign.end_date - campaign.start_date).days
    rows = []
    for i in range(count):
        unit = rng.choice(units)
        staff = by_unit.get(unit.id or 0, [])
        person = rng.choice(staff) if staff and rng.random() < 0.6 else None
        kind = rng.choice(kinds)
        rows.append(
            {
                "campaign_id": campaign.id,
                "content_id": rng.choice(contents).id if rng.random() < 0.9 else None,
                "unit_id": unit.id,
                "person_id": person.id if person else None,
                "kind_id": kind.id,
                "title": f"Đóng góp số {i + 1}",
                "description": "",
                "quantity": rng.randint(1, 5),
                "amount": rng.choice((0, 0, 500_000, 2_000_000, 15_000_000)),
                "work_days": rng.choice((0, 0, 1, 3, 10)),
                "evidence": "",
                "occurred_on": campaign.start_date + dt.timedelta(days=rng.randint(0, days)),
                "status": rng.choice(("da_duyet", "da_duyet", "da_duyet", "cho_duyet", "tu_choi")),
                "status_note": "",
                "verified_by": "",
            }
        )
    from sqlalchemy import insert

    session.connection().execute(insert(Contribution.__table__), rows)  # type: ignore[attr-defined]
