"""Read-only REST API for HR systems and BI (`/api/v1/`), with personal tokens admins create.

`tokens.py` issues and checks tokens, `auth.py` guards each route (token, scope, rate limit,
the call recorded), `views.py` serves the data, `openapi.py` describes it, `errors.py` gives
every failure one JSON shape, `admin_views.py` is the admins' page for tokens."""
