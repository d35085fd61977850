"""The console entry point (`thidua`, `python -m stc_thidua`): start-up without the collector.

Starting a command builds tens of thousands of long-lived objects (modules, the table classes,
typer's commands). CPython's cyclic garbage collector runs every 700 allocations and, now and
then, walks every object alive: about 40 ms of a 0.2 s start-up spent finding no garbage. So
the entry point turns it off, and `started` turns it back on once the command has opened its
database, with what exists by then frozen (never walked again). Code that imports the package
(the tests, a script) keeps its collector as it is.
"""

from __future__ import annotations

import gc

_paused = False  # whether this process's collector was turned off here


def main() -> None:
    """Run the command line with the collector paused until the command has started."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
    from stc_thidua.cli import main as run

    run()


def started() -> None:
    """The command has loaded what it runs on: freeze what exists and collect again from here."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
