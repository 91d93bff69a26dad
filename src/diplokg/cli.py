"""The ``kg`` command line: a thin typer layer over the library.

Each ``*_command`` declares options, calls one library function, renders its result and
maps errors to exit codes. Exit codes (DESIGN.md): 0 success; 1 some data does not
conform to the shapes; 2 usage error or unusable input; 3 a failure outside the data
(store or network unreachable, partial load); 130 interrupted. The highest applicable wins.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from diplokg.errors import DiplokgError, UsageError
from diplokg.settings import Settings

DEFAULT_FORMATS = ("turtle", "json-ld", "trig")

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


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[Any], None]]:
    """A rich progress bar with rate and ETA on a terminal; silent otherwise."""
    if quiet or not sys.stderr.isatty():
        yield lambda _outcome: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("building", total=None, rate="")

        def advance(_outcome: Any) -> None:
            bar.advance(task)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:.1f} articles/s" if speed else "")

        yield advance


# ---- commands -------------------------------------------------------------------------
# Each command below forwards to a library function; keep them short.


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--published {value!r} is not a date like 2016-12-30") from exc


_PublishedOpt = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
    typer.Option(help="Publication date (YYYY-MM-DD); overrides the article's header."),
]
_SpacyModelOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--spacy-model", help="spaCy pipeline to load (env DIPLOKG_SPACY_MODEL)."),
]
_OnlineOpt = Annotated[bool, typer.Option(help="Also link through Wikidata's API.")]
_StoreOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--store", help="Embedded store folder (default ./kg-store)."),
]
_EndpointOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(help="Base URL of a SPARQL 1.1 server, dataset or repository (see --server)."),
]


def _load_and_close(out: Path, graph_store: Any) -> Any:
    """Load a build into a store (``kg load`` and ``kg build --load``), then close it."""
    from diplokg.stores import load_output

    try:
        return load_output(out, graph_store)
    finally:
        graph_store.close()


def _echo_loaded(result: Any, target: object) -> None:
    typer.echo(
        f"loaded {result.graphs} article graphs ({result.triples} triples) into {target} in "
        f"{result.seconds:.1f} s ({result.triples_per_second:,.0f} triples/s)"
    )


@app.command("build")
def build_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Article files (text, HTML), URLs, record JSON files, folders or globs."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("kg-out"),
    formats: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Option("--format", "-f", help="turtle, json-ld, nt, trig or nquads; repeatable."),
    ] = None,
    published: _PublishedOpt = None,
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Base IRI for minted identifiers."),
    ] = None,
    spacy_model: _SpacyModelOpt = None,
    online: _OnlineOpt = False,
    shapes: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="SHACL shapes to validate with (default: the bundled shapes)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Warnings and skipped inputs count as failures.")
    ] = False,
    fail_fast: Annotated[bool, typer.Option(help="Stop at the first unusable input.")] = False,
    force: Annotated[bool, typer.Option(help="Rebuild even unchanged articles.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.")] = 1,
    scheduler: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Dask scheduler address (tcp://host:port) to build on a cluster."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
    load: Annotated[
        bool, typer.Option(help="Then load the build into --store (default) or --endpoint.")
    ] = False,
    store: _StoreOpt = None,
    endpoint: _EndpointOpt = None,
) -> None:
    """Build RDF from articles or records into OUT/<stem>/, with all.nq and a manifest."""
    from diplokg.pipeline import BuildOptions, build

    def action() -> int:
        settings = Settings.from_env(base=base, spacy_model=spacy_model, online=online or None)
        options = BuildOptions(
            out=out,
            formats=tuple(formats) if formats else DEFAULT_FORMATS,
            published=_parse_date(published),
            settings=settings,
            shapes=shapes,
            strict=strict,
            fail_fast=fail_fast,
            force=force,
            jobs=jobs,
            scheduler=scheduler,
        )
        with _progress(quiet) as advance:
            result = build(inputs, options, progress=advance)
        for outcome in result.outcomes:
            if outcome.status == "skipped":
                typer.echo(f"skipped {outcome.source}: {outcome.error}", err=True)
            if outcome.network_error:
                typer.echo(f"warning: {outcome.stem}: {outcome.network_error}", err=True)
            elif outcome.report and not quiet:
                typer.echo(f"{outcome.stem}: {outcome.report}", err=True)
        typer.echo(
            f"{len(result.outcomes)} inputs: {result.count('built')} built, "
            f"{result.count('unchanged')} unchanged, {result.count('nonconforming')} not "
            f"conforming to the shapes, {result.count('skipped')} skipped -> {out}"
        )
        if load or store or endpoint:
            from diplokg.stores import credentials_from_settings, open_store

            graph_store = open_store(
                store, endpoint, credentials=credentials_from_settings(settings)
            )
            _echo_loaded(_load_and_close(out, graph_store), endpoint or store or "kg-store")
        return result.exit_code

    code = run(action)
    if code:
        raise typer.Exit(code)


@app.command("extract")
def extract_command(
    article: Annotated[str, typer.Argument(help="An article file (text, HTML) or URL.")],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", "-o", help="Write the record here instead of stdout."),
    ] = None,
    published: _PublishedOpt = None,
    spacy_model: _SpacyModelOpt = None,
    online: _OnlineOpt = False,
) -> None:
    """Extract a reviewable JSON record (actors, events, declarations) from one article."""
    from diplokg.pipeline import extract_article
    from diplokg.recordfile import dump_record, write_record

    def action() -> None:
        settings = Settings.from_env(spacy_model=spacy_model, online=online or None)
        record = extract_article(article, _parse_date(published), settings)
        source = Path(article)
        if source.suffix.lower() == ".json":  # a record: its article sits beside it
            source = source.parent / record.article
        if source.is_file():
            # Point the record at its article from where the record will live, so a
            # reviewer's edited record builds with its evidence checked against the text.
            home = (out.parent if out is not None else Path.cwd()).resolve()
            record = replace(record, article=os.path.relpath(source.resolve(), home))
        if out is None:
            typer.echo(dump_record(record), nl=False)
        else:
            write_record(record, out)

    run(action)


@app.command("eval")
def eval_command(
    out: Annotated[Path, typer.Argument(help="A `kg build` output folder.")],
    gold: Annotated[Path, typer.Argument(help="A gold .json file or a folder of them.")],
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"overall": ..., "per_article": ...}.')
    ] = False,
) -> None:
    """Score a build against gold annotations (the DESIGN.md evaluation protocol)."""
    import json

    from diplokg.evaluation import evaluate

    result = run(lambda: evaluate(out, gold))
    typer.echo(json.dumps(result.to_json(), indent=2) if as_json else result.to_text())


# ---- kg load / kg query (stores) ------------------------------------------------------

_ServerOpt = Annotated[
    str,
    typer.Option(help="URL preset: oxigraph, fuseki, graphdb, rdf4j, virtuoso or generic."),
]
_UrlOpt = Annotated[Optional[str], typer.Option()]  # noqa: UP045
_TimeoutOpt = Annotated[float, typer.Option(help="Seconds per HTTP request.")]


@app.command("load")
def load_command(
    out: Annotated[
        Path,
        typer.Argument(
            help="A `kg build` output folder (all.nq or <stem>/<stem>.trig), or a .nq/.trig file."
        ),
    ],
    store: _StoreOpt = None,
    endpoint: _EndpointOpt = None,
    server: _ServerOpt = "oxigraph",
    query_url: _UrlOpt = None,
    update_url: _UrlOpt = None,
    gsp_url: _UrlOpt = None,
    method: Annotated[
        str, typer.Option(help="Server load method: auto, gsp, update or bulk.")
    ] = "auto",
    timeout: _TimeoutOpt = 60.0,
) -> None:
    """Load a build into the embedded store or a SPARQL server, one named graph per article.

    Each article's graph replaces the stored one, so reloading is idempotent. Server
    credentials come from DIPLOKG_STORE_USER / DIPLOKG_STORE_PASSWORD or ~/.netrc.
    """
    from diplokg.stores import HttpStore, LoadResult, credentials_from_settings
    from diplokg.stores import open_store as open_graph_store

    def action() -> tuple[LoadResult, str | None]:
        graph_store = open_graph_store(
            store,
            endpoint,
            server=server,
            query_url=query_url,
            update_url=update_url,
            gsp_url=gsp_url,
            credentials=credentials_from_settings(Settings.from_env()),
            method=method,
            timeout=timeout,
        )
        result = _load_and_close(out, graph_store)
        note = graph_store.fallback_reason if isinstance(graph_store, HttpStore) else None
        return result, note

    result, note = run(action)
    if note:
        typer.echo(f"note: loaded through the Graph Store Protocol; {note}", err=True)
    _echo_loaded(result, endpoint or query_url or store or "kg-store")


@app.command("query")
def query_command(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or a .rq file holding one.")],
    store: _StoreOpt = None,
    endpoint: _EndpointOpt = None,
    server: _ServerOpt = "oxigraph",
    query_url: _UrlOpt = None,
    output_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            help="table, csv or json for SELECT/ASK; turtle for CONSTRUCT/DESCRIBE "
            "[default: table, or turtle for a graph].",
        ),
    ] = None,
    timeout: _TimeoutOpt = 60.0,
) -> None:
    """Query the embedded store or a SPARQL server; match data with GRAPH ?g { ... }."""
    from rich.console import Console

    from diplokg.stores import credentials_from_settings, read_query, render_result, run_query
    from diplokg.stores import open_store as open_graph_store

    def action() -> object:
        graph_store = open_graph_store(
            store,
            endpoint,
            server=server,
            query_url=query_url,
            credentials=credentials_from_settings(Settings.from_env()),
            timeout=timeout,
            create=False,
        )
        try:
            return render_result(run_query(graph_store, read_query(sparql)), output_format)
        finally:
            graph_store.close()

    rendered = run(action)
    if isinstance(rendered, str):
        typer.echo(rendered, nl=False)
    else:
        Console().print(rendered)


@app.command("validate")
def validate_command(
    data: Annotated[
        list[str],
        typer.Argument(help="RDF files, record JSON files, folders, or '-' for stdin."),
    ],
    shapes: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="A SHACL shapes file instead of the bundled shapes."),
    ] = None,
    report_format: Annotated[
        str, typer.Option("--format", help="Report as text, json or turtle (sh:ValidationReport).")
    ] = "text",
    input_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--input-format",
            help="turtle, trig, nt, nquads, json-ld, xml or record; by extension if not given.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Warnings count as failures (exit 1).")] = False,
    max_size: Annotated[
        int, typer.Option("--max-size", help="Refuse inputs larger than this many MiB.")
    ] = 256,
) -> None:
    """Check contributed RDF or records against the shapes, safely; report what to fix.

    Nothing is fetched: remote JSON-LD contexts and owl:imports are refused or ignored,
    RDF/XML with a DTD is refused. Exit 0 conforms, 1 violations (or warnings with
    --strict), 2 unusable input; the highest applicable wins.
    """
    from diplokg.validation import validate_paths

    def action() -> int:
        if report_format not in ("text", "json", "turtle"):
            raise UsageError(f"--format must be text, json or turtle, not {report_format!r}")
        outcome = validate_paths(
            data,
            shapes,
            input_format,
            strict,
            stdin=sys.stdin.buffer,
            max_bytes=max_size * 1024 * 1024,
        )
        rendered = {
            "text": outcome.to_text,
            "json": outcome.to_json,
            "turtle": outcome.to_turtle,
        }[report_format]()
        typer.echo(rendered, nl=False)
        return outcome.exit_code

    code = run(action)
    if code:
        raise typer.Exit(code)
