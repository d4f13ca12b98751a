"""Classroom mode's network side: the wire protocol and the LAN server that students' phones use.

`protocol` is pure (messages in and out, no sockets); `server` runs the HTTP + WebSocket server on
a background thread and hands what students send to the game thread through a queue. Neither
touches the session state: the runtime that owns `game.core.session` (`runtime`), or for a
student-paced session `game.core.paced` (`paced_runtime`, with `paced_protocol` and
`paced_service`), sits between them; both runtimes share `runtime_parts`.
"""
