"""Provisioning from Entra ID writes the same dated history as the people page and the import,
so a lägesbild counts a person provisioned, moved or deactivated through SCIM where they were."""

from __future__ import annotations

from flask import Flask

from tests.people.test_history import _history_matches_today
from tests.scim.test_entra_provisioning import ENTERPRISE, entra_user, patch


def test_create_move_and_deactivate_through_scim_write_history(app: Flask, scim, create_department) -> None:
    create_department("BUF", "Barn och utbildning")
    create_department("SOC", "Socialförvaltningen")
    user_id = scim("POST", "/Users", entra_user()).get_json()["id"]
    _history_matches_today(app)
    moved = scim(
        "PATCH", f"/Users/{user_id}", patch({"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "SOC"})
    )
    assert moved.status_code == 200
    _history_matches_today(app)
    gone = scim("PATCH", f"/Users/{user_id}", patch({"op": "Replace", "path": "active", "value": "False"}))
    assert gone.status_code == 200 and gone.get_json()["active"] is False
    _history_matches_today(app)
