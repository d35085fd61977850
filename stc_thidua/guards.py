"""A closed campaign is read-only, and so is the evidence of a decision: one check at flush.

`campaign close` moves a campaign to "đã tổng kết": its figures are signed. Every row that
belongs to it (contributions, registrations, kinds, notes, sections, target progress,
awards, proposals and their steps) is then refused until `campaign reopen`, here rather than
in each command, so that no write path can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, select
from sqlmodel import col

from stc_thidua.errors import InvalidInput
from stc_thidua.models import Campaign

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stc_thidua.models import Contribution

CLOSED = "da_tong_ket"
# proposals whose achievements are on paper: decided here, or sent upward with a tờ trình
SETTLED = ("da_quyet_dinh", "trinh_cap_tren")
VERIFIED = "da_duyet"


def install(session: Session) -> None:
    """Refuse, at every flush of `session`, a change to a row of a closed campaign."""
    event.listen(session, "before_flush", _before_flush)


def _campaign_id(session: Session, obj: object) -> int | None:
    """The campaign a row belongs to, directly or through its proposal or target."""
    if isinstance(obj, Campaign):
        return None  # the campaign itself: its own commands decide (edit, reopen)
    campaign_id = getattr(obj, "campaign_id", None)
    if campaign_id is not None:
        return int(campaign_id)
    # rows of other groups are matched by table, so that no table class is built for this
    table = _table(obj)
    if table in ("proposal_event", "proposal_achievement"):
        from stc_thidua.models import Proposal

        proposal = session.get(Proposal, obj.proposal_id)  # type: ignore[attr-defined]
        return proposal.campaign_id if proposal else None
    if table == "target_progress":
        from stc_thidua.models import Target

        target = session.get(Target, obj.target_id)  # type: ignore[attr-defined]
        return target.campaign_id if target else None
    return None


def _table(obj: object) -> str | None:
    return getattr(type(obj), "__tablename__", None)


def refuse_closed(session: Session, campaign_ids: Iterable[int]) -> None:
    """Raise if one of `campaign_ids` is a closed campaign."""
    wanted = set(campaign_ids)
    if not wanted:
        return
    with session.no_autoflush:
        code = session.execute(
            select(col(Campaign.code)).where(
                col(Campaign.id).in_(wanted), col(Campaign.status) == CLOSED
            )
        ).scalar()
    if code is not None:
        raise InvalidInput(
            f"Phong trào “{code}” đã tổng kết nên chỉ được xem; muốn sửa, "
            f"hãy mở lại trước: thidua campaign reopen {code}."
        )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        ids = {
            campaign_id
            for obj in chain(session.new, session.dirty, session.deleted)
            if (session.is_modified(obj) or obj in session.new or obj in session.deleted)
            and (campaign_id := _campaign_id(session, obj)) is not None
        }
    refuse_closed(session, ids)
    with session.no_autoflush:
        touched = [
            obj
            for obj in chain(session.dirty, session.deleted)
            if _table(obj) == "contribution"
            and obj.id is not None
            and (obj in session.deleted or obj.status != VERIFIED)
        ]
        refuse_settled_evidence(session, touched)


def refuse_settled_evidence(session: Session, contributions: list[Contribution]) -> None:
    """Raise if a contribution leaving "đã xác nhận" (or removed) backs a decided proposal.

    The achievements of a decision or of a tờ trình sent upward are part of the signed
    dossier (domain.md §5): they are not removed, rejected or sent back for checking.
    """
    ids = [c.id for c in contributions if c.id is not None]
    if not ids:
        return
    from stc_thidua.models import Proposal, ProposalAchievement

    row = session.execute(
        select(
            col(ProposalAchievement.contribution_id),
            col(Proposal.id),
            col(Proposal.decision_number),
            col(Proposal.decision_symbol),
        )
        .join(Proposal, col(Proposal.id) == col(ProposalAchievement.proposal_id))
        .where(
            col(ProposalAchievement.contribution_id).in_(ids),
            col(Proposal.status).in_(SETTLED),
        )
        .order_by(col(ProposalAchievement.contribution_id), col(Proposal.id))
    ).first()
    if row is None:
        return
    contribution_id, proposal_id, number, symbol = row
    where = (
        f"Quyết định số {number:02d}/{symbol}" if number is not None else "Tờ trình đã gửi cấp trên"
    )
    raise InvalidInput(
        f"Đóng góp số {contribution_id} là thành tích của đề xuất số {proposal_id} ({where}), "
        "nên không xóa, từ chối hay sửa được."
    )


def lock_campaign(session: Session, campaign_id: int | None) -> None:
    """Hold the campaign until commit, so duplicate checks of concurrent writers see each other.

    Two clerks importing the same sheet into a shared PostgreSQL database would otherwise
    both find no duplicate and both insert: the second now waits on this row lock, then
    reads the first one's committed rows. SQLite needs nothing: its BEGIN IMMEDIATE already
    lets one writer at a time in.
    """
    if campaign_id is None or session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        select(col(Campaign.id)).where(col(Campaign.id) == campaign_id).with_for_update()
    )
