#!/usr/bin/env python3
"""Command line for the Motions Library: `python generate.py check|build|serve|new`.

A thin entry point so editors need no install step beyond the dependencies;
the same commands are installed as the `motionlib` console script. Run by a Python that lacks
them (the system's, outside the virtual environment), it says so in one line, not a traceback.
"""

import sys

try:
    from motionlib.commands.cli import main
except ModuleNotFoundError as error:
    sys.exit(
        f"generate.py: {sys.executable} has no {error.name!r} module: run it with the "
        "virtual environment's Python, `.venv/bin/python generate.py …` (the README's quick "
        "start makes it)"
    )

if __name__ == "__main__":
    main()
