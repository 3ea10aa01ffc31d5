"""SCIM tests share the API's token factory and a caller that speaks SCIM with a scim token."""

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.api.conftest import make_token
from tests.scim.test_entra_provisioning import scim_caller

__all__ = ["make_token"]


@pytest.fixture
def scim(client: FlaskClient, make_token) -> Callable[..., Any]:
    return scim_caller(client, make_token("scim"))
