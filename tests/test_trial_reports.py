"""Trial findings on reports and documents (tester B), figures worked by hand from the records."""

from __future__ import annotations

import json

from stc_thidua.db import session_scope
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.commendation_sample import load_commendation_sample, run_sample_flow
from stc_thidua.domain.reports import TONG_KET, build_report
from stc_thidua.paths import data_dir
from stc_thidua.render import render_report


def _flow(db: object) -> None:
    with session_scope(str(db)) as s:
        campaign = load_commendation_sample(session=s, data=data_dir())
        run_sample_flow(session=s, campaign=campaign)


def _tong_ket(db: object) -> tuple[dict, str]:
    with session_scope(str(db)) as s:
        doc = build_report(session=s, campaign=find_campaign(session=s), kind=TONG_KET)
    return json.loads(str(render_report(doc, "json"))), str(render_report(doc, "md"))


# --- B6: a count of "cá nhân" is a count of people ---------------------------------------------


def test_b6_tong_ket_counts_people_once_and_awards_in_luot(sample_db):
    # The sample: 13 persons proposed for 14 awards (Phan Quốc Khánh: LĐTT and CSTĐCS);
    # 12 of them decided in 45/QĐ-STC for 13 awards (Bùi Thị Ngọc Ánh's Bằng khen goes upward).
    _flow(sample_db)
    data, md = _tong_ket(sample_db)
    figures = data["commendations"]
    assert figures["proposed_nominees"]["persons"] == 13
    assert figures["decided_nominees"]["persons"] == 12
    assert sum(x["persons"] for x in figures["proposed"]) == 14
    assert sum(x["persons"] for x in figures["decided"]) == 13
    assert "13 cá nhân (14 lượt) được đề xuất khen thưởng" in md
    assert "12 cá nhân (13 lượt) được khen thưởng" in md


def test_b6_danh_sach_and_bien_ban_count_people_once(sample_db):
    from stc_thidua.domain.dossier import bien_ban, danh_sach
    from stc_thidua.render.formal import render_formal

    _flow(sample_db)
    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        listed = str(render_formal(danh_sach(session=s, campaign=campaign), "md"))
        minutes = str(render_formal(bien_ban(session=s, campaign=campaign), "md"))
    assert "Tổng cộng: 03 tập thể và 13 cá nhân (14 lượt)." in listed
    assert "khen thưởng 03 tập thể và 12 cá nhân (13 lượt); đề nghị cấp trên" in minutes
