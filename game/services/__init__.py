"""The imperative shell's side effects that outlive a process: where data lives and the save file.

`paths` decides the data folder (flag, then $CIVIC_QUIZ_DATA_DIR, then the platform's user data
dir); `storage` keeps players, settings, rounds, answers and Leitner cards in one SQLite file.
This package may import `game.core` and `game.content`, never pygame or `game.app` (the screens
receive plain values from it through whoever wires them together).
"""
