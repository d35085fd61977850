"""Benchmark of the reports: a tổng kết over 200,000 contributions, every format.

Run `python bench/reports.py [COUNT]` (default 200000) and copy the table into
bench/RESULTS.md. The contributions are random but fixed (seeded), spread over the sample
campaign's units, persons, kinds, contents and dates, in every status.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path


def fill(path: Path, count: int) -> None:
    """The sample database with `count` random contributions and some target progress."""
    import datetime as dt

    from sqlalchemy import insert
    from sqlmodel import select

    from stc_thidua.db import session_scope
    from stc_thidua.domain.kinds import list_kinds
    from stc_thidua.domain.sample import load_sample
    from stc_thidua.models import (
        CampaignContent,
        Contribution,
        Person,
        Target,
        TargetProgress,
        Unit,
    )
    from stc_thidua.paths import data_dir

    rng = random.Random(2021)
    with session_scope(str(path), user="bench") as s:
        campaign = load_sample(session=s, data=data_dir())
        campaign.status = "dang_thuc_hien"
        units = list(s.exec(select(Unit)))
        persons = list(s.exec(select(Person)))
        kinds = list_kinds(session=s, campaign=campaign)
        contents = list(s.exec(select(CampaignContent)))
        days = (campaign.end_date - campaign.start_date).days
        target = s.exec(select(Target)).first()
        assert target is not None
        for month, value in ((6, 52.0), (9, 53.0), (12, 55.0)):
            s.add(TargetProgress(target_id=target.id, as_of=dt.date(2021, month, 28), value=value))
        table = Contribution.__table__  # type: ignore[attr-defined]
        for start in range(0, count, 20_000):
            rows = []
            for i in range(start, min(count, start + 20_000)):
                person = rng.choice(persons) if rng.random() < 0.6 else None
                unit_id = person.unit_id if person else rng.choice(units).id
                rows.append(
                    {
                        "campaign_id": campaign.id,
                        "content_id": rng.choice(contents).id,
                        "unit_id": unit_id,
                        "person_id": person.id if person else None,
                        "kind_id": rng.choice(kinds).id,
                        "title": f"Đóng góp số {i + 1}",
                        "description": "",
                        "quantity": rng.randint(1, 4),
                        "amount": rng.choice((0, 0, 0, 500_000, 2_000_000)),
                        "work_days": rng.choice((0, 0, 1, 2)),
                        "evidence": "",
                        "occurred_on": campaign.start_date
                        + dt.timedelta(days=rng.randint(0, days)),
                        "status": rng.choice(("da_duyet",) * 8 + ("cho_duyet", "tu_choi")),
                        "status_note": "",
                        "verified_by": "",
                    }
                )
            s.connection().execute(insert(table), rows)


def main() -> None:
    """Time building and rendering the tổng kết and a sơ kết; print a Markdown table."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.periods import quarter_period
    from stc_thidua.domain.reports import SO_KET, TONG_KET, build_report
    from stc_thidua.render import render_report

    path = Path(tempfile.mkdtemp(prefix="thidua-bench-")) / "thidua.db"
    start = time.perf_counter()
    fill(path, count)
    rows = [
        (f"generate {count:,} contributions (not part of a report)", time.perf_counter() - start)
    ]
    for label, kind, period in (
        ("tổng kết", TONG_KET, None),
        ("sơ kết quý III", SO_KET, quarter_period(2021, 3)),
    ):
        start = time.perf_counter()
        with session_scope(str(path)) as s:
            doc = build_report(
                session=s, campaign=find_campaign(session=s), kind=kind, period=period
            )
        built = time.perf_counter() - start
        rows.append((f"{label}: figures and view-model (SQL aggregates)", built))
        for fmt in ("md", "json", "html", "docx", "pdf"):
            start = time.perf_counter()
            render_report(doc, fmt)
            rows.append((f"{label}: render {fmt}", time.perf_counter() - start))
            if kind == TONG_KET:
                rows.append((f"{label}: total with {fmt}", built + rows[-1][1]))
        assert doc.figures["totals"]["records"] > 0
    print("| benchmark | seconds |")
    print("| --- | ---: |")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
