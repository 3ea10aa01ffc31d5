"""Pages for visitors without login."""
