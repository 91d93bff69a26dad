"""``kg load``: read a build's named graphs, check them locally, replace them in a store.

Every input file is parsed in full by pyoxigraph before anything is sent, so a file with
a syntax error loads nothing and a store never receives half an article. Then each
article graph goes to the store whole, with replace semantics.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse
from pyoxigraph import Literal as RdfLiteral

from diplokg.errors import InputError, RDFSyntaxError
from diplokg.stores.base import ArticleGraph, GraphStore

__all__ = [
    "LoadResult",
    "RDFFileSummary",
    "check_rdf_file",
    "find_load_files",
    "load_output",
    "read_article_graphs",
]

_FORMATS = {
    ".nq": RdfFormat.N_QUADS,
    ".nquads": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
}
_SCHEMA_URL = NamedNode("http://schema.org/url")


@dataclass(frozen=True)
class LoadResult:
    """What a load did.

    Attributes:
        graphs: Article graphs replaced.
        triples: Triples sent.
        seconds: Wall time of checking and loading.
        files: The files read.
    """

    graphs: int
    triples: int
    seconds: float
    files: tuple[Path, ...]

    @property
    def triples_per_second(self) -> float:
        """Load rate, checking included."""
        return self.triples / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class RDFFileSummary:
    """What the local check of one file found.

    Attributes:
        path: The file.
        graphs: Graph IRIs in order of first appearance.
        triples: Number of quads.
        contiguous: Whether each graph's quads come in one run (``kg build`` writes them
            so); other files are grouped in memory before loading.
    """

    path: Path
    graphs: tuple[str, ...]
    triples: int
    contiguous: bool


def find_load_files(out: Path) -> list[Path]:
    """The files ``kg load OUT`` reads.

    ``OUT/all.nq`` when it exists (every article of a build); else each
    ``OUT/<stem>/<stem>.trig``; else every ``.nq``/``.trig`` directly in ``OUT``. A file
    path is taken as it is.

    Raises:
        InputError: Nothing loadable there.
    """
    if out.is_file():
        if out.suffix.lower() not in _FORMATS:
            raise InputError(
                f"{out}: kg load reads N-Quads (.nq) or TriG (.trig), where each article "
                "is a named graph; export with `kg build --format nquads` or `--format trig`"
            )
        return [out]
    if not out.is_dir():
        raise InputError(f"{out} does not exist; give a `kg build` output folder or a file")
    combined = out / "all.nq"
    if combined.is_file():
        return [combined]
    per_article = sorted(
        sub / f"{sub.name}.trig" for sub in out.iterdir() if (sub / f"{sub.name}.trig").is_file()
    )
    if per_article:
        return per_article
    loose = sorted(p for p in out.iterdir() if p.is_file() and p.suffix.lower() in _FORMATS)
    if loose:
        return loose
    raise InputError(
        f"nothing to load in {out}: no all.nq, no <stem>/<stem>.trig and no .nq/.trig file; "
        "run `kg build` first"
    )


def _format_of(path: Path) -> RdfFormat:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: not N-Quads (.nq) or TriG (.trig)")
    return fmt


def _quads(path: Path) -> Iterator[Quad]:
    """Parse a file strictly, translating pyoxigraph's errors to ours."""
    try:
        yield from parse(path=path, format=_format_of(path), rename_blank_nodes=True)
    except SyntaxError as exc:
        raise RDFSyntaxError(f"{path}: {exc.msg}; nothing from this file was loaded") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def check_rdf_file(path: Path) -> RDFFileSummary:
    """Parse ``path`` in full and check it can be loaded as article graphs.

    Raises:
        RDFSyntaxError: The file does not parse (the message gives line and column).
        InputError: A triple outside any named graph.
    """
    graphs: dict[str, None] = {}
    current: str | None = None
    contiguous = True
    count = 0
    for quad in _quads(path):
        count += 1
        name = quad.graph_name
        if isinstance(name, DefaultGraph) or not isinstance(name, NamedNode):
            raise InputError(
                f"{path}: a triple outside any named graph ({quad.triple}); kg load needs "
                "one named graph per article, as `kg build` writes it"
            )
        if name.value != current:
            if name.value in graphs:
                contiguous = False
            graphs[name.value] = None
            current = name.value
    return RDFFileSummary(path=path, graphs=tuple(graphs), triples=count, contiguous=contiguous)


def _label(path: Path, iri: str, quads: Sequence[Quad]) -> str:
    for quad in quads:
        value = quad.object
        if quad.predicate == _SCHEMA_URL and isinstance(value, NamedNode | RdfLiteral):
            return value.value
    if path.suffix.lower() == ".trig" and path.parent.name == path.stem:
        return str(path)
    return iri


def _graph_iri(quad: Quad) -> str:
    name = quad.graph_name
    # check_rdf_file has already refused quads outside a named graph.
    assert isinstance(name, NamedNode)
    return name.value


def read_article_graphs(summary: RDFFileSummary) -> Iterator[ArticleGraph]:
    """Yield each article graph of a checked file, whole."""
    path = summary.path
    if not summary.contiguous:
        grouped: dict[str, list[Quad]] = {iri: [] for iri in summary.graphs}
        for quad in _quads(path):
            grouped[_graph_iri(quad)].append(quad)
        for iri, quads in grouped.items():
            yield ArticleGraph(iri=iri, quads=tuple(quads), label=_label(path, iri, quads))
        return
    run: list[Quad] = []
    current: str | None = None
    for quad in _quads(path):
        name = _graph_iri(quad)
        if name != current and run:
            assert current is not None
            yield ArticleGraph(iri=current, quads=tuple(run), label=_label(path, current, run))
            run = []
        current = name
        run.append(quad)
    if run and current is not None:
        yield ArticleGraph(iri=current, quads=tuple(run), label=_label(path, current, run))


def load_output(out: Path, store: GraphStore) -> LoadResult:
    """Load a ``kg build`` output folder (or one .nq/.trig file) into ``store``.

    Each article's named graph replaces the store's graph of the same IRI: reloading the
    same build leaves the store unchanged, and an updated article changes only its graph.

    Raises:
        InputError: Nothing loadable, a file that cannot be read, or the same graph in two
            files.
        RDFSyntaxError: A file does not parse; nothing was sent.
        StoreError: The store cannot be reached or refused everything.
        PartialLoadError: Some graphs did not load; the error names them.
    """
    start = time.perf_counter()
    files = find_load_files(out)
    summaries = [check_rdf_file(path) for path in files]
    seen: dict[str, Path] = {}
    for summary in summaries:
        for iri in summary.graphs:
            if iri in seen:
                raise InputError(
                    f"graph <{iri}> is in both {seen[iri]} and {summary.path}; load one of "
                    "them (a later copy would replace the earlier one)"
                )
            seen[iri] = summary.path

    def all_graphs() -> Iterator[ArticleGraph]:
        for summary in summaries:
            yield from read_article_graphs(summary)

    store.replace_graphs(all_graphs())
    return LoadResult(
        graphs=len(seen),
        triples=sum(s.triples for s in summaries),
        seconds=time.perf_counter() - start,
        files=tuple(files),
    )
