"""Benchmark: how SHACL validation time grows with the size of a contributed dataset.

Builds synthetic datasets shaped like `kg build` output (one named graph per article:
article, actors, talks and visits with evidence, declarations adopted at them), of about
10k, 100k and 1M triples, and validates each whole (one union graph) and per named graph.
Prints a table of seconds and triples per second.

    python benchmarks/bench_validate.py                 # 10k and 100k
    python benchmarks/bench_validate.py --sizes 10000 100000 1000000
    python benchmarks/bench_validate.py --modes per-graph --sizes 1000000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from diplokg.namespaces import DEFAULT_BASE, DIP, OA, PREFIXES, SCHEMA, WD
from diplokg.validation import validate_graph

EVENT_KINDS = ("Talks", "Visit", "Meeting", "Summit", "PhoneCall")
DECLARATION_KINDS = ("JointStatement", "Statement", "Directive", "Request", "Agreement", "Demand")
STATUSES = ("Held", "Planned", "Proposed", "Cancelled")


def add_article(dataset: Dataset, n: int) -> None:
    """One article's named graph: about 120 triples, the size of a typical news story."""
    h = f"{n:016x}"
    graph = dataset.graph(URIRef(f"{DEFAULT_BASE}graph/{h}"))
    article = URIRef(f"{DEFAULT_BASE}article/{h}")
    text_length = 2400
    add = graph.add
    add((article, RDF.type, DIP.Article))
    add((article, SCHEMA.headline, Literal(f"Ministers meet, story {n}")))
    add((article, SCHEMA.datePublished, Literal("2016-12-30", datatype=XSD.date)))
    add((article, DIP.textLength, Literal(text_length, datatype=XSD.integer)))
    actors = []
    for k in range(6):
        # Shared across articles, as linked actors are; the kind follows the QID so the
        # union of all graphs stays consistent too.
        qid = 1000 + 2 * ((n * 3 + k) % 2500) + k % 2
        actor = WD[f"Q{qid}"]
        actors.append(actor)
        add((actor, RDF.type, DIP.Person if qid % 2 else DIP.State))
        if not qid % 2:
            add((actor, RDF.type, DIP.Place))
        add((actor, RDFS.label, Literal(f"Actor {k} of {n}")))
        add((actor, DIP.reportedIn, article))

    def evidence(start: int) -> URIRef:
        node = URIRef(f"{DEFAULT_BASE}evidence/{h}/{start}-{start + 20}")
        add((node, RDF.type, OA.TextQuoteSelector))
        add((node, RDF.type, OA.TextPositionSelector))
        add((node, OA.exact, Literal("x" * 20)))
        add((node, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        add((node, OA.end, Literal(start + 20, datatype=XSD.nonNegativeInteger)))
        add((node, DIP.inArticle, article))
        return node

    for e in range(3):
        event = URIRef(f"{DEFAULT_BASE}event/{h}/e{e}")
        add((event, RDF.type, DIP[EVENT_KINDS[(n + e) % len(EVENT_KINDS)]]))
        add((event, DIP.status, DIP[STATUSES[(n + e) % len(STATUSES)]]))
        add((event, DIP.participant, actors[e]))
        add((event, DIP.participant, actors[e + 1]))
        add((event, DIP.location, actors[0]))
        add((event, DIP.date, Literal("2016-12", datatype=XSD.gYearMonth)))
        add((event, DIP.earliestDate, Literal("2016-12-01", datatype=XSD.date)))
        add((event, DIP.latestDate, Literal("2016-12-31", datatype=XSD.date)))
        add((event, DIP.evidence, evidence(100 * e)))
        add((event, DIP.reportedIn, article))
    for d in range(3):
        decl = URIRef(f"{DEFAULT_BASE}declaration/{h}/d{d}")
        add((decl, RDF.type, DIP[DECLARATION_KINDS[(n + d) % len(DECLARATION_KINDS)]]))
        add((decl, DIP.declaredBy, actors[d + 2]))
        add((decl, DIP.addressee, actors[d]))
        add((decl, DIP.adoptedAt, URIRef(f"{DEFAULT_BASE}event/{h}/e{d}")))
        topic = URIRef(f"{DEFAULT_BASE}topic/topic-{d}")
        add((topic, RDF.type, SKOS.Concept))
        add((topic, SKOS.prefLabel, Literal(f"topic {d}")))
        add((decl, DIP.about, topic))
        add((decl, DIP.date, Literal("2016-12-30", datatype=XSD.date)))
        add((decl, DIP.evidence, evidence(1000 + 100 * d)))
        add((decl, DIP.reportedIn, article))


def build_dataset(triples: int) -> Dataset:
    """A dataset of about ``triples`` triples, one named graph per synthetic article."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    n = 0
    while len(dataset) < triples:
        add_article(dataset, n)
        n += 1
    return dataset


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--modes", nargs="+", choices=["whole", "per-graph"], default=["whole", "per-graph"]
    )
    args = parser.parse_args(argv)
    validate_graph(build_dataset(200))  # warm up: shapes parsed and compiled once
    rows = []
    for size in args.sizes:
        started = time.perf_counter()
        dataset = build_dataset(size)
        built = time.perf_counter() - started
        count = len(dataset)
        graphs = sum(1 for g in dataset.graphs() if len(g))
        for mode in args.modes:
            started = time.perf_counter()
            report = validate_graph(dataset, per_graph=(mode == "per-graph"))
            seconds = time.perf_counter() - started
            rows.append((count, graphs, mode, seconds, count / seconds, report.conforms))
            print(
                f"  {count:>9} triples, {graphs:>6} graphs, {mode:<9}: {seconds:8.1f} s "
                f"({count / seconds:8.0f} triples/s; built in {built:.1f} s; "
                f"conforms={report.conforms}, {len(report.results)} results)",
                flush=True,
            )
    print()
    print(f"{'triples':>9} {'graphs':>7} {'mode':<9} {'seconds':>9} {'triples/s':>10} conforms")
    for count, graphs, mode, seconds, rate, conforms in rows:
        print(f"{count:>9} {graphs:>7} {mode:<9} {seconds:>9.1f} {rate:>10.0f} {conforms}")


if __name__ == "__main__":
    main()
