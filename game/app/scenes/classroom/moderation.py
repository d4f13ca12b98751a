"""The teacher's keys on a list of students (pick, remove, rename, extra time, accommodations,
lock the room) and the grid of names they act on, shared by the lobby and the players
overlay. It registers no screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from game.app.scene import Push, Transition
from game.app.scenes.common import _cycle
from game.app.widgets import clip_line, draw_focus_ring, text_height
from game.core import names
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


def _cells(
    scene: Any, players: list[Any], flagged: dict[str, tuple[str, ...]], name_w: int
) -> tuple[list[str], list[str], list[int], list[int]]:
    """Each player's label and flag, and the height each one's name and flag need.

    Worked out once per change of the players (the lobby's list is a new one only then), and
    each label is measured once per text setting: a class of 2,000 joining redraws the lobby
    often, and measuring every name on every redraw took 160 ms a frame."""
    ctx = scene.ctx
    key = (name_w, ctx.px(22), ctx.px(16), ctx.text.floor, ctx.settings)
    memo = getattr(scene, "_cells_memo", None)
    if memo is not None and memo[0] is players and memo[1] == key:
        return memo[2]
    measured: dict[tuple[str, bool], int] = getattr(scene, "_measured", {})
    if getattr(scene, "_measured_key", None) != key:
        measured = {}
        scene._measured, scene._measured_key = measured, key

    def height(text: str, px: int, bold: bool) -> int:
        found = measured.get((text, bold))
        if found is None:
            found = measured[(text, bold)] = text_height(ctx.text, text, name_w, px, bold)
        return found

    # A player unchanged since the last change of the players is the same object: its label
    # is not worked out again (2,000 of them at every join took 20 ms a redraw).
    known: dict[int, tuple[Any, str]] = getattr(scene, "_labels_of", {})
    labels = []
    for p in players:
        found = known.get(id(p))
        if found is None or found[0] is not p:
            found = known[id(p)] = (p, _player_label(scene, p))
        labels.append(found[1])
    if len(known) > 2 * len(players) + 64:  # players replaced since: forget the old ones
        known = {id(p): known[id(p)] for p in players}
    scene._labels_of = known
    flags = [
        "⚠ " + ", ".join(flagged[p.nickname]) if p.nickname in flagged else "" for p in players
    ]
    name_px, flag_px = ctx.px(22), ctx.px(16)
    least = max(28, ctx.px(30))  # one line's cell
    name_hs = [max(least, height(label, name_px, False) + 6) for label in labels]
    flag_hs = [height(f, flag_px, True) if f else 0 for f in flags]
    result = (labels, flags, name_hs, flag_hs)
    scene._cells_memo = (players, key, result)
    return result


def _columns_of(
    heights: list[int], first: int, columns: int, space: int
) -> list[tuple[int, int, int]]:
    """Where the cells from `first` on go, column by column, each as tall as its own label
    (one long label no longer makes every cell tall): (column, top, height) per cell, until
    the page is full. A cell taller than the page gets the whole page."""
    placed: list[tuple[int, int, int]] = []
    column, y = 0, 0
    for index in range(first, len(heights)):
        h = min(heights[index], space)
        if y and y + h > space:
            column, y = column + 1, 0
            if column == columns:
                break
        placed.append((column, y, h))
        y += h + 6
    return placed


def _page_starts(heights: list[int], columns: int, space: int) -> list[int]:
    """The first player of each page."""
    starts = [0]
    while True:
        end = starts[-1] + max(1, len(_columns_of(heights, starts[-1], columns, space)))
        if end >= len(heights):
            return starts
        starts.append(end)


def draw_players(
    scene: Any, surface: pygame.Surface, grid: pygame.Rect, players: list[Any]
) -> None:
    """The players as a grid of names (the picked one highlighted, away ones dimmed), with a
    flag under any name that deserves a second look (game.core.names.flags). A class larger
    than the grid is paged: the page holding the picked student shows, with "Page 1/3" under
    the grid (the arrows move through every student, page by page)."""
    ctx, theme = scene.ctx, scene.ctx.theme
    if getattr(scene, "_flags_list", None) is not players:  # the same list: the same names
        room = tuple(p.nickname for p in players)
        if getattr(scene, "_flags_for", None) != room:  # computed when the names change only
            scene._flags_for, scene._flags = room, names.flag_all(room)
        scene._flags_list = players
    flagged: dict[str, tuple[str, ...]] = scene._flags
    floor = ctx.text.floor
    columns = 3 if grid.width > 600 else 2
    while columns > 1 and grid.width // columns < 14 * max(floor, 10):
        columns -= 1  # large text: fewer, wider columns
    cell_w = grid.width // columns
    name_w = cell_w - 8 - 8 - 4
    labels, flags, name_hs, flag_hs = _cells(scene, players, flagged, name_w)
    heights = [n + f for n, f in zip(name_hs, flag_hs, strict=True)]
    space = grid.height
    starts = _page_starts(heights, columns, space)
    line_h = text_height(ctx.text, _page_note(9, 9, len(players)), grid.width, ctx.px(20))
    if len(starts) > 1:  # a line under the grid says which page this is
        space = max(1, grid.height - line_h - 6)
        starts = _page_starts(heights, columns, space)
    pages = len(starts)
    selected = scene.selected % max(1, len(players))
    page = max(k for k, start in enumerate(starts) if start <= selected)
    first = starts[page]
    for i, (column, y, cell_h) in enumerate(_columns_of(heights, first, columns, space)):
        player = players[first + i]
        label = labels[first + i]
        name_h, flag_h = name_hs[first + i], flag_hs[first + i]
        if name_h + flag_h > cell_h:  # taller than the page: one line each, cut with "…"
            flag_h = min(flag_h, cell_h // 2)
            name_h = cell_h - flag_h
            label = clip_line(ctx.text, label, name_w - 4, ctx.px(22))
        cell = pygame.Rect(grid.x + column * cell_w, grid.y + y, cell_w - 8, cell_h)
        if first + i == selected:
            pygame.draw.rect(surface, theme.hover, cell, border_radius=6)
            draw_focus_ring(surface, cell, theme)  # the student K, R and X act on
            scene.focus_cell = cell
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
    if pages > 1:
        more = pygame.Rect(grid.x, grid.bottom - line_h, grid.width, line_h)
        ctx.text.fit(
            _page_note(page + 1, pages, len(players)),
            more.width,
            more.height,
            ctx.px(20),
            10,
            color=theme.muted,
        ).draw(surface, more, align="right")
