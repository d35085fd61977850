"""The framework's floor: a minimal Typer app with two commands.

`python bench/floor_app.py --help` is what `thidua --help`, `--version`, group help and shell
completion are measured against (bench/run.py); nothing here belongs to thidua.
"""

import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    typer.echo(f"Hello {name}")


@app.command()
def goodbye(name: str, formal: bool = False) -> None:
    """Say goodbye."""
    typer.echo(f"Goodbye {name}" if not formal else f"Farewell, {name}")


if __name__ == "__main__":
    app()
