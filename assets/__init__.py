"""Marks assets/ as the package `game.assets` (mapped in pyproject.toml), so every install
carries the fonts, sounds and student web page and game/resources.py finds them."""
