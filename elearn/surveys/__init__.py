"""Survey rounds of elected officials' (or any audience's) competence needs, reported only in aggregate."""
