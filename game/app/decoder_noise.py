"""Keeps the image decoders' own complaints off the terminal.

SDL_image's decoders (libpng above all) write lines such as "libpng error: gAM[00]: bad header"
straight to the process's stderr (file descriptor 2) when a picture is damaged, below Python,
where `sys.stderr` cannot catch them. The game already says what is wrong in its own words (the
alt-text box; `validate`'s "cannot be shown: the file is damaged", with the file, line and what
to do), so the decoder's line is only a stray, unexplained one. While a picture is decoded, this
sends descriptor 2 to a temporary file, then gives back every line that is not a decoder's.
Where descriptor 2 cannot be redirected (no console on Windows), nothing is changed.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress

__all__ = ["NOISE", "quiet_decoders"]

# The decoders' own lines: libpng's errors and warnings, libjpeg's "Corrupt JPEG data" ones.
NOISE = re.compile(rb"^(libpng (error|warning)|Corrupt JPEG data|Premature end of JPEG)")


@contextmanager
def quiet_decoders() -> Iterator[None]:
    """Run the block with the decoders' lines on stderr dropped (all other output kept)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    with tempfile.TemporaryFile() as held:
        try:
            os.dup2(held.fileno(), 2)
        except OSError:
            os.close(saved)
            yield
            return
        try:
            yield
        finally:
            with suppress(OSError, ValueError, AttributeError):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            kept = [line for line in held.read().splitlines(True) if not NOISE.match(line)]
            if kept:
                os.write(2, b"".join(kept))
