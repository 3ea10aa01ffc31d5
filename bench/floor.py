"""The floor: a bare Flask "hello world", served by gunicorn exactly like elearn."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def hello() -> str:
    return "Hello, World!"
