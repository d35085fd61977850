"""`thidua propose`, `thidua proposal`, `thidua council`: proposals, the vote, the decision."""

from __future__ import annotations

from typing import Any

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
        "sua": "edit",
        "rut": "withdraw",
        "kiemtra": "check",
        "trinh": "submit",
        "quyetdinh": "decide",
        "tuchoi": "reject",
        "bac": "reject",
        "trinhcaptren": "forward",
        "tienthuong": "money",
        "tien": "money",
    }
)
council_app = group({"bophieu": "vote", "bieuquyet": "vote"})

IDS = typer.Argument(..., help="Số của đề xuất (xem proposal list); nhiều số cách nhau dấu cách.")
ONE_ID = typer.Argument(..., help="Số của đề xuất (xem proposal list).")
NOTE = typer.Option("", "--note", help="Ghi chú, ghi vào diễn biến của đề xuất.")
SEVERITY = {"error": "LỖI", "warning": "cảnh báo"}


def _print_problems(problems: list[dict[str, Any]], prefix: str = "  ") -> None:
    for p in problems:
        flag = " (căn cứ chưa xác nhận)" if p.get("unconfirmed") else ""
        typer.echo(
            f"{prefix}[{SEVERITY.get(p['severity'], p['severity'])}] {p['message']}", err=True
        )
        typer.echo(f"{prefix}    căn cứ: {p['source']}{flag}", err=True)


def _infos(s: Any, proposals: list[Any]) -> list[Any]:
    from stc_thidua.domain.proposals import infos

    return infos(session=s, proposals=proposals)


def propose(
    ctx: typer.Context,
    unit: str | None = typer.Option(None, "--unit", "-u", help="Đơn vị (tập thể) được đề xuất."),
    person: str | None = typer.Option(None, "--person", "-p", help="Người được đề xuất."),
    form: str | None = typer.Option(
        None, "--form", "-f", help="Hình thức (mặc định: danh hiệu đã đăng ký, hoặc Giấy khen)."
    ),
    reason: str | None = typer.Option(
        None, "--reason", help="Lý do, thành tích (mặc định: soạn từ các đóng góp đã xác nhận)."
    ),
    all_: bool = typer.Option(
        False, "--all", help="Lập đề xuất cho mọi đơn vị, cá nhân đã đăng ký đủ điều kiện."
    ),
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Lập đề xuất khen thưởng cho đơn vị hoặc cá nhân, kèm thành tích (đề-xuất)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.proposals import propose as draft
    from stc_thidua.domain.proposals import propose_all
    from stc_thidua.errors import InvalidInput

    if all_ and (unit or person or form or reason):
        raise InvalidInput("--all không đi cùng --unit, --person, --form hay --reason.")
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        if all_:
            drafted, skipped = propose_all(session=s, campaign=found)
        else:
            drafted, skipped = (
                [
                    draft(
                        session=s,
                        campaign=found,
                        unit=unit,
                        person=person,
                        form=form,
                        reason=reason,
                    )
                ],
                [],
            )
        infos = _infos(s, [d.proposal for d in drafted])
    if as_json:
        print_json(
            {
                "proposals": [i.as_dict() for i in infos],
                "skipped": [
                    {"nominee": k.nominee, "form": k.form, "reason": k.reason} for k in skipped
                ],
            }
        )
        return
    for i in infos:
        done(f"Đã lập đề xuất số {i.id}: {i.form_name} cho {i.nominee}.")
        _print_problems(list(i.problems))
    for k in skipped:
        done(f"Bỏ qua {k.nominee}{' (' + k.form + ')' if k.form else ''}: {k.reason}")
    if all_ and not infos:
        done("Không có đề xuất nào được lập.")


@app.command("list")
def list_(
    ctx: typer.Context,
    status: str | None = typer.Option(None, "--status", help="Chỉ một trạng thái."),
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Liệt kê đề xuất: tập thể trước, cá nhân sau (danh-sách)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.proposals import list_proposals, parse_status
    from stc_thidua.render.filters import vn_money

    wanted = (parse_status(status),) if status else None
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        infos = _infos(s, list_proposals(session=s, campaign=found, statuses=wanted))
    if as_json:
        print_json([i.as_dict() for i in infos])
        return
    print_table(
        f"Đề xuất khen thưởng — {found.code}",
        ["Số", "Người / đơn vị", "Hình thức", "Trạng thái", "Lỗi", "Biểu quyết", "QĐ", "Tiền"],
        [
            (
                i.id,
                i.nominee,
                i.form_name,
                i.status_label,
                sum(1 for p in i.problems if p["severity"] == "error") or "",
                i.vote_text,
                i.decision,
                vn_money(i.amount) if i.amount is not None else "",
            )
            for i in infos
        ],
    )


@app.command("show")
def show(ctx: typer.Context, number: int = ONE_ID, as_json: bool = JSON_OPTION) -> None:
    """Xem một đề xuất: thành tích, điều kiện, biểu quyết, quyết định, diễn biến (xem)."""
    from stc_thidua.domain.proposals import ACTIONS, STATUSES, get_proposal, info
    from stc_thidua.render.filters import money_in_words, vn_money

    with session(ctx) as s:
        data = info(session=s, proposal=get_proposal(session=s, proposal_id=number))
    if as_json:
        out = data.as_dict()
        out["amount_words"] = money_in_words(data.amount) if data.amount is not None else None
        print_json(out)
        return
    typer.echo(f"Đề xuất số {data.id}: {data.form_name} cho {data.nominee} ({data.unit})")
    typer.echo(f"Trạng thái: {data.status_label}")
    if not data.head_decides:
        typer.echo(f"Thẩm quyền: {data.decider} (trình cấp trên bằng Tờ trình)")
    typer.echo(f"Lý do: {data.reason or '(chưa có)'}")
    for a in data.achievements:
        typer.echo(f"  - [{a.id}] {a.kind_name}: {a.title} ({a.occurred_on:%d/%m/%Y})")
    if data.vote_text:
        typer.echo(f"Biểu quyết: {data.vote_text}")
    if data.decision:
        typer.echo(f"Quyết định số {data.decision} ngày {data.decision_date:%d/%m/%Y}")
    if data.amount is not None:
        typer.echo(f"Tiền thưởng: {vn_money(data.amount)} ({money_in_words(data.amount)})")
    if data.problems:
        typer.echo("Điều kiện:")
        for p in data.problems:
            typer.echo(f"  [{SEVERITY.get(p['severity'])}] {p['message']} — {p['source']}")
    typer.echo("Diễn biến:")
    for e in data.events:
        moved = f" → {STATUSES.get(e.to_status, e.to_status)}" if e.to_status else ""
        note = f": {e.note}" if e.note else ""
        typer.echo(
            f"  {e.at:%d/%m/%Y %H:%M} {e.actor} {ACTIONS.get(e.action, e.action)}{moved}{note}"
        )


@app.command("edit")
def edit(
    ctx: typer.Context,
    number: int = ONE_ID,
    form: str | None = typer.Option(None, "--form", "-f", help="Hình thức mới."),
    reason: str | None = typer.Option(None, "--reason", help="Lý do mới."),
    add: list[int] | None = typer.Option(None, "--add", help="Thêm thành tích (số đóng góp)."),
    remove: list[int] | None = typer.Option(None, "--remove", help="Bỏ thành tích (số đóng góp)."),
    redraft: bool = typer.Option(False, "--redraft", help="Soạn lại lý do từ các thành tích."),
) -> None:
    """Sửa đề xuất chưa trình: hình thức, lý do, thành tích (sửa)."""
    from stc_thidua.domain.proposals import edit as change
    from stc_thidua.domain.proposals import get_proposal

    with session(ctx) as s:
        proposal = get_proposal(session=s, proposal_id=number)
        problems = change(
            session=s,
            proposal=proposal,
            form=form,
            reason=reason,
            add=tuple(add or ()),
            remove=tuple(remove or ()),
            redraft=redraft,
        )
    done(f"Đã sửa đề xuất số {number}.")
    _print_problems([p.as_dict() for p in problems])


@app.command("check")
def check(
    ctx: typer.Context,
    numbers: list[int] | None = typer.Argument(None, help="Số đề xuất (mặc định: tất cả)."),
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Kiểm tra điều kiện khen thưởng, mỗi vấn đề kèm căn cứ pháp lý (kiểm-tra)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.proposals import active, get_proposal, list_proposals
    from stc_thidua.domain.proposals import check as run

    with session(ctx) as s:
        if numbers:
            chosen = [get_proposal(session=s, proposal_id=n) for n in numbers]
        else:
            found = find_campaign(session=s, query=campaign)
            chosen = active(list_proposals(session=s, campaign=found))
        run(session=s, proposals=chosen)
        infos = _infos(s, chosen)
    if as_json:
        print_json(
            [
                {
                    "id": i.id,
                    "nominee": i.nominee,
                    "form": i.form,
                    "status": i.status,
                    "eligible": not any(p["severity"] == "error" for p in i.problems),
                    "problems": list(i.problems),
                }
                for i in infos
            ]
        )
        return
    for i in infos:
        errors = sum(1 for p in i.problems if p["severity"] == "error")
        verdict = f"{errors} lỗi" if errors else "đủ điều kiện"
        typer.echo(f"Số {i.id} — {i.nominee}, {i.form_name}: {verdict}")
        for p in i.problems:
            typer.echo(f"  [{SEVERITY.get(p['severity'])}] {p['message']}")
            typer.echo(f"      căn cứ: {p['source']}")


def _many(s: Any, numbers: list[int]) -> list[Any]:
    from stc_thidua.domain.proposals import get_proposal
    from stc_thidua.errors import InvalidInput

    if len(set(numbers)) != len(numbers):
        raise InvalidInput("Một số đề xuất được ghi hai lần.")
    return [get_proposal(session=s, proposal_id=n) for n in numbers]


@app.command("submit")
def submit(ctx: typer.Context, numbers: list[int] = IDS, note: str = NOTE) -> None:
    """Trình đề xuất lên Hội đồng Thi đua - Khen thưởng; còn lỗi thì không trình (trình)."""
    from stc_thidua.domain.proposals import submit as run

    with session(ctx) as s:
        chosen = _many(s, numbers)
        run(session=s, proposals=chosen, note=note)
        infos = _infos(s, chosen)
    for i in infos:
        done(f"Đã trình Hội đồng đề xuất số {i.id} ({i.nominee}, {i.form_name}).")
        _print_problems([p for p in i.problems if p["severity"] == "warning"])


@app.command("decide")
def decide(
    ctx: typer.Context,
    numbers: list[int] = IDS,
    number: int = typer.Option(
        ..., "--number", "-n", help="Số quyết định (đánh lại từ 01 mỗi năm)."
    ),
    date: str = typer.Option(..., "--date", "-d", help="Ngày quyết định, vd. 20/12/2021."),
    note: str = NOTE,
) -> None:
    """Quyết định khen thưởng đề xuất Hội đồng đã thông qua: số, ngày, tiền thưởng (quyết-định)."""
    from stc_thidua.dates import to_date
    from stc_thidua.domain.proposals import decide as run
    from stc_thidua.render.filters import money_in_words, vn_money

    day = to_date(date, "Ngày quyết định")
    with session(ctx) as s:
        chosen = _many(s, numbers)
        rewards = run(session=s, proposals=chosen, number=number, on=day, note=note)
        infos = _infos(s, chosen)
    total = sum(r.payable for r in rewards)
    for i, r in zip(infos, rewards, strict=True):
        done(f"Số {i.id} — {i.nominee}, {i.form_name}: {r.text}")
    done(
        f"Quyết định số {infos[0].decision} ngày {day:%d/%m/%Y}: {len(infos)} khen thưởng, "
        f"tổng {vn_money(total)} ({money_in_words(total)})."
    )


@app.command("forward")
def forward(ctx: typer.Context, numbers: list[int] = IDS, note: str = NOTE) -> None:
    """Trình cấp trên đề xuất vượt thẩm quyền thủ trưởng, bằng Tờ trình (trình-cấp-trên)."""
    from stc_thidua.domain.proposals import forward as run

    with session(ctx) as s:
        chosen = _many(s, numbers)
        run(session=s, proposals=chosen, note=note)
        infos = _infos(s, chosen)
    for i in infos:
        done(f"Đã trình {i.decider} đề xuất số {i.id} ({i.nominee}, {i.form_name}).")
    done("In Tờ trình: thidua report totrinh --upward")


@app.command("reject")
def reject(
    ctx: typer.Context,
    number: int = ONE_ID,
    note: str = typer.Option(..., "--note", help="Lý do từ chối."),
) -> None:
    """Từ chối một đề xuất, ghi lý do (từ-chối)."""
    from stc_thidua.domain.proposals import get_proposal
    from stc_thidua.domain.proposals import reject as run

    with session(ctx) as s:
        run(session=s, proposal=get_proposal(session=s, proposal_id=number), note=note)
    done(f"Đã từ chối đề xuất số {number}.")


@app.command("withdraw")
def withdraw(ctx: typer.Context, number: int = ONE_ID, note: str = NOTE) -> None:
    """Rút một đề xuất chưa biểu quyết (rút)."""
    from stc_thidua.domain.proposals import get_proposal
    from stc_thidua.domain.proposals import withdraw as run

    with session(ctx) as s:
        run(session=s, proposal=get_proposal(session=s, proposal_id=number), note=note)
    done(f"Đã rút đề xuất số {number}.")


@app.command("money")
def money(
    ctx: typer.Context, campaign: str | None = CAMPAIGN_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Tiền thưởng đã quyết định: theo hình thức và tổng cộng, kèm bằng chữ (tiền-thưởng)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.proposals import money_totals
    from stc_thidua.render.filters import money_in_words, vn_money

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        lines, total = money_totals(session=s, campaign=found)
    if as_json:
        print_json(
            {
                "by_form": [
                    {
                        "form": m.form,
                        "form_name": m.form_name,
                        "count": m.count,
                        "amount": m.amount,
                        "unconfirmed": list(m.unconfirmed),
                    }
                    for m in lines
                ],
                "total": total,
                "total_words": money_in_words(total),
            }
        )
        return
    print_table(
        f"Tiền thưởng — {found.code}",
        ["Hình thức", "Số lượng", "Thành tiền"],
        [(m.form_name, m.count, vn_money(m.amount)) for m in lines]
        + [("Tổng cộng", sum(m.count for m in lines), vn_money(total))],
    )
    typer.echo(f"Bằng chữ: {money_in_words(total)}.")
    for note in dict.fromkeys(n for m in lines for n in m.unconfirmed):
        typer.echo(f"[chưa xác nhận] {note}; hãy kiểm tra trước khi ký.", err=True)


@council_app.command("vote")
def council_vote(
    ctx: typer.Context,
    number: int = ONE_ID,
    members: int = typer.Option(..., "--members", "-m", help="Tổng số thành viên Hội đồng."),
    votes_for: int = typer.Option(
        ..., "--for", help="Số phiếu đồng ý (kể cả ý kiến bằng văn bản)."
    ),
    absent_written: int = typer.Option(
        0, "--absent-written", help="Số thành viên vắng mặt có ý kiến bằng văn bản."
    ),
    date: str | None = typer.Option(None, "--date", "-d", help="Ngày họp Hội đồng."),
    note: str = NOTE,
) -> None:
    """Ghi kết quả bỏ phiếu của Hội đồng, tính trên tổng số thành viên (bỏ-phiếu)."""
    from stc_thidua.dates import to_date
    from stc_thidua.domain.proposals import council_vote as run
    from stc_thidua.domain.proposals import get_proposal

    day = to_date(date, "Ngày họp") if date else None
    with session(ctx) as s:
        proposal = get_proposal(session=s, proposal_id=number)
        verdict = run(
            session=s,
            proposal=proposal,
            members=members,
            votes_for=votes_for,
            absent_written=absent_written,
            voted_on=day,
            note=note,
        )
    typer.echo(f"Đề xuất số {number}: {verdict}")
