"""Login, invitations, password reset and role checks."""
