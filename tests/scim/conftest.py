"""SCIM tests share the API's token factory."""

from tests.api.conftest import make_token

__all__ = ["make_token"]
