"""The console entry point (`thidua`, `python -m stc_thidua`): start-up without the collector.

Starting a command builds tens of thousands of long-lived objects (modules, the table classes,
typer's commands). CPython's cyclic garbage collector runs every 700 allocations and, now and
then, walks every object alive: about 40 ms of a 0.2 s start-up spent finding no garbage. So
the entry point turns it off, and `started` turns it back on once the command has opened its
database, with what exists by then frozen (never walked again) and young objects collected
every 10,000 allocations instead of 700. What is alive at the end is frozen too, so that the
interpreter's last collection at exit walks nothing. Code that imports the package (the
tests, a script) keeps its collector as it is.
"""

from __future__ import annotations

import contextlib
import gc

_paused = False  # whether this process's collector was turned off here (and not yet on)
_ours = False  # whether this process's collector is run by the entry point


def main() -> None:
    """Run the command line with the collector paused until the command has started."""
    global _paused, _ours
    if gc.isenabled():
        gc.disable()
        _paused = _ours = True
    _stop_on_term()
    from stc_thidua.cli import main as run

    try:
        run()
    finally:
        if _ours:
            gc.freeze()  # the exit's collection has nothing left to walk


def _stop_on_term() -> None:
    """SIGTERM (systemd, `kill`, `timeout`) ends the command as Ctrl-C does: the transaction
    rolled back, a browser started for a PDF stopped, temporary files removed."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal
        signal.signal(signal.SIGTERM, stop)


def started() -> None:
    """The command has loaded what it runs on: freeze what exists and collect again from here."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(10_000, middle, old)
        gc.enable()
