"""Marks questions/ as the package `game.questions` (mapped in pyproject.toml), so every install
carries the shipped banks and their schema and game/resources.py finds them.

Teachers: this file is not a bank; the banks are the .yaml files beside it."""
