"""Where shipped data and templates are: inside the wheel, or beside the package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def shipped(name: str) -> Path:
    """The folder `name` ("data" or "templates") shipped with thidua."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def data_dir() -> Path:
    """The folder of sample and reference data (data/)."""
    return shipped("data")
