"""Classroom mode's network side: the wire protocol and the LAN server that students' phones use.

`protocol` is pure (messages in and out, no sockets); `server` runs the HTTP + WebSocket server on
a background thread and hands what students send to the game thread through a queue. Neither
touches the session state: the runtime that owns `game.core.session` sits between them.
"""
