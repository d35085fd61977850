"""The `thidua` command line: the root app and the registration of the command groups.

Only typer is imported at start-up; each command imports the database and the rendering stack
when it runs, so `thidua --help` stays fast. What the command modules share (root state, the
group factory, usage errors) lives in `cli.base`, so they never import this package's root.
"""

from __future__ import annotations

import sys

import typer

from stc_thidua import __version__
from stc_thidua.cli.base import State, group, report_error, state
from stc_thidua.errors import ThiduaError

__all__ = ["State", "app", "group", "main", "state"]  # `group`, `state`: kept for older imports


app = group(
    {
        "phongtrao": "campaign",
        "kehoach": "campaign",
        "donvi": "unit",
        "phong": "unit",
        "nguoi": "person",
        "canbo": "person",
        "congchuc": "person",
        "baocao": "report",
        "vanban": "report",
        "csdl": "db",
        "mau": "demo",
        "coquan": "agency",
        "nhatky": "log",
        "ghichu": "note",
        "chitieu": "target",
        "quydinh": "rules",
        "xeploai": "rating",
        "danhgia": "rating",
        "kyluat": "discipline",
        "khenthuong": "commendation",
        "lichsu": "commendation",
        "dexuat": "propose",
        "denghi": "proposal",
        "hoso": "proposal",
        "hoidong": "council",
        "dangky": "register",
        "dangkythidua": "registration",
        "cacdangky": "registration",
        "donggop": "contribution",
        "loai": "kind",
        "loaidonggop": "kind",
        "xephang": "standings",
        "bangxephang": "standings",
        "theodoi": "standings",
    },
    help="thidua: quản lý phong trào thi đua, khen thưởng: kế hoạch, đơn vị, cán bộ, báo cáo.\n\n"
    "Tên lệnh gõ có dấu hay không dấu đều được: “report kế-hoạch” = “report kehoach”.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"thidua {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="THIDUA_DB",
        help="Tệp SQLite hoặc địa chỉ cơ sở dữ liệu (postgresql://...). Mặc định: $THIDUA_DB, "
        "rồi tệp trong thư mục dữ liệu của người dùng.",
    ),
    user: str | None = typer.Option(
        None,
        "--user",
        help="Người thao tác, ghi vào nhật ký (mặc định: tài khoản máy).",
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Khi có lỗi, in thêm chi tiết kỹ thuật ở dòng thứ hai."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."
    ),
) -> None:
    """thidua: quản lý phong trào thi đua, khen thưởng."""
    ctx.obj = State(db=db, debug=debug)
    ctx.obj.user = user_name(user) if user is not None else None


def user_name(value: str) -> str:
    """The --user name as the audit log keeps it: one printable line of at most 100 characters."""
    from stc_thidua.errors import InvalidInput
    from stc_thidua.text import clean_line, shown, unprintable

    if any(unprintable(ch) for ch in value):  # line breaks and tabs too: the log keeps one line
        raise InvalidInput(
            f"Người thao tác (--user) “{shown(value, 40)}” có ký tự điều khiển không in được."
        )
    name = clean_line(value)
    if not name:
        raise InvalidInput("Người thao tác (--user) không được để trống.")
    if len(name) > USER_MAX:
        raise InvalidInput(f"Người thao tác (--user) dài quá {USER_MAX} ký tự.")
    return name


USER_MAX = 100  # the audit log's `user` column


def _register() -> None:
    from stc_thidua.cli import (
        agency,
        campaign,
        contribution,
        db,
        demo,
        kind,
        log,
        note,
        person,
        registration,
        report,
        standings,
        target,
        unit,
    )

    app.add_typer(campaign.app, name="campaign", help="Phong trào thi đua (phong-trào).")
    app.add_typer(unit.app, name="unit", help="Đơn vị: phòng, ban (đơn-vị).")
    app.add_typer(person.app, name="person", help="Cán bộ, công chức (người).")
    app.command("register", help="Đăng ký thi đua cho đơn vị hoặc cá nhân (đăng-ký).")(
        registration.register
    )
    app.add_typer(
        registration.app, name="registration", help="Các đăng ký thi đua (đăng-ký-thi-đua)."
    )
    app.add_typer(kind.app, name="kind", help="Loại đóng góp và thang điểm (loại).")
    app.add_typer(
        contribution.app, name="contribution", help="Đóng góp của đơn vị, cá nhân (đóng-góp)."
    )
    app.command("standings", help="Bảng theo dõi, xếp hạng thi đua (xếp-hạng).")(
        standings.standings
    )
    app.add_typer(report.app, name="report", help="Văn bản, báo cáo (báo-cáo).")
    app.add_typer(note.app, name="note", help="Ghi chú đánh giá của báo cáo từng kỳ (ghi-chú).")
    app.add_typer(target.app, name="target", help="Chỉ tiêu và tiến độ thực hiện (chỉ-tiêu).")
    app.add_typer(agency.app, name="agency", help="Cơ quan ban hành và tên theo thời kỳ (cơ-quan).")
    app.add_typer(db.app, name="db", help="Cơ sở dữ liệu: đường dẫn, nâng cấp, sao lưu (csdl).")
    app.command("demo", help="Tạo cơ sở dữ liệu mẫu từ data/ và in mọi văn bản (mẫu).")(demo.demo)
    app.command("log", help="Nhật ký thêm, sửa, xóa: ai, lúc nào, cũ và mới (nhật-ký).")(log.log)
    _register_commendation()


def _register_commendation() -> None:
    """The commendation commands: rules, people facts, proposals, council, documents."""
    from stc_thidua.cli import (
        awards,
        campaign,
        dossier,
        people,
        person,
        proposals,
        report,
        rules,
        unit,
    )

    dossier.register(report.app)

    app.command("propose", help="Lập đề xuất khen thưởng cho đơn vị, cá nhân (đề-xuất).")(
        proposals.propose
    )
    app.add_typer(
        proposals.app, name="proposal", help="Đề xuất khen thưởng: xem, kiểm tra, trình (đề-nghị)."
    )
    app.add_typer(
        proposals.council_app, name="council", help="Hội đồng Thi đua - Khen thưởng (hội-đồng)."
    )
    app.add_typer(rules.app, name="rules", help="Quy định khen thưởng theo thời kỳ (quy-định).")
    app.add_typer(people.rating_app, name="rating", help="Xếp loại cán bộ hằng năm (xếp-loại).")
    app.add_typer(people.discipline_app, name="discipline", help="Kỷ luật theo năm (kỷ-luật).")
    app.add_typer(
        people.commendation_app,
        name="commendation",
        help="Lịch sử khen thưởng đã nhận, nhập tay (khen-thưởng).",
    )
    campaign.app.add_typer(awards.app, name="award", help="Khen thưởng của kế hoạch (khen-thưởng).")
    campaign.app.info.cls.aliases["khenthuong"] = "award"  # type: ignore[union-attr]
    for sub in (person.app, unit.app):
        sub.info.cls.aliases["lichsu"] = "history"  # type: ignore[union-attr]
    person.app.command("history", help="Lịch sử khen thưởng của một người (lịch-sử).")(
        people.person_history
    )
    unit.app.command("history", help="Lịch sử khen thưởng của một đơn vị (lịch-sử).")(
        people.unit_history
    )


_register()


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="thidua")
    except ThiduaError as exc:  # raised outside a group's invoke (e.g. in a callback)
        report_error(exc)
        sys.exit(exc.exit_code)
