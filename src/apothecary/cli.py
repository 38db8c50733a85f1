"""Thin Click layer: parse options, call the library, print, map errors to exit codes."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ApothecaryError

F = TypeVar("F", bound=Callable[..., Any])


def debugging() -> bool:
    """APOTHECARY_DEBUG=1: after the usual `Error:` line, the traceback (the error re-raised)."""
    return os.environ.get("APOTHECARY_DEBUG", "") not in ("", "0")


def domain_errors(func: F) -> F:
    """Turn library errors into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ApothecaryError as exc:
            if debugging():
                click.echo(f"Error: {exc}", err=True)
                raise
            raise click.ClickException(str(exc)) from exc
        except sqlite3.DatabaseError as exc:  # a knowledge-base file damaged after opening
            from .knowledge.default import invalidate_default

            invalidate_default()
            message = (f"knowledge base damaged ({exc}); the shipped one is compiled again on "
                       "the next run, a --kb file must be built or imported again")
            if debugging():
                click.echo(f"Error: {message}", err=True)
                raise
            raise click.ClickException(message) from exc

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


@kb.command("build")
@click.option("--sources", "sources_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the raw datasets (layout of ../shared/sources).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite file to write (replaced atomically).")
@click.option("--text", "text_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Also write the shipped text form (TSV) into this folder.")
@domain_errors
def kb_build(sources_dir: Path, out: Path, text_dir: Path | None) -> None:
    """Build the knowledge base from the raw source files in SOURCES."""
    from .knowledge.build import build_kb

    data = build_kb(sources_dir, out, text_dir)
    click.echo(f"{out}: {len(data.drugs)} drugs, {len(data.names)} names, "
               f"{len(data.facts)} facts")
    if text_dir is not None:
        click.echo(f"text form written to {text_dir}")


@kb.group("import")
def kb_import() -> None:
    """Import facts from other sources into a knowledge-base file."""


@kb_import.command("openfda")
@click.argument("files", nargs=-1, required=True, metavar="FILE...",
                type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Knowledge-base SQLite file to write (replaced atomically).")
@click.option("--report", "report", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write a JSON report: every label used, every record "
                                 "skipped with its reason.")
@click.option("--kb", "kb_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Base knowledge base (default: the one shipped with apothecary).")
@domain_errors
def kb_import_openfda(files: tuple[Path, ...], out: Path, report: Path | None,
                      kb_path: Path | None) -> None:
    """Add US FDA label facts from openFDA drug/label FILEs (.json.zip parts, .json, JSON Lines).

    One label per medicine (README "US FDA labels"); imported labels replace the base's
    label facts for the same medicine. Exit status 0 whenever every FILE could be read.
    """
    from .knowledge.importer import import_openfda, summary

    sel = import_openfda(list(files), out, kb_path, report)
    click.echo(f"{out}: {summary(sel)}")


@kb.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@kb_option
@domain_errors
def kb_stats(as_json: bool, kb_path: Path | None) -> None:
    """Print coverage by fact kind and by source, with each source's licence."""
    import json

    from .knowledge.default import open_kb
    from .knowledge.report import format_stats, stats

    st = stats(open_kb(kb_path))
    click.echo(json.dumps(st, ensure_ascii=False, indent=1) if as_json else format_stats(st))


@kb.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@kb_option
@domain_errors
def kb_show(name: str, as_json: bool, kb_path: Path | None) -> None:
    """Print everything known about the drug NAME (any known spelling or id), with sources.

    An ambiguous NAME lists the drugs it could be; an unknown one is an error.
    """
    import json

    from .knowledge.default import open_kb
    from .knowledge.report import format_show, show

    info = show(open_kb(kb_path), name)
    click.echo(json.dumps(info, ensure_ascii=False, indent=1) if as_json else format_show(info))


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array (see CONTRACT.md).")
@kb_option
@domain_errors
def resolve(file: Path, as_json: bool, kb_path: Path | None) -> None:
    """Resolve every entry of a generics list FILE to knowledge-base drugs.

    Each non-blank, non-comment line comes back in order as resolved, unresolved (with a
    reason and suggestions) or invalid. Exit status 0 whenever FILE could be read.
    """
    import json

    from .knowledge.default import open_kb
    from .names.parse import read_list
    from .names.report import entries_json, format_table
    from .names.resolve import Resolver

    items = read_list(file)
    entries = Resolver(open_kb(kb_path)).resolve_all(items)
    if as_json:
        click.echo(json.dumps(entries_json(entries), ensure_ascii=False, indent=1))
    else:
        click.echo(format_table(entries))


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from .render.common import FORMATS

    chosen = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (got {value!r})")
    return chosen


def llm_options(func: F) -> F:
    """The LLM writer's options of `build` (see README "LLM writer")."""
    options = [
        click.option("--llm-base-url", envvar="APOTHECARY_LLM_BASE_URL", metavar="URL",
                     help="--writer llm: base URL of an OpenAI-compatible API "
                          "(e.g. http://localhost:11434/v1). Key: APOTHECARY_LLM_API_KEY."),
        click.option("--llm-model", envvar="APOTHECARY_LLM_MODEL", metavar="NAME",
                     help="--writer llm: model name as the endpoint knows it."),
        click.option("--llm-concurrency", type=click.IntRange(1, 256), default=4,
                     show_default=True, help="Requests in flight at once."),
        click.option("--llm-rpm", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="Requests per minute at most (default: no limit)."),
        click.option("--llm-tpm", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="Tokens per minute at most (default: no limit)."),
        click.option("--llm-timeout", type=click.FloatRange(min=0, min_open=True),
                     default=120.0, show_default=True, help="Seconds per request."),
        click.option("--llm-max-attempts", type=click.IntRange(1, 20), default=4,
                     show_default=True,
                     help="Attempts per page before it falls back to the template writer."),
        click.option("--llm-deadline", type=click.FloatRange(min=0), default=3600.0,
                     show_default=True, metavar="SECONDS",
                     help="Time for all of the build's requests; pages not written by then "
                          "fall back to the template writer (0: no limit)."),
        click.option("--llm-retry-failed", is_flag=True,
                     help="Ask again for pages whose cached answer was refused or failed "
                          "the checks (by default a re-run with unchanged facts does not)."),
        click.option("--llm-cache", type=click.Path(file_okay=False, path_type=Path),
                     default=None,
                     help="Answer cache folder (default: llm/ in $APOTHECARY_CACHE_DIR "
                     "or ~/.cache/apothecary)."),
        click.option("--no-llm-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--claims", type=click.Choice(["strict", "lenient"]), default="strict",
                     show_default=True,
                     help="strict: remove LLM sentences no fact supports; lenient: keep them "
                          "marked unverified."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              metavar="DIR", help="Folder to build the site into (replaced atomically).")
@click.option("--format", "formats", default="html,jekyll,json", show_default=True,
              callback=_formats, help="Comma-separated outputs: html, jekyll, json.")
@click.option("--writer", "writer_name", type=click.Choice(["template", "llm"]),
              default="template", show_default=True, help="Who writes the pages.")
@click.option("--licenses", "--licences", "licences", type=click.Choice(["all", "commercial"]),
              default="all", show_default=True,
              help="commercial: only open-licence sources (no non-commercial or unverified).")
@click.option("--layout", default="default", show_default=True,
              help="Jekyll layout named in each page's front matter.")
@click.option("--base-url", default=None, metavar="URL",
              help="The site's public address: adds canonical links and sitemap.xml.")
@click.option("--keep-urls", "keep_urls", default=None, metavar="DIR",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Existing Jekyll pages folder: reuse its paths for the same ingredient set "
                   "and redirect merged duplicates (url_map in build-report.json).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes writing and rendering pages (template writer). "
                   "[default: one per CPU core]")
@click.option("--allow-shrink", is_flag=True,
              help="Replace a site even when the new one has less than half its pages.")
@click.option("--brands", "brands_path", default=None, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with 'brand' and 'composition' columns: each brand is listed on, and "
                   "finds, the page of exactly its ingredient set.")
@click.option("--api-v1", "api_v1", is_flag=True,
              help="Also write the JSON API's version 1 (api/v1/, every text inline) beside "
                   "version 4, for consumers that still read it.")
@click.option("--api-v2", "api_v2", is_flag=True,
              help="Also write the JSON API's version 2 (api/v2/, a list of objects as "
                   "objects, every text in texts.json) beside version 4.")
@click.option("--api-v3", "api_v3", is_flag=True,
              help="Also write the JSON API's version 3 (api/v3/, tables, shared texts as "
                   "[id]) beside version 4.")
@llm_options
@kb_option
@domain_errors
def build(file: Path, out_dir: Path, formats: tuple[str, ...], writer_name: str,
          licences: str, layout: str, base_url: str | None, keep_urls: Path | None,
          jobs: int | None, allow_shrink: bool, brands_path: Path | None, api_v1: bool,
          api_v2: bool, api_v3: bool,
          kb_path: Path | None, **llm: Any) -> None:
    """Build the site for the generics list FILE into DIR (--out), with DIR/build-report.json.

    One page per distinct ingredient set; unresolved and invalid lines get no page and
    are listed in the report. Unchanged pages are not rewritten.
    """
    import time

    from .knowledge.default import open_kb
    from .models import LicenceClass
    from .progress import BuildProgress, summary
    from .render.jsonld import normalize_base_url
    from .site.pipeline import build_from_list, make_writer

    start = time.perf_counter()
    try:
        base_url = normalize_base_url(base_url)
    except ApothecaryError as exc:
        raise click.ClickException(f"--base-url: {exc}") from exc
    allowed = {LicenceClass.OPEN} if licences == "commercial" else None
    knowledge = open_kb(kb_path, allowed)
    settings = None
    if writer_name == "llm":
        from .writers.llm import settings_from_options

        if not llm.get("llm_base_url") or not llm.get("llm_model"):
            raise click.ClickException(
                "--writer llm needs --llm-base-url URL and --llm-model NAME "
                "(or APOTHECARY_LLM_BASE_URL and APOTHECARY_LLM_MODEL)")
        try:
            settings = settings_from_options(llm)
        except ApothecaryError as exc:
            raise click.ClickException(f"--llm-base-url: {exc}") from exc
    writer = make_writer(writer_name, knowledge, settings)
    with BuildProgress(usage=writer.usage) as progress, _shrink_hint():
        if keep_urls is not None:
            from .audit.urls import build_keeping_urls

            if brands_path is not None:
                raise click.UsageError("--brands cannot be combined with --keep-urls yet")
            report = build_keeping_urls(file, knowledge, out_dir, keep_urls, formats, writer,
                                        layout=layout, progress=progress, base_url=base_url,
                                        jobs=jobs, allow_shrink=allow_shrink,
                                        api_v1=api_v1, api_v2=api_v2, api_v3=api_v3)
        else:
            report = build_from_list(file, knowledge, out_dir, formats, writer, layout=layout,
                                     progress=progress, base_url=base_url, jobs=jobs,
                                     allow_shrink=allow_shrink, brands_path=brands_path,
                                     api_v1=api_v1, api_v2=api_v2, api_v3=api_v3)
    for line in summary(report, time.perf_counter() - start, str(out_dir)):
        click.echo(line)
    if isinstance(report.get("search"), dict):
        click.echo(report["search"]["message"])


@contextlib.contextmanager
def _shrink_hint() -> Iterator[None]:
    """The library says the site would shrink; the command names the flag that allows it."""
    from .errors import ShrinkError

    try:
        yield
    except ShrinkError as exc:
        raise click.ClickException(f"{exc}. Use --allow-shrink if this is intended") from exc


@cli.command()
@click.argument("site", type=click.Path(path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1.")
@domain_errors
def serve(site: Path, port: int) -> None:
    """Serve the built site SITE on http://127.0.0.1:PORT/ until stopped (Ctrl+C)."""
    from .serve import make_server

    try:
        server = make_server(site, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    click.echo(f"Serving {site} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.argument("folder", metavar="DIR",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see CONTRACT.md).")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write a self-contained HTML report to this file.")
@kb_option
@domain_errors
def audit(folder: Path, as_json: bool, html_file: Path | None, kb_path: Path | None) -> None:
    """Find what is wrong in the published markdown pages below DIR.

    Checks every .md page (bold-label or '### Heading' sections) for refusals,
    unresolved names, duplicates, unsupported claims, outdated pregnancy categories,
    missing sections and missing notes. Exit status 0 whenever DIR could be read.
    """
    import json

    from .audit.report import audit_dir, render_html, report_dict, summary_lines
    from .knowledge.default import open_kb

    skipped: list[tuple[str, str]] = []
    report = report_dict(audit_dir(folder, open_kb(kb_path), skipped=skipped), skipped)
    if html_file is not None:
        try:
            html_file.write_text(render_html(report, f"Audit of {folder.name or folder}"),
                                 encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {html_file}: {exc.strerror}") from exc
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for line in summary_lines(report):
            click.echo(line)
        if html_file is not None:
            click.echo(f"HTML report: {html_file}")
