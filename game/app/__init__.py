"""The Pygame shell: the window, the loop, the scenes and their drawing.

The only package that imports pygame. It calls into game.core (rounds, scoring) and
game.content (banks), and reaches storage only through game.core.ports.ProgressStore.
"""
