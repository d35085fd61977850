"""Compiled templates kept in the user's cache: used when safe, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stc_thidua.render import env as env_module


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "bộ đệm #1"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("THIDUA_NO_TEMPLATE_CACHE", raising=False)
    env_module.get_env.cache_clear()
    yield home
    env_module.get_env.cache_clear()


def _kept(home: Path) -> list[Path]:
    return sorted(home.rglob("__jinja2_*.cache"))


def test_compiled_templates_are_kept_and_reused(cache_home: Path) -> None:
    env = env_module.get_env("md")
    env.get_template("kehoach.md.j2")
    kept = _kept(cache_home)
    assert kept, "the compiled template is kept"
    folder = kept[0].parent
    assert folder.stat().st_mode & 0o777 == 0o700
    env_module.get_env.cache_clear()
    calls: list[str] = []
    fresh = env_module.get_env("md")
    real = fresh.compile

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("compile")
        return real(*args, **kwargs)

    fresh.compile = counting  # type: ignore[method-assign]
    fresh.get_template("kehoach.md.j2")
    assert calls == [], "a kept template is loaded, not compiled again"


def test_a_changed_source_is_compiled_again(cache_home: Path, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "mẫu"
    folder.mkdir()
    (folder / "a.md.j2").write_text("Một {{ x }}", encoding="utf-8")
    monkeypatch.setattr(env_module, "templates_dir", lambda: folder)
    assert env_module.get_env("md").get_template("a.md.j2").render(x=1) == "Một 1"
    env_module.get_env.cache_clear()
    (folder / "a.md.j2").write_text("Hai {{ x }}", encoding="utf-8")
    assert env_module.get_env("md").get_template("a.md.j2").render(x=2) == "Hai 2"


def test_a_corrupt_kept_file_is_ignored(cache_home: Path) -> None:
    env_module.get_env("md").get_template("kehoach.md.j2")
    for path in _kept(cache_home):
        path.write_bytes(b"not a jinja cache")
    env_module.get_env.cache_clear()
    assert env_module.get_env("md").get_template("kehoach.md.j2") is not None


def test_a_folder_others_may_write_is_not_used(cache_home: Path) -> None:
    env_module.get_env("md")  # creates the folder
    env_module.get_env.cache_clear()
    folder = next(p for p in cache_home.rglob("md-*") if p.is_dir())
    folder.chmod(0o777)
    assert env_module._kept_templates("md") is None
    folder.chmod(0o700)
    assert env_module._kept_templates("md") is not None


def test_a_cache_that_cannot_be_made_or_written_only_means_compiling(cache_home: Path) -> None:
    """A cache home that is a file, then a kept name taken by a folder: rendering goes on."""
    cache_home.parent.mkdir(parents=True, exist_ok=True)
    cache_home.write_text("không phải thư mục", encoding="utf-8")
    assert env_module._kept_templates("md") is None
    assert env_module.get_env("md").get_template("kehoach.md.j2").render is not None
    cache_home.unlink()
    env_module.get_env.cache_clear()
    env_module.get_env("md").get_template("kehoach.md.j2")
    (kept,) = _kept(cache_home)
    kept.unlink()
    kept.mkdir()  # the kept file's name is now a folder: writing it fails
    env_module.get_env.cache_clear()
    assert env_module.get_env("md").get_template("kehoach.md.j2") is not None


def test_the_cache_can_be_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THIDUA_NO_TEMPLATE_CACHE", "1")
    env_module.get_env("md").get_template("kehoach.md.j2")
    assert not _kept(cache_home)


def test_a_kept_file_cut_short_is_compiled_again(cache_home: Path) -> None:
    """A file with a valid header and its code cut short (a full disk, a crash)."""
    reference = env_module.get_env("md").get_template("kehoach.md.j2")
    for path in _kept(cache_home):
        path.write_bytes(path.read_bytes()[:40])
    env_module.get_env.cache_clear()
    again = env_module.get_env("md").get_template("kehoach.md.j2")
    assert again is not reference
    assert all(len(p.read_bytes()) > 40 for p in _kept(cache_home)), "replaced, whole"


def test_a_kept_file_someone_else_owns_or_may_write_is_not_loaded(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading kept code runs it: only a file of this user that no one else may write."""
    env_module.get_env("md").get_template("kehoach.md.j2")
    (kept,) = [p for p in _kept(cache_home) if p.parent.name.startswith("md-")][:1]
    cache = env_module._kept_templates("md")
    assert cache is not None
    loaded: list[str] = []
    monkeypatch.setattr(
        env_module.jinja2.bccache.Bucket, "load_bytecode", lambda self, f: loaded.append("x")
    )
    bucket = env_module.jinja2.bccache.Bucket(env_module.get_env("md"), kept.name[9:-6], "")
    monkeypatch.setattr(cache, "_get_cache_filename", lambda _bucket: str(kept))
    cache.load_bytecode(bucket)
    assert loaded == ["x"], "our own file is loaded"
    kept.chmod(0o666)
    cache.load_bytecode(bucket)
    assert loaded == ["x"], "a file others may write is not"
    kept.chmod(0o600)
    real_uid = os.getuid()
    monkeypatch.setattr(env_module.os, "getuid", lambda: real_uid + 1)
    cache.load_bytecode(bucket)
    assert loaded == ["x"], "nor one another user owns"
