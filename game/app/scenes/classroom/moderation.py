"""The teacher's keys on a list of students (pick, remove, rename, extra time, accommodations,
lock the room) and the grid of names they act on, shared by the lobby and the players
overlay. It registers no screen.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame

from game.app.scene import Push, Transition
from game.app.scenes.classroom.name_cells import NameCells, columns_of
from game.app.scenes.common import _cycle
from game.app.widgets import clip_line, draw_focus_ring, shows, text_height
from game.core import session as s


def moderate(scene: Any, event: pygame.event.Event, players: list[Any]) -> Transition | None:
    """The teacher's keys on a list of players, in the lobby and during the quiz: arrows pick a
    player, K removes the picked one (and keeps them out), R renames, X cycles extra time, L
    locks the room."""
    host, now = scene.host, scene.host.now()
    if players and event.key in (pygame.K_DOWN, pygame.K_RIGHT):
        scene.selected = (scene.selected + 1) % len(players)
    elif players and event.key in (pygame.K_UP, pygame.K_LEFT):
        scene.selected = (scene.selected - 1) % len(players)
    elif event.key == pygame.K_l:
        host.command(s.Lock(not host.state.locked, now))
    elif players and event.key == pygame.K_k:
        host.command(s.Kick(players[scene.selected % len(players)].id, now))
        scene.selected = 0
    elif players and event.key == pygame.K_r:
        player = players[scene.selected % len(players)]
        return Push.named("rename", scene.ctx, host, player.id, player.nickname)
    elif players and event.key == pygame.K_x:
        player = players[scene.selected % len(players)]
        extra = _cycle((1.0, 1.5, 2.0), player.extra_time)
        if not _accommodate(host, player.id, lambda a: a.with_extra_time(extra)):
            host.command(s.SetExtraTime(player.id, extra, now))
    elif players and event.key in ACCOMMODATION_KEYS:
        need = ACCOMMODATION_KEYS[event.key]
        _accommodate(host, players[scene.selected % len(players)].id, lambda a: a.toggled(need))
    scene.ctx.invalidate()
    return None


# The teacher's keys for a student's page accommodations (extra time is X).
ACCOMMODATION_KEYS = {
    pygame.K_o: "read_aloud",
    pygame.K_c: "reduced_motion",
    pygame.K_g: "large_text",
}


def _accommodate(host: Any, player_id: int, change: Callable[[Any], Any]) -> bool:
    """Change one student's accommodations where the host keeps them (a live session: applied
    at once and remembered for the name); False where it does not."""
    current = getattr(host, "accommodations_of", None)
    setter = getattr(host, "set_accommodations", None)
    if current is None or setter is None:
        return False
    setter(player_id, change(current(player_id)))
    return True


def _player_label(scene: Any, player: Any) -> str:
    label = player.nickname + (
        "" if player.extra_time == 1.0 else f" ({player.extra_time:g}x time)"
    )
    needs = getattr(scene.host, "accommodations_of", None)
    if needs is not None and needs(player.id).any:
        label = f"{player.nickname} ({needs(player.id).label()})"
    return label


def _page_note(page: int, pages: int, count: int) -> str:
    return f"{page}/{pages} · arrows"


def grid_shape(ctx: Any, width: int) -> tuple[int, int, int]:
    """(columns, cell width, name width) of a grid of names `width` wide."""
    columns = 3 if width > 600 else 2
    while columns > 1 and width // columns < 14 * max(ctx.text.floor, 10):
        columns -= 1  # large text: fewer, wider columns
    cell_w = width // columns
    return columns, cell_w, cell_w - 8 - 8 - 4


_BY_ID = operator.attrgetter("id")


def players_in_order(scene: Any) -> list[Any]:
    """The session's players in the order they joined, sorted once per change of the players
    (the state's players are a new mapping then), not once per frame or draw."""
    current = scene.host.state.players
    memo: tuple[Any, list[Any]] | None = getattr(scene, "_sorted", None)
    if memo is None or memo[0] is not current:
        memo = (current, sorted(current.values(), key=_BY_ID))
        scene._sorted = memo
    return memo[1]


# New students taken into a grid of names per frame (labelled, checked for look-alikes and
# measured): 2,000 joining within a second bring up to 130 in a frame, which all at once took
# the projector's frame past 16.7 ms. At 60 frames a second the grid takes in 1,920 names a
# second; those past it wait a frame or a few.
NAMES_PER_FRAME = 32


def keep_up(scene: Any, players: list[Any], name_w: int) -> bool:
    """A frame's share of the names that came in: labelled, flagged and measured in the frame
    they arrive (at most NAMES_PER_FRAME, the rest in the next frames), not all together in
    the next redraw (called before any redraw is decided: HostScene.catch_up). True while
    names wait, and when the last came in: the counts' redraw (at most 10 a second) brings the
    page line and the page shown up to date."""
    cells = name_cells(scene, players, name_w, most=NAMES_PER_FRAME)
    return bool(cells.waiting or cells.caught_up)


def name_cells(scene: Any, players: list[Any], name_w: int, most: int | None = 0) -> NameCells:
    """The scene's cells for `players` (its own `NameCells`, made on first use and dropped with
    the scene), brought up to date: only what changed since the last frame is worked out.
    `most`: students new to the grid to take in (a draw's 0: none, the frame's `keep_up`
    takes them in); the scene's first grid is made whole."""
    ctx = scene.ctx
    cells: NameCells | None = getattr(scene, "_name_cells", None)
    if cells is None:
        cells = scene._name_cells = NameCells()
    name_px, flag_px = ctx.px(22), ctx.px(16)
    least = max(28, ctx.px(30))  # one line's cell
    cells.update(
        (name_w, name_px, flag_px, ctx.text.floor, ctx.settings),
        players,
        lambda p: _player_label(scene, p),
        lambda text, bold: max(least, text_height(ctx.text, text, name_w, name_px, bold) + 6),
        lambda text, bold: text_height(ctx.text, text, name_w, flag_px, bold),
        most,
    )
    return cells


@dataclass(frozen=True)
class GridPage:
    """The page of a grid of names that shows: the one holding the picked student."""

    cells: NameCells
    cell_w: int
    name_w: int
    space: int  # the height the cells take (the grid's, less the page line under it)
    note_h: int  # the height of the "2/9 · arrows" line
    pages: int
    page: int
    first: int  # its first cell
    placed: list[tuple[int, int, int]]  # (column, top, height) of each of its cells
    selected: int

    def shown(self, players: list[Any]) -> tuple[object, ...]:
        """What the page shows, to tell whether it changed: its students (the same objects:
        a student renamed, away or back is a new one), labels, flags and places."""
        end = self.first + len(self.placed)
        c = self.cells
        return (
            self.pages > 1,
            self.first,
            self.selected,
            tuple(self.placed),
            tuple(players[self.first : end]),
            tuple(c.labels[self.first : end]),
            tuple(c.flags[self.first : end]),
        )


def grid_page(scene: Any, grid: pygame.Rect, players: list[Any]) -> GridPage:
    """Where the page of names that shows in `grid` goes (work: the changed names, and the
    pages from the first changed one on)."""
    ctx = scene.ctx
    columns, cell_w, name_w = grid_shape(ctx, grid.width)
    cells = name_cells(scene, players, name_w)
    space = grid.height
    starts = cells.page_starts(columns, space)
    line_h = text_height(ctx.text, _page_note(9, 9, len(players)), grid.width, ctx.px(20))
    if len(starts) > 1:  # a line under the grid says which page this is
        space = max(1, grid.height - line_h - 6)
        starts = cells.page_starts(columns, space)
    selected = scene.selected % max(1, len(players))
    page = bisect.bisect_right(starts, selected) - 1
    first = starts[page]
    placed = columns_of(cells.heights, first, columns, space)
    pages = len(starts)
    return GridPage(cells, cell_w, name_w, space, line_h, pages, page, first, placed, selected)


def draw_players(
    scene: Any, surface: pygame.Surface, grid: pygame.Rect, players: list[Any]
) -> GridPage:
    """The players as a grid of names (the picked one highlighted, away ones dimmed), with a
    flag under any name that deserves a second look (game.core.names.flags). A class larger
    than the grid is paged: the page holding the picked student shows, with "Page 1/3" under
    the grid (the arrows move through every student, page by page)."""
    ctx, theme = scene.ctx, scene.ctx.theme
    page = grid_page(scene, grid, players)
    cells, first, line_h = page.cells, page.first, page.note_h
    labels, flags, name_hs, flag_hs = cells.labels, cells.flags, cells.name_hs, cells.flag_hs
    cell_w, name_w = page.cell_w, page.name_w
    selected = page.selected
    clip = surface.get_clip()  # only the counts redrawn: the names under them are not
    for i, (column, y, cell_h) in enumerate(page.placed):
        player = players[first + i]
        label = labels[first + i]
        name_h, flag_h = name_hs[first + i], flag_hs[first + i]
        if name_h + flag_h > cell_h:  # taller than the page: one line each, cut with "…"
            flag_h = min(flag_h, cell_h // 2)
            name_h = cell_h - flag_h
            label = clip_line(ctx.text, label, name_w - 4, ctx.px(22))
        cell = pygame.Rect(grid.x + column * cell_w, grid.y + y, cell_w - 8, cell_h)
        if first + i == selected:
            scene.focus_cell = cell
            if not shows(surface, cell):  # its ring reaches past the cell
                continue
            pygame.draw.rect(surface, theme.hover, cell, border_radius=6)
            draw_focus_ring(surface, cell, theme)  # the student K, R and X act on
        elif not clip.colliderect(cell):  # what it would draw lies inside the cell
            continue
        inner = cell.inflate(-8, 0)
        flag = flags[first + i]
        if flag:
            flag_rect = pygame.Rect(inner.x, inner.y + name_h, inner.width, flag_h)
            pygame.draw.rect(surface, theme.wrong, flag_rect, 2, border_radius=6)
            ctx.text.fit(
                flag,
                flag_rect.width - 8,
                flag_rect.height,
                ctx.px(16),
                9,
                bold=True,
                color=theme.wrong,
            ).draw(surface, flag_rect.inflate(-8, 0), align="center", valign="middle")
        color = theme.text if player.connected else theme.muted
        name_rect = pygame.Rect(inner.x, inner.y, inner.width - 4, name_h)
        ctx.text.fit(label, name_rect.width, name_rect.height, ctx.px(22), 10, color=color).draw(
            surface, name_rect, valign="middle"
        )
    if page.pages > 1:
        more = pygame.Rect(grid.x, grid.bottom - line_h, grid.width, line_h)
        ctx.text.fit(
            _page_note(page.page + 1, page.pages, len(players)),
            more.width,
            more.height,
            ctx.px(20),
            10,
            color=theme.muted,
            changing=True,  # the class's count
        ).draw(surface, more, align="right")
    return page
