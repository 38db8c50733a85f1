"""Thin Click layer: parse options, call the library, print, map errors to exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ApothecaryError

F = TypeVar("F", bound=Callable[..., Any])


def domain_errors(func: F) -> F:
    """Turn library errors into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ApothecaryError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


kb_option = click.option(
    "--kb",
    "kb_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Knowledge-base SQLite file (default: the one shipped with apothecary).",
)


@click.group()
@click.version_option(__version__, prog_name="apothecary")
def cli() -> None:
    """Turn a list of generic medicines into a sourced drug-information website."""


@cli.group()
def kb() -> None:
    """Build and inspect the knowledge base of sourced facts."""
