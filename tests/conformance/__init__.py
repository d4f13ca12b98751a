"""Conformance runs on the original third-party fixtures in ../shared/corpora (some are GPL, so
they are read in place, never copied). tests/conftest.py leaves this folder out when ../shared is
not beside the repository, and says so in one line."""
