"""Aggregates over the other capabilities' tables; nothing imports from here."""
