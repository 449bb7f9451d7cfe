#!/usr/bin/env python3
"""Command line for the Motions Library: `python generate.py check|build|serve|new`.

A thin entry point so editors need no install step beyond the dependencies;
the same commands are installed as the `motionlib` console script.
"""

from motionlib.commands.cli import main

if __name__ == "__main__":
    main()
