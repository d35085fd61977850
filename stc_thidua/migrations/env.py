"""Alembic environment: runs on the connection thidua hands over (see `schema.upgrade`)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from stc_thidua.models import load_all

load_all()  # every table on SQLModel.metadata
config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - thidua always passes its connection
    raise RuntimeError("thidua migrations run through stc_thidua.schema.upgrade")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
