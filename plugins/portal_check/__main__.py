"""`python plugins/portal_check …` and `python -m portal_check …`: see cli.py."""

import os
import sys

if not __package__:  # run as a folder: put plugins/ (and the repository) on the path
    PLUGINS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:0] = [PLUGINS, os.path.dirname(PLUGINS)]

from portal_check.cli import main  # noqa: E402

try:
    sys.exit(main())
except KeyboardInterrupt:  # Ctrl+C: one line, the shell's exit status for SIGINT, no traceback
    print("Đã dừng (Ctrl+C).", file=sys.stderr)
    sys.exit(130)
