"""The functional core: the bank model, answer checking, rounds and scoring.

Plain Python with no I/O: nothing here imports pygame, yaml, sqlite3, sockets or threads, and
time and randomness are passed in. A test keeps it so (tests/test_architecture.py).
"""
