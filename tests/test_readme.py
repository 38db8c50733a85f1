"""The README cannot drift: its generated parts match the code (cog), and every command
and option is described in its prose, not only in the generated reference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from apothecary.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
GENERATED = re.compile(r"\]\]\] -->\n.*?<!-- \[\[\[end\]\]\] -->", re.S)


def commands(cmd: click.Command = cli, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    yield path, cmd
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            assert sub is not None
            yield from commands(sub, (*path, name))


def prose() -> str:
    """The README without cog's generated output (the --help reference, the KB figures)."""
    return GENERATED.sub("", README.read_text(encoding="utf-8"))


def test_the_generated_parts_are_cut_out() -> None:
    text = prose()
    assert "Usage: apothecary" not in text  # the --help reference is generated
    assert "## Command reference" in text and "[[[cog" in text


@pytest.mark.parametrize("path,cmd", list(commands()), ids=lambda v: " ".join(v)
                         if isinstance(v, tuple) else "")
def test_every_command_and_option_is_described(path: tuple[str, ...], cmd: click.Command
                                               ) -> None:
    text = prose()
    name = " ".join(("apothecary", *path))
    assert f"`{name}" in text, f"{name} is not described in README.md"
    for param in cmd.params:
        for opt in [*param.opts, *param.secondary_opts]:
            if opt.startswith("--"):
                assert re.search(re.escape(opt) + r"(?![\w-])", text), (
                    f"{name} {opt} is not described in README.md")


def test_the_generated_parts_are_up_to_date() -> None:
    """What `cog --check README.md` checks in scripts/test, here too (cog -r README.md fixes)."""
    cogapp = pytest.importorskip("cogapp")
    code = cogapp.Cog().main(["cog", "--check", str(README)])
    assert code == 0, "README.md is stale: run cog -r README.md"
