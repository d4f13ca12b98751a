"""Civic Quiz: an offline civic-education quiz game. Importing this package has no side effects."""

__version__ = "0.1.0"
