"""The managers' side of the dossiers in the Wagtail admin (registered by
``applications.wagtail_hooks``): the list, the dossier page and its actions, the
coverage of a call's dossiers, and the read queries they use (``selectors``)."""
