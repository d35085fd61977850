"""Kinds of contribution of a campaign (giải pháp, tuyên truyền, ...) and their points."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from stc_thidua.errors import Duplicate, InvalidInput, NotFound
from stc_thidua.keys import label_key
from stc_thidua.models import Campaign, CampaignContent, Contribution, ContributionKind
from stc_thidua.schemas import validate
from stc_thidua.schemas_tracking import KindIn
from stc_thidua.text import fold, name_key, shown, strip_accents

KINDS_FILE = "kinds.toml"
GIAI_PHAP = "giai_phap"  # the kind commendation rules read as a recognised initiative (sáng kiến)


def default_kinds(data: Path | None = None) -> list[dict[str, Any]]:
    """The default kinds shipped in data/kinds.toml, as KindIn fields."""
    from stc_thidua.paths import data_dir

    path = (data or data_dir()) / KINDS_FILE
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["kind"]
    return [
        {
            "code": entry["code"],
            "name": entry["name"],
            "aliases": list(entry.get("aliases", [])),
            "content_position": entry.get("content"),
            "points": float(entry.get("points", 0)),
            "points_per_million": float(entry.get("points_per_million", 0)),
            "points_per_work_day": float(entry.get("points_per_work_day", 0)),
        }
        for entry in entries
    ]


def copy_default_kinds(*, session: Session, campaign: Campaign) -> list[ContributionKind]:
    """Give a campaign the default kinds (done when it is created)."""
    kinds = [
        ContributionKind.model_validate(
            {**validate(KindIn, entry).model_dump(), "campaign_id": campaign.id, "position": i}
        )
        for i, entry in enumerate(default_kinds(), start=1)
    ]
    session.add_all(kinds)
    session.flush()
    return kinds


def list_kinds(*, session: Session, campaign: Campaign) -> list[ContributionKind]:
    """The campaign's kinds in display order; a campaign without any gets the defaults."""
    kinds = list(
        session.exec(
            select(ContributionKind)
            .where(ContributionKind.campaign_id == campaign.id)
            .order_by(col(ContributionKind.position), col(ContributionKind.id))
        ).all()
    )
    return kinds or copy_default_kinds(session=session, campaign=campaign)


def plan_content(*, session: Session, campaign: Campaign, position: int) -> CampaignContent:
    """The campaign's content number `position`, or the one sentence saying it has none."""
    contents = {
        c.position: c
        for c in session.exec(
            select(CampaignContent).where(CampaignContent.campaign_id == campaign.id)
        ).all()
    }
    if position not in contents:
        raise InvalidInput(
            f"Phong trào “{campaign.code}” không có nội dung thi đua số {position} "
            f"(có {len(contents)} nội dung)."
        )
    return contents[position]


def _labels(kind: ContributionKind) -> list[str]:
    return [kind.name, kind.code, *kind.aliases]


class KindIndex:
    """Resolves what users type or sheets carry ("GIẢI PHÁP", "xa hoi hoa") to a kind.

    A label typed with diacritics matches only labels with those diacritics (case and
    punctuation aside); one typed without any may match by folding, when only one kind does.
    """

    def __init__(self, kinds: Sequence[ContributionKind]) -> None:
        self.kinds = list(kinds)
        self._exact: dict[str, set[int]] = {}
        self._folded: dict[str, set[int]] = {}
        for index, kind in enumerate(self.kinds):
            for label in _labels(kind):
                self._exact.setdefault(label_key(label), set()).add(index)
                self._folded.setdefault(fold(label), set()).add(index)
        self._cache: dict[str, ContributionKind] = {}

    def valid_names(self) -> str:
        """The kinds a user may name, for an error message."""
        return ", ".join(f"“{k.name}” ({k.code})" for k in self.kinds)

    def resolve(self, query: str) -> ContributionKind:
        """The kind `query` names, or InvalidInput listing the valid kinds."""
        if query in self._cache:
            return self._cache[query]
        key = label_key(query)
        if not key:
            raise InvalidInput("Chưa ghi loại đóng góp.")
        found = self._exact.get(key, set())
        if not found and strip_accents(key) == key:
            found = self._folded.get(fold(query), set())
        if len(found) == 1:
            kind = self.kinds[next(iter(found))]
            self._cache[query] = kind
            return kind
        if len(found) > 1:
            names = ", ".join(f"“{self.kinds[i].name}”" for i in sorted(found))
            raise InvalidInput(f"Loại đóng góp “{shown(query)}” khớp với nhiều loại: {names}.")
        raise InvalidInput(
            f"Không có loại đóng góp “{shown(query)}”; các loại: {self.valid_names()}."
        )


def find_kind(*, session: Session, campaign: Campaign, query: str) -> ContributionKind:
    """The campaign's kind named by `query` (code, name or alias)."""
    return KindIndex(list_kinds(session=session, campaign=campaign)).resolve(query)


def _check_labels(
    *, kinds: Sequence[ContributionKind], valid: KindIn, except_id: int | None = None
) -> None:
    """Refuse a code, name or alias another kind of the campaign already answers to."""
    mine = [valid.name, valid.code, *valid.aliases]
    for other in kinds:
        if other.id == except_id:
            continue
        if other.code == valid.code:
            raise Duplicate(f"Đã có loại đóng góp mã “{valid.code}” (“{other.name}”).")
        theirs = {label_key(label) for label in _labels(other)}
        clash = next((label for label in mine if label_key(label) in theirs), None)
        if clash is not None:
            raise Duplicate(f"Tên “{clash}” đã dùng cho loại đóng góp “{other.name}”.")


def default_kind_code(name: str, taken: set[str]) -> str:
    """A code from a kind's name ("Tuyên truyền" → "tuyen_truyen"), "_2", "_3"... when taken.

    The clerk never typed the code, so a clash of folded codes is no reason to refuse a name
    that differs by a diacritic (uniqueness is on the exact name, as for units).
    """
    base = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")[:27].strip("_") or "loai"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


def add_kind(*, session: Session, campaign: Campaign, data: dict[str, Any]) -> ContributionKind:
    """Add a kind of contribution to a campaign; its code, name and aliases must be free."""
    data = {k: v for k, v in data.items() if v is not None}
    kinds = list_kinds(session=session, campaign=campaign)
    if not name_key(str(data.get("name", ""))):
        raise InvalidInput("Tên loại đóng góp không được để trống.")
    if not data.get("code"):
        data["code"] = default_kind_code(str(data["name"]), {k.code for k in kinds})
    valid = validate(KindIn, data)
    if valid.content_position is not None:
        plan_content(session=session, campaign=campaign, position=valid.content_position)
    _check_labels(kinds=kinds, valid=valid)
    position = max((k.position for k in kinds), default=0) + 1
    kind = ContributionKind.model_validate(
        {**valid.model_dump(), "campaign_id": campaign.id, "position": position}
    )
    session.add(kind)
    session.flush()
    return kind


def edit_kind(
    *, session: Session, campaign: Campaign, kind: ContributionKind, changes: dict[str, Any]
) -> ContributionKind:
    """Change a kind's name, default content or points; `add_aliases` adds spellings."""
    changes = {k: v for k, v in changes.items() if v is not None}
    added = changes.pop("add_aliases", None)
    if added:
        changes["aliases"] = [*changes.get("aliases", kind.aliases), *added]
    if not changes:
        raise InvalidInput("Chưa có thay đổi nào; hãy chỉ rõ trường cần sửa.")
    current = kind.model_dump(exclude={"id", "campaign_id", "position"})
    valid = validate(KindIn, {**current, **changes})
    if "content_position" in changes:
        plan_content(session=session, campaign=campaign, position=valid.content_position)
    _check_labels(
        kinds=list_kinds(session=session, campaign=campaign), valid=valid, except_id=kind.id
    )
    for key, value in valid.model_dump().items():
        setattr(kind, key, value)
    session.add(kind)
    session.flush()
    return kind


def remove_kind(*, session: Session, kind: ContributionKind) -> None:
    """Remove a kind no contribution is of."""
    count = session.exec(
        select(func.count()).select_from(Contribution).where(Contribution.kind_id == kind.id)
    ).one()
    if count:
        raise InvalidInput(
            f"Không xóa được loại “{kind.name}”: còn {count} đóng góp thuộc loại này."
        )
    session.delete(kind)


def kind_by_id(*, session: Session, kind_id: int) -> ContributionKind:
    """A kind by its row id."""
    kind = session.get(ContributionKind, kind_id)
    if kind is None:
        raise NotFound(f"Không có loại đóng góp số {kind_id}.")
    return kind
