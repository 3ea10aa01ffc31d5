"""The app for a WSGI server (`elearn.wsgi:app`, as in deploy/gunicorn.conf.py): a setting the
app refuses stops the server with that one line instead of a traceback."""

from __future__ import annotations

from .config import SettingError

try:
    from . import create_app

    app = create_app()
except SettingError as error:
    raise SystemExit(f"Error: {error.format_message()}") from None
