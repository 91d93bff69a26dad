"""Build ``kg build``-shaped output folders from the hand-made article graphs."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

BASE = "https://w3id.org/diplokg/id/"
GRAPH_1 = f"{BASE}graph/02eb0965fde0b25d"
GRAPH_2 = f"{BASE}graph/160e8abdcfa129c4"
GRAPH_3 = f"{BASE}graph/6c6d9c7b74e76e4b"
HEADLINE = NamedNode("http://schema.org/headline")


def graphs_of(path: Path) -> dict[str, list[Quad]]:
    """The quads of each named graph in ``path``."""
    graphs: dict[str, list[Quad]] = {}
    for quad in parse(path=path):
        assert isinstance(quad.graph_name, NamedNode)
        graphs.setdefault(quad.graph_name.value, []).append(quad)
    return graphs


def write_all_nq(graphs: dict[str, list[Quad]], out: Path) -> Path:
    """Write ``OUT/all.nq`` as ``kg build`` does: graphs in IRI order, lines sorted."""
    out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for iri in sorted(graphs):
        data = serialize(graphs[iri], format=RdfFormat.N_QUADS) or b""
        lines += sorted(data.decode().splitlines(keepends=True))
    (out / "all.nq").write_text("".join(lines), encoding="utf-8")
    return out


def write_per_article(graphs: dict[str, list[Quad]], out: Path) -> Path:
    """Write ``OUT/<stem>/<stem>.trig`` for each graph."""
    for number, iri in enumerate(sorted(graphs), start=1):
        stem = f"article-{number}"
        (out / stem).mkdir(parents=True, exist_ok=True)
        data = serialize(graphs[iri], format=RdfFormat.TRIG) or b""
        (out / stem / f"{stem}.trig").write_bytes(data)
    return out


def with_new_headline(graphs: dict[str, list[Quad]], iri: str) -> dict[str, list[Quad]]:
    """A copy where graph ``iri`` has a new headline and one triple more."""
    changed = {key: list(quads) for key, quads in graphs.items()}
    article = next(q.subject for q in changed[iri] if q.predicate == HEADLINE)
    graph = NamedNode(iri)
    changed[iri] = [q for q in changed[iri] if q.predicate != HEADLINE] + [
        Quad(article, HEADLINE, Literal("Corrected headline"), graph),
        Quad(article, NamedNode("http://schema.org/alternativeHeadline"), Literal("Old"), graph),
    ]
    return changed
