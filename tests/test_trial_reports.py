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


# --- B3, B4, B10: an agency with no parent body heads its hierarchy ----------------------------


def _ubnd(cli) -> None:
    """Ủy ban nhân dân tỉnh Hậu Giang (no parent body), its 2024 campaign, one unit's Bằng khen."""
    steps = [
        (
            "agency",
            "add",
            "UBHG",
            "--name",
            "Ủy ban nhân dân tỉnh Hậu Giang",
            "--place",
            "Hậu Giang",
            "--from",
            "01/01/2004",
        ),
        (
            "campaign",
            "create",
            "--code",
            "cds-2024",
            "--agency",
            "UBHG",
            "--date",
            "15/01/2024",
            "--start",
            "15/01/2024",
            "--end",
            "31/12/2024",
            "--title",
            "Phát động phong trào thi đua chuyển đổi số năm 2024",
            "--content",
            "Giải pháp",
            "--signer-prefix",
            "TM.",
            "--signer-prefix-title",
            "Ủy ban nhân dân",
            "--signer-title",
            "Chủ tịch",
            "--signer-name",
            "Trần Văn Huyến",
        ),
        ("campaign", "use", "cds-2024"),
        (
            "campaign",
            "award",
            "add",
            "--form",
            "Bằng khen UBND tỉnh",
            "--for",
            "tập thể",
            "--max",
            "2",
        ),
        ("unit", "add", "Văn phòng", "--code", "VP"),
        ("unit", "add", "Sở Nội chính", "--code", "NC"),
        ("unit", "add", "Sở Kinh tế", "--code", "KT"),
        ("person", "add", "Người Nội Chính", "--unit", "NC"),
        ("register", "--unit", "NC", "--title", "Bằng khen UBND tỉnh", "--date", "01/02/2024"),
        (
            "contribution",
            "add",
            "--unit",
            "NC",
            "--kind",
            "giải pháp",
            "--title",
            "GP",
            "--date",
            "10/07/2024",
        ),
        ("contribution", "verify", "--all", "--yes"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.stderr)


def test_b4_the_head_of_a_top_agency_decides_its_own_bang_khen(isolated_db, cli):
    _ubnd(cli)
    drafted = cli("propose", "--unit", "NC", "--form", "Bằng khen UBND tỉnh")
    assert drafted.exit_code == 0, drafted.stderr
    assert "trình cấp trên" not in drafted.output + drafted.stderr  # no authority warning
    for step in (
        ("proposal", "submit", "1"),
        ("council", "vote", "1", "--members", "9", "--for", "5", "--date", "12/12/2024"),
        ("proposal", "decide", "1", "--number", "46", "--date", "23/12/2024"),
    ):
        result = cli(*step)
        assert result.exit_code == 0, (step, result.stderr)


def test_b10_decision_of_a_top_agency_names_its_head_once(isolated_db, cli):
    _ubnd(cli)
    for step in (
        ("propose", "--unit", "NC", "--form", "Bằng khen UBND tỉnh"),
        ("proposal", "submit", "1"),
        ("council", "vote", "1", "--members", "9", "--for", "5", "--date", "12/12/2024"),
        ("proposal", "decide", "1", "--number", "46", "--date", "23/12/2024"),
    ):
        assert cli(*step).exit_code == 0, step
    qd = cli("report", "quyetdinh", "--number", "46").stdout
    assert "**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG**" in qd
    assert "ỦY BAN NHÂN DÂN ỦY BAN NHÂN DÂN" not in qd.upper()
    assert "*Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh Hậu Giang.*" in qd
    assert "Trưởng các đơn vị thuộc Ủy ban nhân dân tỉnh Hậu Giang" in qd
    assert (
        "(Kèm theo Quyết định số 46/QĐ-UBHG ngày 23/12/2024 của Chủ tịch Ủy ban nhân dân tỉnh "
        "Hậu Giang)" in qd
    )
    assert " Sở." not in qd
    assert "thuộc Sở" not in qd
    plan = cli("report", "kehoach").stdout
    assert "Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang tặng Bằng khen" in plan
    assert "Đề nghị Chủ tịch" not in plan
    review = cli("report", "soket", "--quarter", "3").stdout
    assert "Ban Giám đốc" not in review
    assert "Đề nghị Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang chỉ đạo" in review


def test_b3_no_blank_addressee_upward(isolated_db, cli):
    _ubnd(cli)
    result = cli("report", "totrinh", "--upward")
    assert result.exit_code != 0  # nothing goes above the head of a top agency
    assert "Chủ tịch  " not in result.stdout


# --- B7: "N đóng góp, gồm ..." lists parts that add up to N ------------------------------------


def test_b7_the_parts_of_the_total_add_up(sample_db):
    # The sample's 20 verified contributions: 7 solutions, 6 propaganda records (Võ Thị Cẩm Tú
    # counts 2 activities, Văn phòng 4, the other four 1 each: 10 activities), 4 models, 2
    # mobilisations and 1 other; 7 + 6 + 4 + 2 + 1 = 20.
    _flow(sample_db)
    _data, md = _tong_ket(sample_db)
    assert (
        "đã được xác nhận 20 đóng góp, gồm 7 giải pháp, sáng kiến; 6 đóng góp với 10 hoạt động "
        "tuyên truyền; 4 mô hình hay, cách làm mới; 2 hoạt động xã hội hóa và 1 đóng góp khác"
    ) in " ".join(md.split())


# --- B8: a report is not dated before the period it reports on ---------------------------------


def test_b8_report_dated_before_its_period_is_refused(sample_db, cli, tmp_path):
    out = tmp_path / "so-ket.docx"
    early = cli("report", "soket", "--quarter", "3", "--date", "15/5/2021", "--out", str(out))
    assert early.exit_code != 0
    assert early.stderr.strip() == (
        "Lỗi: Ngày báo cáo 15/5/2021 trước kỳ báo cáo (quý III năm 2021 bắt đầu ngày 01/7/2021)."
    )
    assert not out.exists()  # nothing written
    final = cli("report", "tongket", "--date", "20/12/2019")
    assert final.exit_code != 0
    assert "trước kỳ báo cáo (năm 2021 bắt đầu ngày 09/4/2021)" in final.stderr
    assert cli("report", "soket", "--quarter", "3", "--date", "05/10/2021").exit_code == 0


# --- B26: the minutes' times are times ----------------------------------------------------------


def test_b26_meeting_times_are_checked(sample_db, cli, tmp_path):
    _flow(sample_db)
    out = tmp_path / "bb.md"
    bad = cli("report", "bienban", "--start", "25 giờ 99", "--end", "abc", "--out", str(out))
    assert bad.exit_code != 0
    assert bad.stderr.strip() == (
        "Lỗi: Giờ bắt đầu (--start) “25 giờ 99” không hợp lệ: ghi giờ và phút như “14 giờ 00” "
        "(0–23 giờ, 0–59 phút)."
    )
    assert not out.exists()
    backwards = cli("report", "bienban", "--start", "16 giờ 30", "--end", "14:00")
    assert backwards.exit_code != 0
    assert "Giờ kết thúc 14 giờ 00 không sau giờ bắt đầu 16 giờ 30." in backwards.stderr
    good = cli("report", "bienban", "--start", "14h", "--end", "16:30")
    assert good.exit_code == 0, good.stderr
    assert "Thời gian bắt đầu: 14 giờ 00, ngày 15 tháng 12 năm 2021." in good.stdout
    assert "Cuộc họp kết thúc vào 16 giờ 30, ngày 15 tháng 12 năm 2021./." in good.stdout


# --- B9: a custom period reads naturally; its previous period starts with the campaign ----------


def test_b9_custom_period_prose(sample_db, cli):
    _flow(sample_db)
    text = cli("report", "soket", "--from", "01/5/2021", "--to", "31/5/2021").stdout
    flat = " ".join(text.split())
    assert "Trong từ" not in flat
    assert "So với từ" not in flat
    assert "Từ ngày 01/5/2021 đến ngày 31/5/2021, " in flat
    # 31 days before 01/5 would start on 31/3; the campaign starts on 09/4/2021
    assert "So với kỳ trước (từ ngày 09/4/2021 đến ngày 30/4/2021): " in flat


# --- B12: the stand-alone danh sách is the tờ trình's attachment --------------------------------


def test_b12_danh_sach_has_no_number_of_its_own(sample_db):
    from stc_thidua.domain.dossier import danh_sach
    from stc_thidua.render.formal import render_formal

    _flow(sample_db)
    with session_scope(str(sample_db)) as s:
        doc = danh_sach(session=s, campaign=find_campaign(session=s))
    for fmt in ("md", "html"):
        text = str(render_formal(doc, fmt))
        assert "/DS-" not in text
        assert "Số:" not in text
        assert "(Kèm theo Tờ trình số      /TTr-VP của Văn phòng về việc đề nghị khen thưởng)" in (
            text
        )
    import io

    import docx as python_docx

    word = python_docx.Document(io.BytesIO(render_formal(doc, "docx")))  # type: ignore[arg-type]
    cells = " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "/DS-" not in cells


# --- B20: target progress after the campaign, and a negative value shown as typed ---------------


def test_b20_target_progress_bounds(sample_db, cli):
    late = cli("target", "progress", "xã đạt chuẩn", "--value", "54", "--date", "15/01/2022")
    assert late.exit_code != 0
    assert "sau ngày kết thúc phong trào" in late.stderr
    negative = cli("target", "progress", "xã đạt chuẩn", "--value", "-3", "--date", "30/6/2021")
    assert negative.exit_code != 0
    assert "Giá trị tiến độ -3 không hợp lệ" in negative.stderr
    baseline = cli("target", "progress", "xã đạt chuẩn", "--value", "50", "--date", "31/12/2020")
    assert baseline.exit_code == 0, baseline.stderr  # the baseline before the campaign


# --- B23: user text is not Markdown markup -------------------------------------------------------


def test_b23_markdown_escapes_user_text_everywhere(sample_db, cli):
    steps = [
        ("unit", "add", "Phòng <b>Đặc biệt</b> | A", "--code", "DB"),
        (
            "contribution",
            "add",
            "--unit",
            "DB",
            "--kind",
            "giải pháp",
            "--title",
            "Giải pháp <img src=x onerror=alert(1)> | **đậm**",
            "--date",
            "01/05/2021",
        ),
        ("contribution", "verify", "--all", "--yes"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.stderr)
    md = cli("report", "soket", "-q", "2").stdout
    import re

    for raw in (r"<img", r"<b>", r"\*\*đậm"):
        assert not re.search(r"(?<!\\)" + raw, md), raw  # only escaped forms remain
    assert "Giải pháp \\<img src=x onerror=alert(1)\\> \\| \\*\\*đậm\\*\\*" in md
    assert "Phòng \\<b\\>Đặc biệt\\</b\\> \\| A" in md
