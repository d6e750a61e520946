"""The managers' side of the dossiers in the Wagtail admin (registered by
``applications.wagtail_hooks``): the list, the dossier page and its actions.

Nothing is imported here: Django's admin autodiscovery imports this package.
"""
