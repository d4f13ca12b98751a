"""`python -m game` runs the `civic-quiz` command."""

import sys

from game.cli import main

sys.exit(main())
