"""Fake providers at the HTTP seam, for the real client libraries; the
fixtures that use them live in tests/conftest.py."""
