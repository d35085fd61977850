"""The HTML plan printed by headless Chromium: A4, Nghị định 30/2020 margins, page numbers."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pdfprint
import pytest
from pdfprint import MM, Page, pdf_info, pdf_pages, pdf_text, print_pdf
from plan_fixtures import OTHER_PLAN, SEED_PLAN

from stc_thidua.render import render_plan
from stc_thidua.views import PlanDoc, Recipient

LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
EDGE = 0.5  # points of slack for rounding in the PDF
ACCENT = 4.0  # stacked Vietnamese marks (Ộ, Ẫ) rise a little above the first line's box

LONG_URL = "https://thiduakhenthuong.soctrang.gov.vn/" + "van-ban-huong-dan-" * 8 + "2026.pdf"
LONG_PLAN = dataclasses.replace(
    OTHER_PLAN,
    preamble=(
        *OTHER_PLAN.preamble,
        f"Văn bản đăng tại {LONG_URL} và tại {'X' * 120}.",
    ),
    recipients=(
        *OTHER_PLAN.recipients,
        Recipient("Trung tâm Thông tin " + "Z" * 80, "(để đăng tải)"),
    ),
)


@dataclasses.dataclass(frozen=True)
class Printed:
    """A plan printed to PDF, with what poppler reads back."""

    info: dict[str, str]
    pages: list[Page]
    text: str


def _print(plan: PlanDoc, folder: Path) -> Printed:
    html_file = folder / "plan.html"
    html_file.write_text(str(render_plan(plan, "html")), encoding="utf-8")
    pdf_file = print_pdf(html_file, folder / "plan.pdf", folder / "profile")
    return Printed(pdf_info(pdf_file), pdf_pages(pdf_file), pdf_text(pdf_file))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """The seed, the second plan and a plan with unbreakable words, each printed once."""
    plans = {"seed": SEED_PLAN, "other": OTHER_PLAN, "long": LONG_PLAN}
    return {name: _print(plan, tmp_path_factory.mktemp(name)) for name, plan in plans.items()}


def page_number_words(page: Page) -> list[str]:
    """The words printed in the top margin of a page."""
    return [w.text for w in page.words if w.y_max <= TOP]


@pytest.mark.parametrize("name", ["seed", "other", "long"])
def test_pages_are_a4(printed: dict[str, Printed], name: str) -> None:
    size = printed[name].info["Page size"]
    match = re.fullmatch(r"([\d.]+) x ([\d.]+) pts \(A4\)", size)
    assert match, size
    width, height = float(match[1]), float(match[2])
    assert abs(width - 595.28) < 1
    assert abs(height - 841.89) < 1


@pytest.mark.parametrize(("name", "pages"), [("seed", 2), ("other", 1), ("long", 1)])
def test_page_count(printed: dict[str, Printed], name: str, pages: int) -> None:
    assert printed[name].info["Pages"] == str(pages)
    assert len(printed[name].pages) == pages


@pytest.mark.parametrize("name", ["seed", "other", "long"])
def test_no_text_outside_the_margins(printed: dict[str, Printed], name: str) -> None:
    for page in printed[name].pages:
        body = [w for w in page.words if w.y_max > TOP]
        assert body, f"page {page.number} is empty"
        for word in body:
            where = f"page {page.number}: {word}"
            assert word.x_min >= LEFT - EDGE, where
            assert word.x_max <= page.width - RIGHT + EDGE, where
            assert word.y_min >= TOP - ACCENT, where
            assert word.y_max <= page.height - BOTTOM + EDGE, where


@pytest.mark.parametrize("name", ["seed", "other", "long"])
def test_body_prints_at_14pt(printed: dict[str, Printed], name: str) -> None:
    # Chromium shrinks a page whose content overflows; the body must keep its 14 pt size.
    # A word's box is 1.107 times the font size in Times New Roman / Liberation Serif.
    for page in printed[name].pages:
        heights = sorted(w.y_max - w.y_min for w in page.words)
        assert heights[len(heights) // 2] == pytest.approx(14 * 1.107, abs=0.3)


def test_page_numbers_from_the_second_page(printed: dict[str, Printed]) -> None:
    first, second = printed["seed"].pages
    assert page_number_words(first) == []
    assert page_number_words(second) == ["2"]
    (number,) = (w for w in second.words if w.y_max <= TOP)
    centre = (number.x_min + number.x_max) / 2
    assert abs(centre - (LEFT + (second.width - RIGHT)) / 2) < 2
    assert page_number_words(printed["other"].pages[0]) == []


def test_key_text_is_printed(printed: dict[str, Printed]) -> None:
    text = " ".join(printed["seed"].text.split())
    for expected in (
        "UBND TỈNH SÓC TRĂNG",
        "SỞ TÀI CHÍNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /KH-STC",
        "Sóc Trăng, ngày tháng 4 năm 2021",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "III. TỔ CHỨC THỰC HIỆN",
        "thi đua./.",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "Dương Thị Kim Thúy",
    ):
        assert expected in text


def test_header_columns_and_signature_sit_side_by_side(printed: dict[str, Printed]) -> None:
    page = printed["other"].pages[0]

    def first(text: str) -> tuple[float, float]:
        word = next(w for w in page.words if w.text == text)
        return word.x_min, word.y_min

    ubnd, nation = first("UBND"), first("HÒA")
    assert abs(ubnd[1] - nation[1]) < 3  # same line
    assert ubnd[0] < page.width / 2 < nation[0]
    archive, name = first("Lưu:"), first("An")  # bold italic marks split other words
    assert archive[0] < page.width / 2 < name[0]
    assert name[1] > archive[1]


def test_long_words_wrap_inside_the_page(printed: dict[str, Printed]) -> None:
    text = "".join(printed["long"].text.split())
    assert "X" * 120 in text
    assert "Z" * 80 in text


def test_missing_chromium_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfprint.shutil, "which", lambda _name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        pdfprint.find_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        pdfprint.find_chromium()
