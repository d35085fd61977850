"""Tables for humans: fit the terminal, wrap on spaces, fold long words, keep every character."""

from __future__ import annotations

from stc_thidua.cli.tables import cell_width, render_table, wrap


def test_wrap_breaks_on_spaces_and_folds_long_words():
    assert wrap("Phòng Quản lý ngân sách", 10) == ["Phòng Quản", "lý ngân", "sách"]
    assert wrap("QĐ-STC/2021/123456", 7) == ["QĐ-STC/", "2021/12", "3456"]
    assert wrap("ngắn", 10) == ["ngắn"]
    assert cell_width("Hưng") == 4
    assert cell_width("中文") == 4


def test_table_fits_the_width_and_keeps_the_words():
    rows = [
        [str(n), f"Nguyễn Văn Hùng {n}", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]
        for n in range(3)
    ]
    text = render_table("Đề xuất", ["Số", "Họ và tên", "Hình thức"], rows, width=40, bold=False)
    lines = text.splitlines()
    assert lines[0] == "Đề xuất"
    assert all(cell_width(line) <= 40 for line in lines)
    assert lines[1].startswith("┏")
    assert lines[-1].startswith("└")
    words = " ".join(line.replace("│", " ").replace("┃", " ") for line in lines).split()
    assert words.count("Hùng") == 3
    assert words.count("Ủy") == 3


def test_wide_terminal_gives_one_line_a_row():
    rows = [["1", "Văn phòng"], ["2", "Thanh tra"]]
    text = render_table("", ["Mã", "Tên"], rows, width=400, bold=False)
    assert len(text.splitlines()) == 3 + 2 + 1


def test_cell_width_fast_path_agrees_with_the_character_rule():
    """Every character of the fast path's ranges is one column, as the per-character rule says."""
    import unicodedata

    def slow(text: str) -> int:
        return sum(
            0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in text
        )

    samples = [
        "Phòng Ngân sách – “Sở Tài chính” …",
        "Lê Văn Hưng, Nguyễn Thị Ánh Tuyết",
        "Hu\u0303ng (dấu rời)",  # a combining tilde: not counted
        "Kim Sô Phal 中文",
        "ｆｕｌｌ",
        "\u200bzero width",
    ]
    samples += ["".join(chr(c) for c in range(a, b)) for a, b in ((32, 0x300), (0x1E00, 0x1F00))]
    for text in samples:
        assert cell_width(text) == slow(text), text
