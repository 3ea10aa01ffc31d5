"""Uploaded HR exports waiting between preview and apply, kept in the instance folder.

A preview holds a whole HR export, so it is deleted once applied, and an abandoned one after
IMPORT_PREVIEW_HOURS: on every new upload and by `imports prune` (a daily timer)."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from pathlib import Path


def folder(instance: Path) -> Path:
    path = instance / "imports"
    path.mkdir(exist_ok=True)
    return path


def save(instance: Path, data: bytes, options: dict[str, object]) -> str:
    token = secrets.token_hex(16)
    (folder(instance) / f"{token}.csv").write_bytes(data)
    (folder(instance) / f"{token}.json").write_text(json.dumps(options))
    return token


def load(instance: Path, token: str) -> tuple[bytes, dict[str, object]] | None:
    data_path, options_path = _paths(instance, token)
    if not token.isalnum() or not data_path.exists() or not options_path.exists():
        return None
    return data_path.read_bytes(), json.loads(options_path.read_text())


def delete(instance: Path, token: str) -> None:
    for path in _paths(instance, token):
        path.unlink(missing_ok=True)


def prune(instance: Path, hours: int, now: datetime) -> int:
    """Delete previews older than `hours`; returns how many."""
    cutoff = (now - timedelta(hours=hours)).timestamp()
    old = [path for path in folder(instance).iterdir() if path.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len({path.stem for path in old})


def _paths(instance: Path, token: str) -> tuple[Path, Path]:
    base = folder(instance)
    return base / f"{token}.csv", base / f"{token}.json"
