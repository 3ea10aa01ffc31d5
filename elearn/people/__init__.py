"""Departments, people and their roles."""
