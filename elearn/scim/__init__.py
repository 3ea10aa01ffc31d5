"""SCIM 2.0 provisioning (`/scim/v2/Users`, `/scim/v2/Groups`), so Entra ID keeps people and
departments in sync without CSV files. Resources are parsed, patched and written with
scim2-models; `service.py` maps them onto people and departments and never deletes a record."""
