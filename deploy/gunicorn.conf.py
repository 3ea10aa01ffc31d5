"""gunicorn settings for elearn: `gunicorn -c /srv/elearn/gunicorn.conf.py` (see docs/deployment.md).

Every value can be changed with the environment variable named beside it."""

import multiprocessing
import os

wsgi_app = "elearn.wsgi:app"
# Only the TLS proxy on this machine talks to gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and the database does the waiting; 2 per core plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# The app is loaded once, before forking, so a broken setting stops the service at start.
preload_app = True
# Restart workers now and then so that no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Logs to standard output: journald keeps them; elearn's own lines are JSON.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time":"%(t)s","remote":"%({x-forwarded-for}i)s","request":"%(r)s","status":%(s)s,"bytes":"%(b)s","ms":%(M)s}'
)
# Trust X-Forwarded-* only from the local proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
