"""The instruction in the Wagtail admin: the reviewers' side and the managers'."""
