"""Talking to the mail server: one SMTP connection for a whole batch, a short timeout, and each
failure sorted into what it means for the batch (SMTP in production, the console in
development, a list in tests)."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import current_app

Send = Callable[[EmailMessage], None]


class MailServerDown(Exception):
    """The server cannot be reached, stopped answering or refuses us: nothing more goes out now."""


class Refused(Exception):
    """A permanent refusal (5xx) of this recipient or message; the others still go out."""


class Deferred(Exception):
    """A temporary refusal (4xx) of this message: worth trying again on a later run."""


def message(config: Mapping[str, Any], to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = config["MAIL_FROM"]
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    mail.set_content(body)
    return mail


@contextmanager
def connection(config: Mapping[str, Any]) -> Iterator[Send]:
    backend = config["MAIL_BACKEND"]
    if backend == "smtp":
        with _smtp(config) as send:
            yield send
    elif backend == "memory":
        yield current_app.extensions.setdefault("elearn.outbox", []).append
    else:
        yield _log


def _log(mail: EmailMessage) -> None:
    current_app.logger.warning(
        "e-mail (console backend) to %s: %s\n%s", mail["To"], mail["Subject"], mail.get_content()
    )


@contextmanager
def _smtp(config: Mapping[str, Any]) -> Iterator[Send]:
    address = f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    try:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    except OSError as error:  # refused, unreachable, or no greeting within the timeout
        raise MailServerDown(f"{address}: {_describe(error)}") from error
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except OSError as error:
        smtp.close()
        raise MailServerDown(f"{address}: {_describe(error)}") from error

    def send(mail: EmailMessage) -> None:
        try:
            smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:  # smtplib has reset the session: it goes on
            code, reply = next(iter(error.recipients.values()))
            raise _refusal(code, reply) from error
        except smtplib.SMTPDataError as error:
            raise _refusal(error.smtp_code, error.smtp_error) from error
        except OSError as error:  # sender refused, disconnected, timed out
            raise MailServerDown(f"{address}: {_describe(error)}") from error

    try:
        yield send
    finally:
        try:
            smtp.quit()
        except OSError:
            smtp.close()


def _refusal(code: int, reply: bytes | str) -> Refused | Deferred:
    return (Refused if code >= 500 else Deferred)(f"{code} {_text(reply)}")


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def _describe(error: OSError) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
