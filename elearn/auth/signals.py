"""What auth tells the capabilities above it, which it may not import: Indico's way, a blinker
signal that the app connects them to when it is set up (`create_app`)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

person_created = _signals.signal(
    "person-created",
    doc="""A person was created at sign-in (just in time, from a work account). Sent with the app
    as sender and `session=`, `person=`; receivers add to the session, the sender commits.""",
)
