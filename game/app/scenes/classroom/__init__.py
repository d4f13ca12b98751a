"""The projector's screens for a live classroom session, and teams on one screen.

Host a session: set it up, open the lobby (join address, QR code, code, names arriving), then for
each question the host shows the prompt, the timer and how many have answered; the reveal shows
the right answer, how the class answered as a bar chart, and the explanation; a leaderboard and a
final podium follow. The teacher drives it all with the keyboard or the mouse:

    Enter  start / reveal now / next        P  pause or resume       E  +15 seconds
    S      skip the question                L  leaderboard           Esc  end the session
    Lobby: arrows pick a student, K removes them (and keeps them out), R renames, X gives extra
    time, L locks the room. During the quiz N opens the same list of players (PlayersScene).
    Names that deserve a second look (look-alikes, "Teacher", no letters) carry a flag.
    A shows another of this computer's addresses; with no network, T switches to Teams.

Ending asks first (Enter ends, Esc keeps playing), and an ended session can be reopened (O on
the final screen, or from the Classroom menu). If the session can't be saved (a full disk), a
banner says so on every screen while the session goes on.

The session itself runs in game.core.session, reached through the ClassroomHost port; these
scenes only draw it and turn keys and clicks into its commands.

One module per screen or small family, each registering its screens by name (game.app.scene):
menu, setup, lobby, question, reveal, leaderboard, final, report, dialogs (the confirmations)
and players (the overlays during the quiz); host, moderation and confirm hold what several of
them share and register no screen. This package's names are re-exported here for the tools and
tests that import them from game.app.scenes.classroom.
"""

from __future__ import annotations

from game.app.scenes.classroom.confirm import draw_confirm
from game.app.scenes.classroom.dialogs import ConfirmEndScene, ConfirmReportScene
from game.app.scenes.classroom.final import PodiumScene
from game.app.scenes.classroom.host import (
    AHEAD_AFTER_S,
    COUNTS_EVERY_S,
    HostScene,
    _scene_for_state,
)
from game.app.scenes.classroom.leaderboard import LeaderboardScene
from game.app.scenes.classroom.lobby import LobbyScene
from game.app.scenes.classroom.menu import ClassroomMenuScene
from game.app.scenes.classroom.moderation import ACCOMMODATION_KEYS, draw_players, moderate
from game.app.scenes.classroom.players import PlayersScene, RenameScene
from game.app.scenes.classroom.progress import ProgressScene
from game.app.scenes.classroom.question import EXTEND_S, HostQuestionScene
from game.app.scenes.classroom.report import ReportListScene, ReportScene
from game.app.scenes.classroom.reveal import HostRevealScene
from game.app.scenes.classroom.setup import HostSetupScene

__all__ = [
    "ACCOMMODATION_KEYS",
    "AHEAD_AFTER_S",
    "COUNTS_EVERY_S",
    "EXTEND_S",
    "ClassroomMenuScene",
    "ConfirmEndScene",
    "ConfirmReportScene",
    "HostQuestionScene",
    "HostRevealScene",
    "HostScene",
    "HostSetupScene",
    "LeaderboardScene",
    "LobbyScene",
    "PlayersScene",
    "PodiumScene",
    "ProgressScene",
    "RenameScene",
    "ReportListScene",
    "ReportScene",
    "_scene_for_state",
    "draw_confirm",
    "draw_players",
    "moderate",
]
