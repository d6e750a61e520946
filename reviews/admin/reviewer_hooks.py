"""Wagtail hooks of the reviewers' side (menu, dashboard panel)."""
