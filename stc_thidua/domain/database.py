"""The database as a whole: its schema status, its upgrade, and the checks of `db check`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from stc_thidua import sqlitefile
from stc_thidua.backup import check_file_database
from stc_thidua.db import make_engine, open_engine, resolve_url, session_scope, translate
from stc_thidua.models import Campaign, Person, Unit
from stc_thidua.revisions import HEAD, is_known
from stc_thidua.schema import current_revision
from stc_thidua.text import name_key


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands against this program's."""

    database: str  # the file, or the server URL without its password
    exists: bool
    revision: str | None  # None: blank (or no file yet)
    head: str

    @property
    def up_to_date(self) -> bool:
        """Whether the schema is this program's newest."""
        return self.revision == HEAD

    @property
    def newer_than_program(self) -> bool:
        """Whether a newer thidua wrote this database."""
        return self.revision is not None and not is_known(self.revision)


def shown_url(url: str) -> str:
    """The database as the user reads it: a file path, or a URL without its password."""
    from sqlalchemy.engine import make_url

    path = sqlitefile.path_of(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


def schema_status(*, db: str | None) -> SchemaStatus:
    """The schema revision of the database against this program's; creates and changes nothing.

    A file that is not a thidua database (or is damaged) raises the one sentence saying so.
    """
    from sqlalchemy.exc import DBAPIError

    url = resolve_url(db)
    path = sqlitefile.path_of(url)
    if path is not None:
        if path.is_dir():
            make_engine(url)  # says it is a folder
        exists = path.exists()
        revision = sqlitefile.read_revision(path) if exists else None
        return SchemaStatus(str(path), exists, revision, HEAD)
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except DBAPIError as exc:
        raise translate(exc, url) from None
    finally:
        engine.dispose()
    return SchemaStatus(shown_url(url), True, revision, HEAD)


def upgrade_database(*, db: str | None) -> tuple[str | None, str]:
    """Create or upgrade the schema (a SQLite file is backed up first): (before, after)."""
    before = schema_status(db=db).revision
    open_engine(db, create=True, upgrading=True).dispose()
    return before, HEAD


def check_database(*, url: str) -> list[str]:
    """Every problem of the database, one sentence each (empty: sound).

    A SQLite file: integrity, foreign keys, schema revision. Any database: loops in the
    units' hierarchy and names that are no longer unique.
    """
    path = sqlitefile.path_of(url)
    problems = check_file_database(path) if path is not None else []
    if problems or not schema_status(db=url).up_to_date:  # an old schema is checked once upgraded
        return problems
    with session_scope(url, create=False) as session:
        problems += data_problems(session=session)
        session.rollback()
    return problems


def data_problems(*, session: Session) -> list[str]:
    """Rules the database cannot enforce itself: unit loops, names a clerk must tell apart."""
    from stc_thidua.domain.units import hierarchy_loops

    problems = [
        "Vòng lặp cấp trên giữa các đơn vị: "
        + " → ".join(f"“{u.name}” (mã {u.id})" for u in [*loop, loop[0]])
        + "; hãy sửa bằng “thidua unit edit ... --parent ...”."
        for loop in hierarchy_loops(session=session)
    ]
    for unit in session.exec(select(Unit)).all():
        if unit.name_key != name_key(unit.name):
            problems.append(
                f"Đơn vị “{unit.name}” (mã {unit.id}) trùng tên với một đơn vị khác; hãy đổi tên."
            )
    for person in session.exec(select(Person)).all():
        if person.name_key != name_key(person.full_name):
            problems.append(
                f"Người “{person.full_name}” (mã {person.id}) trùng tên với một người cùng "
                "đơn vị; hãy đổi tên hoặc chuyển đơn vị."
            )
    for campaign in session.exec(select(Campaign)).all():
        if campaign.code_key != name_key(campaign.code):
            problems.append(
                f"Phong trào mã “{campaign.code}” (mã số {campaign.id}) trùng mã với một "
                "phong trào khác (khác chữ hoa, thường); hãy đổi mã."
            )
    return problems
