"""Bank files: the format definition, safe YAML reading, validation and loading from disk.

Depends on `game.core` and PyYAML only; never on pygame, sqlite3 or the network.
"""
