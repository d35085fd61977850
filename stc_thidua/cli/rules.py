"""`thidua rules`: the commendation rules in force by date, their sources and corrections."""

from __future__ import annotations

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    JSON_OPTION,
    done,
    print_json,
    print_table,
    session,
)

app = group(
    {
        "danhsach": "list",
        "xem": "show",
        "sua": "set",
        "dat": "set",
        "khoiphuc": "reset",
        "dung": "use",
        "luongcoso": "salary",
        "luong": "salary",
        "thoiky": "period",
    }
)
salary_app = group({"danhsach": "list", "them": "add", "xoa": "remove"})
period_app = group({"them": "add"})
app.add_typer(salary_app, name="salary", help="Mức lương cơ sở theo thời kỳ (lương-cơ-sở).")
app.add_typer(period_app, name="period", help="Thêm thời kỳ quy định mới (thời-kỳ).")

DATE = typer.Option(None, "--date", "-d", help="Ngày cần tra (vd. 15/6/2021; mặc định: hôm nay).")
SOURCE = typer.Option(..., "--source", help="Căn cứ pháp lý của giá trị (bắt buộc).")
UNCONFIRMED = typer.Option(
    False, "--unconfirmed", help="Đánh dấu giá trị là chưa xác nhận (cần kiểm tra lại)."
)


def _flags(unconfirmed: bool, corrected: bool) -> str:
    marks = []
    if unconfirmed:
        marks.append("CHƯA XÁC NHẬN")
    if corrected:
        marks.append("đã sửa")
    return ", ".join(marks)


@app.command("list")
def list_(ctx: typer.Context, date: str | None = DATE, as_json: bool = JSON_OPTION) -> None:
    """Liệt kê các bộ quy định theo thời kỳ, đánh dấu bộ có hiệu lực (danh-sách)."""
    import datetime as dt

    from stc_thidua.dates import to_date
    from stc_thidua.domain.rules import list_rule_sets, rule_set_on

    on = to_date(date, "Ngày") if date else dt.date.today()
    with session(ctx) as s:
        sets = list_rule_sets(session=s)
        current = rule_set_on(session=s, on=on).code
    if as_json:
        print_json(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "law": r.law,
                    "valid_from": r.valid_from.isoformat(),
                    "valid_to": r.valid_to.isoformat() if r.valid_to else None,
                    "in_force": r.code == current,
                    "unconfirmed_count": len(r.unconfirmed),
                    "based_on": r.based_on or None,
                }
                for r in sets
            ]
        )
        return
    print_table(
        f"Quy định khen thưởng (* có hiệu lực ngày {on:%d/%m/%Y})",
        ["", "Mã", "Văn bản", "Luật", "Hiệu lực", "Chưa xác nhận"],
        [
            (
                "*" if r.code == current else "",
                r.code,
                r.name,
                r.law,
                f"{r.valid_from:%d/%m/%Y} – {r.valid_to:%d/%m/%Y}"
                if r.valid_to
                else f"từ {r.valid_from:%d/%m/%Y}",
                f"{len(r.unconfirmed)} giá trị" if r.unconfirmed else "",
            )
            for r in sets
        ],
    )


@app.command("show")
def show(
    ctx: typer.Context,
    code: str | None = typer.Argument(None, help="Mã hoặc tên bộ quy định (vd. nd91-2017)."),
    date: str | None = DATE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Xem mọi giá trị của một bộ quy định, kèm căn cứ và cờ chưa xác nhận (xem)."""
    import datetime as dt

    from stc_thidua.dates import to_date
    from stc_thidua.domain.rules import (
        find_rule_set,
        list_salaries,
        rule_rows,
        rule_set_dict,
        rule_set_on,
        salary_on,
    )

    on = to_date(date, "Ngày") if date else dt.date.today()
    with session(ctx) as s:
        rule_set = find_rule_set(session=s, query=code) if code else rule_set_on(session=s, on=on)
        salary = salary_on(session=s, on=on)
        salaries = list_salaries(session=s)
    if as_json:
        data = rule_set_dict(rule_set)
        data["base_salary"] = {
            "on": on.isoformat(),
            "amount": salary.amount,
            "valid_from": salary.valid_from.isoformat(),
            "source": salary.source,
            "unconfirmed": salary.unconfirmed,
        }
        data["salaries"] = [
            {
                "valid_from": row.valid_from.isoformat(),
                "amount": row.amount,
                "source": row.source,
                "unconfirmed": row.unconfirmed,
                "user_added": row.user_added,
            }
            for row in salaries
        ]
        print_json(data)
        return
    from stc_thidua.render.filters import vn_money

    typer.echo(f"{rule_set.name} ({rule_set.code}) — {rule_set.law}")
    typer.echo(
        f"Mức lương cơ sở ngày {on:%d/%m/%Y}: {vn_money(salary.amount)} ({salary.source})"
        + (" — CHƯA XÁC NHẬN" if salary.unconfirmed else "")
    )
    print_table(
        "Giá trị và căn cứ",
        ["Khóa", "Nội dung", "Hình thức", "Giá trị", "Căn cứ", "Ghi chú"],
        [
            (r.key, r.label, r.form, r.shown, r.source, _flags(r.unconfirmed, r.corrected))
            for r in rule_rows(rule_set)
        ],
    )


@app.command("set")
def set_(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Mã bộ quy định, vd. nd98-2023."),
    key: str = typer.Argument(..., help="Khóa, vd. forms.TTLDTT.coefficient_collective."),
    value: str = typer.Argument(..., help="Giá trị mới, vd. 0,8 hoặc 80% hoặc quá bán."),
    source: str = SOURCE,
    unconfirmed: bool = UNCONFIRMED,
) -> None:
    """Sửa một giá trị của bộ quy định (lưu trong cơ sở dữ liệu, có nhật ký) (sửa)."""
    from stc_thidua.domain.rules import describe_value, find_rule_set, set_rule

    with session(ctx, create=True) as s:
        rule_set = find_rule_set(session=s, query=code)
        row = set_rule(
            session=s,
            rule_set=rule_set,
            key=key,
            value=value,
            source=source,
            unconfirmed=unconfirmed,
        )
        shown = describe_value(row.key, row.value)
        done(f"Đã sửa {rule_set.code} {row.key} = {shown} ({row.source}).")


@app.command("reset")
def reset(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Mã bộ quy định."),
    key: str = typer.Argument(..., help="Khóa đã sửa."),
) -> None:
    """Bỏ giá trị đã sửa, trở về giá trị gốc của bộ quy định (khôi-phục)."""
    from stc_thidua.domain.rules import find_rule_set, reset_rule

    with session(ctx, create=True) as s:
        rule_set = find_rule_set(session=s, query=code)
        reset_rule(session=s, rule_set=rule_set, key=key)
        done(f"Đã khôi phục giá trị gốc của {rule_set.code} {key}.")


@app.command("use")
def use(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Mã bộ quy định, hoặc “tự-động” theo ngày phong trào."),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Chọn bộ quy định cho một phong trào (mặc định: theo ngày bắt đầu) (dùng)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.rules import use_rule_set
    from stc_thidua.text import keyword

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        automatic = keyword(code) in ("tudong", "auto")
        chosen = use_rule_set(session=s, campaign=found, code="" if automatic else code)
        done(f"Phong trào “{found.code}” dùng {chosen.name} ({chosen.code}).")


@salary_app.command("list")
def salary_list(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Bảng mức lương cơ sở theo ngày hiệu lực (danh-sách)."""
    from stc_thidua.domain.rules import list_salaries
    from stc_thidua.render.filters import vn_money

    with session(ctx) as s:
        rows = list_salaries(session=s)
    if as_json:
        print_json(
            [
                {
                    "valid_from": r.valid_from.isoformat(),
                    "amount": r.amount,
                    "source": r.source,
                    "unconfirmed": r.unconfirmed,
                    "user_added": r.user_added,
                }
                for r in rows
            ]
        )
        return
    print_table(
        "Mức lương cơ sở",
        ["Từ ngày", "Mức", "Căn cứ", "Ghi chú"],
        [
            (
                f"{r.valid_from:%d/%m/%Y}",
                vn_money(r.amount),
                r.source,
                ", ".join(
                    x
                    for x in (
                        "CHƯA XÁC NHẬN" if r.unconfirmed else "",
                        "người dùng thêm" if r.user_added else "",
                    )
                    if x
                ),
            )
            for r in rows
        ],
    )


@salary_app.command("add")
def salary_add(
    ctx: typer.Context,
    valid_from: str = typer.Option(..., "--from", help="Ngày hiệu lực, vd. 01/7/2026."),
    amount: str = typer.Option(..., "--amount", help="Mức lương cơ sở, vd. 2.530.000."),
    source: str = typer.Option("", "--source", help="Căn cứ, vd. Nghị định .../2026/NĐ-CP."),
    unconfirmed: bool = UNCONFIRMED,
    replace: bool = typer.Option(
        False, "--replace", help="Thay mức lương cơ sở đã có từ cùng ngày (ghi rõ căn cứ)."
    ),
) -> None:
    """Thêm mức lương cơ sở mới từ một ngày (thêm)."""
    from stc_thidua.dates import to_date
    from stc_thidua.domain.rules import add_salary, parse_amount
    from stc_thidua.render.filters import vn_money

    day = to_date(valid_from, "Ngày hiệu lực")
    money = parse_amount(amount)
    with session(ctx, create=True) as s:
        old = add_salary(
            session=s,
            valid_from=day,
            amount=money,
            source=source,
            unconfirmed=unconfirmed,
            replace=replace,
        )
    if old is not None:
        done(
            f"Đã thay mức lương cơ sở {vn_money(old.amount)} bằng {vn_money(money)} từ ngày "
            f"{day:%d/%m/%Y}."
        )
    else:
        done(f"Đã thêm mức lương cơ sở {vn_money(money)} từ ngày {day:%d/%m/%Y}.")


@salary_app.command("remove")
def salary_remove(
    ctx: typer.Context,
    valid_from: str = typer.Option(..., "--from", help="Ngày hiệu lực của mức đã thêm."),
) -> None:
    """Xóa một mức lương cơ sở do người dùng thêm (xóa)."""
    from stc_thidua.dates import to_date
    from stc_thidua.domain.rules import remove_salary

    day = to_date(valid_from, "Ngày hiệu lực")
    with session(ctx, create=True) as s:
        remove_salary(session=s, valid_from=day)
        done(f"Đã xóa mức lương cơ sở từ ngày {day:%d/%m/%Y}.")


@period_app.command("add")
def period_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Mã bộ quy định mới, vd. nd99-2026."),
    valid_from: str = typer.Option(..., "--from", help="Ngày hiệu lực, vd. 01/01/2027."),
    name: str = typer.Option(..., "--name", help="Tên văn bản, vd. Nghị định 99/2026/NĐ-CP."),
    based_on: str | None = typer.Option(
        None, "--based-on", help="Bộ quy định làm gốc (mặc định: bộ đang hiệu lực trước đó)."
    ),
    law: str = typer.Option("", "--law", help="Luật được hướng dẫn."),
    source: str = typer.Option("", "--source", help="Căn cứ."),
) -> None:
    """Thêm thời kỳ quy định mới, chép giá trị của bộ trước (đánh dấu chưa xác nhận) (thêm)."""
    import datetime as dt

    from stc_thidua.dates import to_date
    from stc_thidua.domain.rules import add_period, find_rule_set, rule_set_on

    day = to_date(valid_from, "Ngày hiệu lực")
    with session(ctx, create=True) as s:
        base = (
            find_rule_set(session=s, query=based_on)
            if based_on
            else rule_set_on(session=s, on=day - dt.timedelta(days=1))
        )
        row = add_period(
            session=s, code=code, name=name, valid_from=day, based_on=base, law=law, source=source
        )
        done(
            f"Đã thêm {row.name} ({row.code}) từ ngày {day:%d/%m/%Y}, chép từ {base.code}; "
            "sửa từng giá trị bằng “thidua rules set”."
        )
