"""The reviewers' side: their dossiers, the attestation, the grid, their
declaration of interests."""

urlpatterns = []
