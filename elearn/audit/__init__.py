"""The audit log: who read or changed whose personal data, and every login and lockout."""
