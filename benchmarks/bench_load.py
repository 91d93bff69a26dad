"""Load ~1M triples of article graphs through `kg load` and compare with `oxigraph load`.

Generates synthetic but realistic article graphs (the diplokg RDF mapping: an article,
its actors, events, declarations and evidence selectors; ~190 triples each), written as a
`kg build` would write OUT/all.nq, then measures in the same run:

  (a) `kg load` library path into a running `oxigraph serve` (each load method),
  (b) `kg load` into the embedded on-disk store,
  (c) `oxigraph load` (the server's own bulk loader) into a fresh location,

plus a reload of the same build (replace semantics) for (a) and (b).

    python benchmarks/bench_load.py [--triples 1000000] [--methods bulk,update,gsp]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

from diplokg.stores import EmbeddedStore, HttpStore, endpoints_for, load_output

BASE = "https://w3id.org/diplokg/id/"
DIP = "https://w3id.org/diplokg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
EVENT_KINDS = ["Meeting", "Talks", "Summit", "Visit", "PhoneCall"]
DECLARATION_KINDS = ["JointStatement", "Statement", "Directive", "Request", "Agreement", "Demand"]
STATUSES = ["Held", "Planned", "Proposed", "Cancelled"]
ACTOR_KINDS = ["Person", "State", "GovernmentBody", "InternationalOrganization", "NonStateGroup"]
WORDS = [
    "talks",
    "ministers",
    "agreed",
    "ceasefire",
    "border",
    "trade",
    "visit",
    "summit",
    "sanctions",
    "envoy",
]


def _dip(name: str) -> str:
    return f"<{DIP}{name}>"


def article_lines(number: int, rnd: random.Random) -> list[str]:
    """The N-Quads lines of one synthetic article graph."""
    h = hashlib.sha256(f"https://news.example.org/{number}".encode()).hexdigest()[:16]
    graph = f"<{BASE}graph/{h}>"
    article = f"<{BASE}article/{h}>"
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} {graph} .\n")

    def text(n: int) -> str:
        return '"' + " ".join(rnd.choice(WORDS) for _ in range(n)) + '"'

    day = (
        f'"20{rnd.randint(10, 24)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"^^<{XSD}date>'
    )
    add(article, RDF_TYPE, _dip("Article"))
    add(article, "<http://schema.org/headline>", text(8))
    add(article, "<http://schema.org/datePublished>", day)
    add(article, "<http://schema.org/url>", f'"https://news.example.org/{number}"^^<{XSD}anyURI>')
    add(article, _dip("textLength"), f'"{rnd.randint(800, 6000)}"^^<{XSD}integer>')
    actors = []
    for _ in range(10):
        kind = rnd.choice(ACTOR_KINDS)
        if rnd.random() < 0.7:
            actor = f"<http://www.wikidata.org/entity/Q{rnd.randint(1, 200000)}>"
        else:
            actor = f"<{BASE}actor/{kind.lower()}/{'-'.join(rnd.sample(WORDS, 2))}>"
        actors.append(actor)
        add(actor, RDF_TYPE, _dip(kind))
        if kind == "State":
            add(actor, RDF_TYPE, _dip("Place"))
        add(actor, LABEL, text(2))
        if rnd.random() < 0.4:
            add(actor, "<http://www.w3.org/2004/02/skos/core#altLabel>", text(1))
        add(actor, _dip("reportedIn"), article)
    offset = 0

    def evidence(node: str) -> None:
        nonlocal offset
        start, offset = offset, offset + rnd.randint(30, 120)
        ev = f"<{BASE}evidence/{h}/{start}-{offset}>"
        add(node, _dip("evidence"), ev)
        add(ev, RDF_TYPE, "<http://www.w3.org/ns/oa#TextQuoteSelector>")
        add(ev, RDF_TYPE, "<http://www.w3.org/ns/oa#TextPositionSelector>")
        add(ev, "<http://www.w3.org/ns/oa#exact>", text(7))
        add(ev, "<http://www.w3.org/ns/oa#start>", f'"{start}"^^<{XSD}nonNegativeInteger>')
        add(ev, "<http://www.w3.org/ns/oa#end>", f'"{offset}"^^<{XSD}nonNegativeInteger>')
        add(ev, _dip("inArticle"), article)

    events = []
    for i in range(5):
        event = f"<{BASE}event/{h}/e{i + 1}>"
        events.append(event)
        add(event, RDF_TYPE, _dip(rnd.choice(EVENT_KINDS)))
        add(event, _dip("status"), _dip(rnd.choice(STATUSES)))
        for actor in rnd.sample(actors, 3):
            add(event, _dip("participant"), actor)
        add(event, _dip("location"), rnd.choice(actors))
        add(event, _dip("date"), day)
        evidence(event)
        add(event, _dip("reportedIn"), article)
    for i in range(4):
        declaration = f"<{BASE}declaration/{h}/d{i + 1}>"
        add(declaration, RDF_TYPE, _dip(rnd.choice(DECLARATION_KINDS)))
        add(declaration, _dip("declaredBy"), rnd.choice(actors))
        add(declaration, _dip("addressee"), rnd.choice(actors))
        add(declaration, _dip("about"), rnd.choice(events))
        add(declaration, _dip("date"), day)
        add(declaration, _dip("text"), text(12))
        evidence(declaration)
        add(declaration, _dip("reportedIn"), article)
    return sorted(set(lines))


def write_build(out: Path, target_triples: int) -> tuple[int, int]:
    """Write OUT/all.nq (graphs in IRI order, lines sorted); return (graphs, triples)."""
    rnd = random.Random(20240601)
    graphs: list[list[str]] = []
    triples = 0
    while triples < target_triples:
        lines = article_lines(len(graphs), rnd)
        graphs.append(lines)
        triples += len(lines)
    graphs.sort(key=lambda lines: lines[0].rsplit(" ", 2)[-2])
    out.mkdir(parents=True, exist_ok=True)
    with (out / "all.nq").open("w", encoding="utf-8") as handle:
        for lines in graphs:
            handle.writelines(lines)
    return len(graphs), triples


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.prefix) / "bin" / "oxigraph")
    if not Path(found).exists():
        raise SystemExit("the `oxigraph` binary is missing: pip install oxigraph")
    return found


def start_server(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
            return process, base
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("oxigraph serve did not start")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--methods", default="bulk,update,gsp", help="server load methods")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="diplokg-bench-"))
    try:
        out = work / "out"
        n_graphs, n_triples = write_build(out, args.triples)
        size = (out / "all.nq").stat().st_size / 1e6
        print(f"data: {n_graphs} article graphs, {n_triples} triples, all.nq {size:.0f} MB")
        rows: list[tuple[str, float]] = []

        location = work / "oxigraph-load"
        seconds = timed(
            lambda: subprocess.run(
                [
                    oxigraph_binary(),
                    "load",
                    "--location",
                    str(location),
                    "--file",
                    str(out / "all.nq"),
                ],
                check=True,
                capture_output=True,
            )
        )
        rows.append(("oxigraph load (CLI bulk loader, fresh location)", seconds))

        embedded = EmbeddedStore(work / "kg-store")
        rows.append(("kg load -> embedded store", timed(lambda: load_output(out, embedded))))
        rows.append(
            ("kg load -> embedded store, reload", timed(lambda: load_output(out, embedded)))
        )
        assert embedded.count() == n_triples
        embedded.close()

        for method in [m for m in args.methods.split(",") if m]:
            process, base = start_server(work / f"server-{method}")
            try:
                store = HttpStore(endpoints_for(base, "oxigraph"), method=method, timeout=600)
                rows.append(
                    (
                        f"kg load -> oxigraph serve, {method}",
                        timed(lambda store=store: load_output(out, store)),
                    )
                )
                if method == "bulk":
                    rows.append(
                        (
                            f"kg load -> oxigraph serve, {method}, reload",
                            timed(lambda store=store: load_output(out, store)),
                        )
                    )
                assert store.count() == n_triples, "server count differs"
                store.close()
            finally:
                process.terminate()
                process.wait()

        reference = rows[0][1]
        print(f"{'target':<48} {'seconds':>8} {'triples/s':>11} {'vs oxigraph load':>17}")
        for name, seconds in rows:
            rate = n_triples / seconds
            print(f"{name:<48} {seconds:>8.1f} {rate:>11,.0f} {reference / seconds:>16.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
