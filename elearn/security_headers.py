"""Headers on every response: what the browser may run, frame, send along and keep.

Set here rather than through Flask-Talisman: the policy is five fixed headers, Talisman's HTTPS
redirect and HSTS belong to the TLS proxy in front of elearn (docs/deployment.md), and its nonce
machinery is not needed because no page has inline script or style.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request, session
from werkzeug.wrappers import Response


def page_policy(form_targets: tuple[str, ...] = ()) -> str:
    """The policy of every page. `form_targets` are the sign-in providers' origins: logging out
    is a form whose answer redirects to the provider's end-session page, and Chromium holds such
    a redirect to form-action."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            " ".join(("form-action 'self'", *form_targets)),
            "frame-ancestors 'none'",
        )
    )


PAGE_POLICY = page_policy()
# Course files are third-party input: even an SVG or a PDF opened on its own runs no script and
# cannot reach the site's cookies or pages (`sandbox` gives it an opaque origin).
COURSE_FILE_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
COURSE_FILE_ENDPOINTS = {"learning.course_file", "public.open_course_file"}
# Pages open without signing in that still show a person's name or address.
PERSONAL_PUBLIC_ENDPOINTS = {"public.verify", "auth.accept_invitation", "auth.reset_password"}


def _secure(response: Response) -> Response:
    course_file = request.endpoint in COURSE_FILE_ENDPOINTS
    policy = current_app.extensions.get("elearn.page_policy", PAGE_POLICY)
    response.headers["Content-Security-Policy"] = COURSE_FILE_POLICY if course_file else policy
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A page may be stricter still (a lesson link page sends no referrer at all).
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    # Every signed-in page may show personal data; none of it may stay in a shared computer's
    # cache. Checked on the session, so no page loads the person only for this.
    personal = "_user_id" in session or request.endpoint in PERSONAL_PUBLIC_ENDPOINTS
    if personal and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def init_app(app: Flask) -> None:
    issuers = [str(p.get("issuer") or "") for p in app.config.get("OIDC_PROVIDERS", ())]
    app.extensions["elearn.page_policy"] = page_policy(tuple(sorted({_origin(i) for i in issuers if i})))
    app.after_request(_secure)
