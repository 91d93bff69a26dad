"""The ``kg`` command line: a thin typer layer over the library.

Each ``*_command`` declares options, calls one library function, renders its result and
maps errors to exit codes. Exit codes (DESIGN.md): 0 success; 1 some data does not
conform to the shapes; 2 usage error or unusable input; 3 a failure outside the data
(store or network unreachable, partial load); 130 interrupted. The highest applicable wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from diplokg.errors import DiplokgError

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 data does not conform to the shapes; 2 usage error or "
    "unusable input; 3 failure outside the data (store or network unreachable, partial "
    "load); 130 interrupted. When several apply, the highest wins."
)

app = typer.Typer(
    name="kg",
    help="diplokg: news articles about diplomacy -> a linked-data knowledge graph.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

T = TypeVar("T")


def run(action: Callable[[], T]) -> T:
    """Run a library call, turning our errors and Ctrl-C into documented exit codes."""
    try:
        return action()
    except DiplokgError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None


# ---- commands -------------------------------------------------------------------------
# Each command below forwards to a library function; keep them short.
