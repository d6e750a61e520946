"""The managers' side: assignments, the instruction table, the ranking, exports."""

urlpatterns = []
