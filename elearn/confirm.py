"""A confirmation step before an action that cannot be undone: the first POST shows what will
happen, and only a second one carrying `bekrafta=ja` acts."""

from __future__ import annotations

from flask import render_template, request


def confirmed() -> bool:
    return request.form.get("bekrafta") == "ja"


def confirmation_page(title: str, explanation: str, action: str, confirm_label: str, cancel_url: str) -> str:
    return render_template(
        "confirm.html",
        title=title,
        explanation=explanation,
        action=action,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
    )
