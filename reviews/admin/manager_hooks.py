"""Wagtail hooks of the managers' side (menu)."""
