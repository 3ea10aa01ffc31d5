"""Assignments, quiz attempts, completions and certificates."""
