"""Build a reproducible data set of any size, for benchmarks and trials.

    python bench/generate.py --contributions 200000 --seed 1 --db big.db
    python bench/generate.py --agencies 30 --units 300 --persons 6000 \\
        --contributions 200000 --seed 1 --db postgresql://user:pw@host/db

The database is created (or must be empty of agencies) and migrated as thidua does; every
agency gets a campaign for 2021 with the default kinds of contribution; the contributions and
the proposals (`--proposals`) all belong to the first agency's campaign (the current one), the
worst case for a listing, with realistic spreads of kinds, dates, money and statuses: proposals
of every status and form of Nghị định 91/2017, some voted by the council and decided with
decision numbers, dates and money, citing verified contributions as their achievements, each
with the events of its life. The same seed gives the same data.

`--scale province` is the issue's data set: 30 agencies, 300 units, 6,000 persons, 200,000
contributions and 3,000 proposals.
`--xlsx FILE --rows N` also writes an office-style workbook of N new contributions of the same
campaign (for import benchmarks).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Quốc", "Thị Kim", "Hữu", "Đức"]
GIVEN = ["Hùng", "Hưng", "Lan", "Lân", "Thu", "Thư", "Nam", "Hà", "Bình", "Tâm", "Sơn", "Yến"]
UNIT_WORDS = ["Quản lý ngân sách", "Tài chính đầu tư", "Tin học", "Giá và công sản", "Pháp chế"]
TITLES = {
    "giai_phap": "Giải pháp rút ngắn thời gian thẩm định số",
    "tuyen_truyen": "Bài tuyên truyền số",
    "mo_hinh": "Mô hình hay số",
    "xa_hoi_hoa": "Vận động ủng hộ đợt",
    "khac": "Hoạt động khác số",
}
KIND_WEIGHTS = {"giai_phap": 2, "tuyen_truyen": 5, "mo_hinh": 1, "xa_hoi_hoa": 3, "khac": 1}
START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
PROVINCE = {"agencies": 30, "units": 300, "persons": 6000, "contributions": 200_000}
PROVINCE_PROPOSALS = 3000
# Nghị định 91/2017 forms: code → (coefficient for a person, for a collective); None: not given
FORMS = {
    "LDTT": (0.3, None),
    "CSTDCS": (1.0, None),
    "GK": (0.3, 0.6),
    "TTLDTT": (None, 0.8),
    "TTLDXS": (None, 1.5),
    "BKT": (1.0, 2.0),
}
PERSON_FORMS = {"LDTT": 6, "CSTDCS": 1, "GK": 3, "BKT": 1}
UNIT_FORMS = {"TTLDTT": 5, "TTLDXS": 2, "GK": 2, "BKT": 1}
# status → weight; which steps a proposal of that status went through
PROPOSAL_STATUSES = {
    "de_xuat": 25,
    "da_trinh": 15,
    "hd_dat": 8,
    "hd_khong_dat": 4,
    "da_quyet_dinh": 35,
    "trinh_cap_tren": 6,
    "bi_tu_choi": 2,
    "da_rut": 5,
}
BASE_SALARY_2021 = 1_490_000  # Nghị định 38/2019/NĐ-CP
DECIDED_ON = dt.date(2022, 1, 14)
VOTED_ON = dt.date(2022, 1, 10)


def _person_name(rng: random.Random, number: int) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {number}"


def generate(
    *,
    db: str,
    agencies: int,
    units: int,
    persons: int,
    contributions: int,
    seed: int,
    proposals: int = 0,
) -> dict[str, int]:
    """Fill `db` (path or URL) with a data set; returns how many rows of each kind it wrote."""
    from sqlalchemy import insert, select

    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import create_campaign
    from stc_thidua.domain.kinds import list_kinds
    from stc_thidua.keys import contribution_fingerprint
    from stc_thidua.models import Agency, AgencyName, Contribution, Person, Unit
    from stc_thidua.text import name_key

    rng = random.Random(seed)
    with session_scope(db, user="bench/generate.py") as s:
        if s.execute(select(Agency.id)).first() is not None:
            raise SystemExit("Cơ sở dữ liệu đã có dữ liệu; hãy dùng một tệp mới.")
        agency_ids = []
        for a in range(agencies):
            abbr = "STC" if a == 0 else f"S{a:03d}"
            agency = Agency(abbr=abbr)
            s.add(agency)
            s.flush()
            s.add(
                AgencyName(
                    agency_id=agency.id,  # type: ignore[arg-type]
                    valid_from=dt.date(2008, 1, 1),
                    parent_body="UBND tỉnh Sóc Trăng",
                    name="Sở Tài chính" if a == 0 else f"Sở số {a}",
                    place="Sóc Trăng",
                )
            )
            agency_ids.append(agency.id)
        s.flush()
        campaigns = []
        for a, agency_id in enumerate(agency_ids):
            campaigns.append(
                create_campaign(
                    session=s,
                    data={
                        "code": f"bench-{a}",
                        "agency": "STC" if a == 0 else f"S{a:03d}",
                        "issued_year": 2021,
                        "title": f"Phong trào thi đua năm 2021 ({a})",
                        "start_date": START.isoformat(),
                        "end_date": END.isoformat(),
                        "contents": ["Giải pháp", "Tuyên truyền", "Phong trào khác", "Mô hình"],
                        "signer_title": "Giám đốc",
                        "signer_name": "Nguyễn Văn A",
                    },
                )
            )
            del agency_id
        unit_rows = [
            {
                "agency_id": agency_ids[u % agencies],
                "name": (name := f"Phòng {rng.choice(UNIT_WORDS)} {u + 1}"),
                "name_key": name_key(name),  # a bulk insert runs no mapper hook
                "code": f"P{u + 1}",
                "kind": "phong",
                "head_title": "Trưởng phòng",
                "head_name": _person_name(rng, u),
                "parent_id": None,
            }
            for u in range(units)
        ]
        s.execute(insert(Unit), unit_rows)
        unit_ids = [r[0] for r in s.execute(select(Unit.id).order_by(Unit.id)).all()]
        unit_agency = dict(s.execute(select(Unit.id, Unit.agency_id)).all())
        person_rows = [
            {
                "unit_id": unit_ids[p % len(unit_ids)],
                "full_name": (full := _person_name(rng, p + 1)),
                "name_key": name_key(full),
                "position": "Chuyên viên",
                "gender": rng.choice(["nam", "nu"]),
            }
            for p in range(persons)
        ]
        s.execute(insert(Person), person_rows)
        main = campaigns[0]
        kinds = {k.code: k for k in list_kinds(session=s, campaign=main)}
        main_units = [u for u in unit_ids if unit_agency[u] == main.agency_id]
        people: dict[int, list[int]] = {}
        for person_id, unit_id in s.execute(
            select(Person.id, Person.unit_id).order_by(Person.id)
        ).all():
            people.setdefault(unit_id, []).append(person_id)
        codes = list(KIND_WEIGHTS)
        weights = list(KIND_WEIGHTS.values())
        days = (END - START).days
        batch: list[dict[str, Any]] = []
        for n in range(contributions):
            unit_id = rng.choice(main_units)
            code = rng.choices(codes, weights)[0]
            on_people = people.get(unit_id)
            person_id = rng.choice(on_people) if on_people and rng.random() < 0.7 else None
            amount = rng.choice([0, 500_000, 1_000_000, 2_500_000]) if code == "xa_hoi_hoa" else 0
            status = rng.choices(["da_duyet", "cho_duyet", "tu_choi"], [8, 3, 1])[0]
            day = START + dt.timedelta(days=rng.randint(0, days))
            title = f"{TITLES[code]} {n + 1}"
            quantity = rng.choice([1, 1, 1, 2])
            work_days = rng.choice([0, 0, 1, 2]) if code == "xa_hoi_hoa" else 0
            batch.append(
                {
                    "campaign_id": main.id,
                    "content_id": None,
                    "unit_id": unit_id,
                    "person_id": person_id,
                    "kind_id": kinds[code].id,
                    "title": title,
                    "description": "",
                    "quantity": quantity,
                    "amount": amount,
                    "work_days": work_days,
                    "evidence": f"Công văn số {n % 900 + 100}/STC-VP"
                    if code == "giai_phap"
                    else "",
                    "occurred_on": day,
                    "status": status,
                    "status_note": "Trùng" if status == "tu_choi" else "",
                    "verified_on": day + dt.timedelta(days=7) if status != "cho_duyet" else None,
                    "verified_by": "vanphong" if status != "cho_duyet" else "",
                    "fingerprint": contribution_fingerprint(
                        unit_id, person_id, kinds[code].id, title, day, quantity, amount, work_days
                    ),
                }
            )
            if len(batch) == 5000:
                s.execute(insert(Contribution), batch)
                batch = []
        if batch:
            s.execute(insert(Contribution), batch)
        if proposals:
            _proposals(s, rng, main, main_units, people, proposals)
    return {
        "agencies": agencies,
        "units": units,
        "persons": persons,
        "contributions": contributions,
        "proposals": proposals,
    }


def _proposals(
    s: Any,
    rng: random.Random,
    campaign: Any,
    unit_ids: list[int],
    people: dict[int, list[int]],
    count: int,
) -> None:
    """`count` proposals of the campaign in every status, with achievements and events.

    Bulk inserts run no ORM hook: every column is written here, ids are read back in order.
    """
    from sqlalchemy import insert, select

    from stc_thidua.models import Contribution, Proposal, ProposalAchievement, ProposalEvent

    persons = [p for u in unit_ids for p in people.get(u, [])]
    verified: dict[tuple[str, int], list[int]] = {}
    for cid, unit_id, person_id in s.execute(
        select(Contribution.id, Contribution.unit_id, Contribution.person_id)
        .where(Contribution.campaign_id == campaign.id, Contribution.status == "da_duyet")
        .order_by(Contribution.id)
    ).all():
        key = ("person", person_id) if person_id is not None else ("unit", unit_id)
        verified.setdefault(key, []).append(cid)
    statuses, weights = list(PROPOSAL_STATUSES), list(PROPOSAL_STATUSES.values())
    rows, plans = [], []
    for n in range(count):
        collective = not persons or rng.random() < 0.15
        if collective:
            unit_id, person_id = rng.choice(unit_ids), None
            award = rng.choices(list(UNIT_FORMS), list(UNIT_FORMS.values()))[0]
            coefficient = FORMS[award][1]
        else:
            unit_id, person_id = None, rng.choice(persons)
            award = rng.choices(list(PERSON_FORMS), list(PERSON_FORMS.values()))[0]
            coefficient = FORMS[award][0]
        status = rng.choices(statuses, weights)[0]
        voted = status in ("hd_dat", "hd_khong_dat", "da_quyet_dinh", "trinh_cap_tren")
        decided = status == "da_quyet_dinh"
        size = 9
        votes = rng.randint(3, 4) if status == "hd_khong_dat" else rng.randint(6, 9)
        amount = None
        if decided and coefficient is not None:
            amount = -(-round(coefficient * BASE_SALARY_2021) // 10_000) * 10_000  # up to 10.000
        created = dt.datetime(2021, 12, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
        rows.append(
            {
                "campaign_id": campaign.id,
                "unit_id": unit_id,
                "person_id": person_id,
                "award": award,
                "reason": f"Có thành tích xuất sắc trong phong trào thi đua năm 2021 (số {n + 1}).",
                "status": status,
                "votes_for": votes if voted else None,
                "council_size": size if voted else None,
                "created_at": created,
                "absent_written": rng.choice([0, 0, 1]) if voted else None,
                "vote_threshold": ("80" if award == "CSTDCS" else "qua_ban") if voted else "",
                "vote_passed": (status != "hd_khong_dat") if voted else None,
                "voted_on": VOTED_ON if voted else None,
                # one decision per form, as a head signs one list per form
                "decision_number": 100 + list(FORMS).index(award) if decided else None,
                "decision_year": DECIDED_ON.year if decided else None,
                "decision_symbol": "QĐ-STC" if decided else "",
                "decision_date": DECIDED_ON if decided else None,
                "base_salary": BASE_SALARY_2021 if decided else None,
                "coefficient": coefficient if decided else None,
                "amount": amount,
                "problems": [],
            }
        )
        plans.append((status, ("unit", unit_id) if collective else ("person", person_id), created))
    for start in range(0, len(rows), 1000):
        s.execute(insert(Proposal), rows[start : start + 1000])
    ids = [r[0] for r in s.execute(select(Proposal.id).order_by(Proposal.id)).all()][-count:]
    achievements, events = [], []
    steps = {
        "de_xuat": [],
        "da_trinh": [("trinh", "de_xuat", "da_trinh")],
        "hd_dat": [("trinh", "de_xuat", "da_trinh"), ("bieu_quyet", "da_trinh", "hd_dat")],
        "hd_khong_dat": [
            ("trinh", "de_xuat", "da_trinh"),
            ("bieu_quyet", "da_trinh", "hd_khong_dat"),
        ],
        "da_quyet_dinh": [
            ("trinh", "de_xuat", "da_trinh"),
            ("bieu_quyet", "da_trinh", "hd_dat"),
            ("quyet_dinh", "hd_dat", "da_quyet_dinh"),
        ],
        "trinh_cap_tren": [
            ("trinh", "de_xuat", "da_trinh"),
            ("bieu_quyet", "da_trinh", "hd_dat"),
            ("trinh_cap_tren", "hd_dat", "trinh_cap_tren"),
        ],
        "bi_tu_choi": [("trinh", "de_xuat", "da_trinh"), ("tu_choi", "da_trinh", "bi_tu_choi")],
        "da_rut": [("rut", "de_xuat", "da_rut")],
    }
    for proposal_id, (status, nominee, created) in zip(ids, plans, strict=True):
        cited = verified.get(nominee, [])
        for cid in sorted(rng.sample(cited, min(len(cited), rng.randint(1, 3)))):
            achievements.append({"proposal_id": proposal_id, "contribution_id": cid})
        at = created
        for action, before, after in [("tao", "", "de_xuat"), *steps[status]]:
            events.append(
                {
                    "proposal_id": proposal_id,
                    "at": at,
                    "actor": "vanphong",
                    "action": action,
                    "from_status": before,
                    "to_status": after,
                    "note": "",
                }
            )
            at += dt.timedelta(days=7)
    for table, batch in ((ProposalAchievement, achievements), (ProposalEvent, events)):
        for start in range(0, len(batch), 5000):
            s.execute(insert(table), batch[start : start + 5000])


def write_workbook(*, db: str, path: Path, rows: int, seed: int) -> None:
    """An office-style workbook of `rows` new contributions for the current campaign."""
    from openpyxl import Workbook
    from sqlmodel import col, select

    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.models import Person, Unit

    rng = random.Random(seed + 1)
    with session_scope(db) as s:
        campaign = find_campaign(session=s)
        units = {
            u.id: u.name
            for u in s.exec(
                select(Unit).where(Unit.agency_id == campaign.agency_id).order_by(col(Unit.id))
            )
        }
        people = [
            (units[p.unit_id], p.full_name)
            for p in s.exec(
                select(Person).where(col(Person.unit_id).in_(list(units))).order_by(col(Person.id))
            )
        ]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đóng góp")
    sheet.append(["SỔ THEO DÕI ĐÓNG GÓP NĂM 2021"])
    sheet.append([])
    sheet.append(
        ["STT", "Đơn vị", "Họ và tên", "Loại", "Nội dung", "Ngày", "Số tiền (đồng)", "Ngày công"]
    )
    spellings = ["Giải pháp", "tuyen truyen", "Mô hình hay", "Xã hội hoá", "Khác"]
    days = (END - START).days
    for n in range(rows):
        unit, person = rng.choice(people)
        day = START + dt.timedelta(days=rng.randint(0, days))
        amount = rng.choice([0, 1_000_000, 2_000_000])
        sheet.append(
            [
                n + 1,
                unit,
                person if rng.random() < 0.7 else None,
                rng.choice(spellings),
                f"Đóng góp nhập từ sổ số {n + 1}",
                dt.datetime.combine(day, dt.time()) if n % 3 else f"{day:%d/%m/%Y}",
                f"{amount:,}".replace(",", ".") if n % 2 else amount,
                rng.choice([0, 1]),
            ]
        )
    book.save(path)


def main(argv: list[str] | None = None) -> None:
    """Parse the options and build the data set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite file or postgresql:// URL")
    parser.add_argument(
        "--scale", choices=["province"], help="the issue's data set (the counts below win)"
    )
    parser.add_argument("--agencies", type=int)
    parser.add_argument("--units", type=int)
    parser.add_argument("--persons", type=int)
    parser.add_argument("--contributions", type=int)
    parser.add_argument("--proposals", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--xlsx", type=Path, help="also write a workbook of new contributions")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of that workbook")
    args = parser.parse_args(argv)
    preset: dict[str, int] = (
        {**PROVINCE, "proposals": PROVINCE_PROPOSALS}
        if args.scale
        else {"agencies": 1, "units": 10, "persons": 200, "contributions": 1000, "proposals": 0}
    )
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.units < args.agencies:
        parser.error("--units must be at least --agencies")
    started = time.perf_counter()
    counts = generate(
        db=args.db,
        agencies=args.agencies,
        units=args.units,
        persons=args.persons,
        contributions=args.contributions,
        seed=args.seed,
        proposals=args.proposals,
    )
    if args.xlsx:
        write_workbook(db=args.db, path=args.xlsx, rows=args.rows, seed=args.seed)
    took = time.perf_counter() - started
    print(f"{counts} in {took:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
