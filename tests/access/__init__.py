"""The URL access matrix: every URL of the project by every role (see
``tests/test_access_matrix.py``)."""
