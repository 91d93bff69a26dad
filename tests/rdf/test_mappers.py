"""Tests of the mappers: a golden graph for the example, and the contract's invariants."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from diplokg.errors import RecordError
from diplokg.namespaces import DEFAULT_BASE, DIP, OA, SCHEMA, WD
from diplokg.rdf import bind_prefixes, map_record, map_record_graph, map_record_into
from diplokg.rdf.iris import article_hash
from diplokg.rdf.mappers import (
    date_literal,
)
from diplokg.recordfile import read_record
from diplokg.records import Actor, Declaration, Event, Evidence, Record, Series, TimeValue

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "geneva-summit-2021.record.json"
GOLDEN = ROOT / "tests" / "golden" / "geneva-summit-2021.ttl"

EVENT_KINDS = {DIP.Meeting, DIP.Talks, DIP.Summit, DIP.Visit, DIP.PhoneCall}
DECLARATION_KINDS = {
    DIP.JointStatement,
    DIP.Statement,
    DIP.Directive,
    DIP.Request,
    DIP.Agreement,
    DIP.Demand,
}
DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}


@pytest.fixture(scope="module")
def example() -> Record:
    return read_record(EXAMPLE)[0]


@pytest.fixture(scope="module")
def example_graph(example: Record) -> Graph:
    return map_record_graph(example)[1]


def _sorted_nt(graph: Graph) -> str:
    lines = graph.serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip()))


def _readable_diff(expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    return (
        f"only in the golden file ({len(only_expected)}):\n{_sorted_nt(only_expected)}\n"
        f"only in the output ({len(only_actual)}):\n{_sorted_nt(only_actual)}\n"
        "(rerun with --update-goldens if the change is intended)"
    )


def test_map_record_graph_matches_golden(example_graph: Graph, update_goldens: bool) -> None:
    if update_goldens or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(example_graph.serialize(format="turtle", encoding="utf-8"))
        if not update_goldens:
            pytest.fail(f"{GOLDEN} was missing and has been written; review and rerun")
    expected = Graph().parse(GOLDEN, format="turtle")
    assert isomorphic(expected, example_graph), _readable_diff(expected, example_graph)


def test_map_record_graph_has_no_blank_nodes(example_graph: Graph) -> None:
    blank = [t for t in example_graph if any(isinstance(term, BNode) for term in t)]
    assert blank == []


def test_map_record_graph_names_graph_from_article_key(example: Record) -> None:
    name, graph = map_record_graph(example)
    h = article_hash(example.key)
    assert name == URIRef(f"{DEFAULT_BASE}graph/{h}")
    assert (URIRef(f"{DEFAULT_BASE}article/{h}"), RDF.type, DIP.Article) in graph


def test_map_record_graph_is_deterministic(example: Record) -> None:
    one = map_record_graph(example)[1].serialize(format="nt")
    two = map_record_graph(example)[1].serialize(format="nt")
    assert sorted(one.splitlines()) == sorted(two.splitlines())


def test_map_record_graph_iris_change_only_with_the_key(example: Record) -> None:
    moved = dataclasses.replace(example, article="elsewhere/geneva.txt")
    assert map_record_graph(moved)[0] == map_record_graph(example)[0]
    rekeyed = dataclasses.replace(example, key="https://example.org/another")
    name, _ = map_record_graph(rekeyed)
    assert name != map_record_graph(example)[0]
    assert str(name).endswith(article_hash("https://example.org/another"))


def test_map_record_graph_state_is_state_and_place(example_graph: Graph) -> None:
    russia = WD.Q159
    assert (russia, RDF.type, DIP.State) in example_graph
    assert (russia, RDF.type, DIP.Place) in example_graph


def test_map_record_graph_one_kind_per_event_and_declaration(example_graph: Graph) -> None:
    events = {s for s, _, _ in example_graph.triples((None, DIP.status, None))}
    declarations = {
        s
        for s in example_graph.subjects(RDF.type, None)
        if set(example_graph.objects(s, RDF.type)) & DECLARATION_KINDS
    }
    assert len(events) == 2 and len(declarations) == 3
    for node in events:
        assert set(example_graph.objects(node, RDF.type)) <= EVENT_KINDS
        assert len(set(example_graph.objects(node, RDF.type))) == 1
    for node in declarations:
        assert len(set(example_graph.objects(node, RDF.type))) == 1


def test_map_record_graph_every_event_and_declaration_has_evidence(example_graph: Graph) -> None:
    kinds = EVENT_KINDS | DECLARATION_KINDS
    items = {s for s, o in example_graph.subject_objects(RDF.type) if o in kinds}
    for node in items:
        spans = list(example_graph.objects(node, DIP.evidence))
        assert spans, node
        for span in spans:
            types = set(example_graph.objects(span, RDF.type))
            assert {OA.TextQuoteSelector, OA.TextPositionSelector} <= types
            start = example_graph.value(span, OA.start)
            end = example_graph.value(span, OA.end)
            assert isinstance(start, Literal) and start.datatype == XSD.nonNegativeInteger
            assert isinstance(end, Literal) and end.datatype == XSD.nonNegativeInteger
            assert example_graph.value(span, OA.exact) is not None
            assert example_graph.value(span, DIP.inArticle) is not None


def test_map_record_graph_evidence_exact_matches_article(
    example: Record, example_graph: Graph
) -> None:
    text = (EXAMPLE.parent / "geneva-summit-2021.txt").read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]
    for span in example_graph.subjects(RDF.type, OA.TextPositionSelector):
        start = int(example_graph.value(span, OA.start))  # type: ignore[arg-type]
        end = int(example_graph.value(span, OA.end))  # type: ignore[arg-type]
        assert str(example_graph.value(span, OA.exact)) == body[start:end]


def test_map_record_graph_article_metadata(example: Record, example_graph: Graph) -> None:
    article = URIRef(f"{DEFAULT_BASE}article/{article_hash(example.key)}")
    assert example_graph.value(article, SCHEMA.headline) == Literal(
        "Putin and Biden hold first summit in Geneva"
    )
    assert example_graph.value(article, SCHEMA.datePublished) == Literal(
        "2021-06-16", datatype=XSD.date
    )
    assert example_graph.value(article, DIP.dateline) == WD.Q71
    url = example_graph.value(article, SCHEMA.url)
    assert isinstance(url, Literal) and url.datatype == XSD.anyURI
    length = example_graph.value(article, DIP.textLength)
    assert isinstance(length, Literal) and length.datatype == XSD.integer
    assert int(length) == example.text_length
    publisher = example_graph.value(article, SCHEMA.publisher)
    assert publisher == URIRef(f"{DEFAULT_BASE}actor/mediaorganization/diplokg-examples")


def test_map_record_graph_everything_reported_in_the_article(
    example: Record, example_graph: Graph
) -> None:
    article = URIRef(f"{DEFAULT_BASE}article/{article_hash(example.key)}")
    typed = set(example_graph.subjects(RDF.type, None))
    selectors = set(example_graph.subjects(RDF.type, OA.TextQuoteSelector))
    concepts = set(example_graph.subjects(RDF.type, SKOS.Concept))
    for node in typed - selectors - concepts - {article}:
        assert (node, DIP.reportedIn, article) in example_graph, node


def test_map_record_graph_linked_actors_are_wikidata_iris(example_graph: Graph) -> None:
    for name, qid in [("Vladimir Putin", "Q7747"), ("Joe Biden", "Q6279"), ("Geneva", "Q71")]:
        assert example_graph.value(predicate=RDFS.label, object=Literal(name)) == WD[qid]


def test_map_record_graph_labels_are_plain_strings(example_graph: Graph) -> None:
    for label in example_graph.objects(None, RDFS.label):
        assert isinstance(label, Literal)
        assert label.language is None and label.datatype is None
    for node in example_graph.subjects(RDFS.label, None):
        assert len(list(example_graph.objects(node, RDFS.label))) == 1, node


def test_map_record_graph_aliases_and_country(example_graph: Graph) -> None:
    assert set(example_graph.objects(WD.Q30, SKOS.altLabel)) == {
        Literal("United States"),
        Literal("US"),
    }
    assert example_graph.value(WD.Q71, DIP.country) == WD.Q39


def test_map_record_graph_dates_typed_at_precision(example_graph: Graph) -> None:
    dates = list(example_graph.objects(None, DIP.date))
    assert dates
    for value in dates:
        assert isinstance(value, Literal) and value.datatype in DATE_TYPES
    for bound in [
        *example_graph.objects(None, DIP.earliestDate),
        *example_graph.objects(None, DIP.latestDate),
    ]:
        assert isinstance(bound, Literal) and bound.datatype == XSD.date


@pytest.mark.parametrize(
    ("value", "datatype"),
    [("2016", XSD.gYear), ("2016-12", XSD.gYearMonth), ("2016-12-30", XSD.date)],
)
def test_date_literal_types_at_precision(value: str, datatype: URIRef) -> None:
    literal = date_literal(value)
    assert literal.datatype == datatype
    assert str(literal) == value


def _small_record(**changes: object) -> Record:
    span = Evidence(0, 5, "Talks")
    record = Record(
        article="small.txt",
        key="small-article",
        actors=(
            Actor("a1", "Ruritania", "State"),
            Actor("a2", "Borduria", "State", qid="Q123456"),
            Actor("a3", "Liberation Front of Syldavia", "NonStateGroup", aliases=("the Front",)),
            Actor("a4", "Ruritanian Foreign Ministry", "GovernmentBody", country="a1"),
        ),
        events=(
            Event(
                "e1",
                "Talks",
                "Planned",
                (span,),
                participants=("a1", "a2"),
                organizer=("a1",),
                date=TimeValue("2016-12"),
                series="s1",
                round=3,
            ),
            Event("e2", "PhoneCall", "Held", (Evidence(6, 10, "call"),), date=TimeValue("2016")),
        ),
        declarations=(
            Declaration(
                "d1",
                "Demand",
                (Evidence(11, 17, "demand"),),
                by=("a3",),
                addressee=("a4",),
                about="e1",
                date=TimeValue(None, earliest=dt.date(2016, 12, 1)),
            ),
        ),
        series=(Series("s1", "Ruritania-Borduria talks"),),
        text_length=40,
    )
    return dataclasses.replace(record, **changes)  # type: ignore[arg-type]


def test_map_record_graph_unlinked_actors_minted_under_base() -> None:
    graph = map_record_graph(_small_record())[1]
    assert (URIRef(f"{DEFAULT_BASE}actor/state/ruritania"), RDF.type, DIP.State) in graph
    front = URIRef(f"{DEFAULT_BASE}actor/nonstategroup/liberation-front-of-syldavia")
    assert (front, RDF.type, DIP.NonStateGroup) in graph
    assert (front, SKOS.altLabel, Literal("the Front")) in graph
    ministry = URIRef(f"{DEFAULT_BASE}actor/governmentbody/ruritanian-foreign-ministry")
    assert (ministry, DIP.country, URIRef(f"{DEFAULT_BASE}actor/state/ruritania")) in graph
    assert (WD.Q123456, RDF.type, DIP.State) in graph


def test_map_record_graph_custom_base_moves_every_minted_iri() -> None:
    base = "https://data.example.org/kg/"
    name, graph = map_record_graph(_small_record(), base)
    assert str(name).startswith(base)
    minted = {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and "/id/" in str(term)
    }
    assert not {t for t in minted if str(t).startswith(DEFAULT_BASE)}
    assert (URIRef(f"{base}actor/state/ruritania"), RDF.type, DIP.State) in graph
    subjects = {s for s in graph.subjects() if not str(s).startswith(str(WD))}
    assert all(str(s).startswith(base) for s in subjects)


def test_map_record_graph_event_properties() -> None:
    record = _small_record()
    graph = map_record_graph(record)[1]
    h = article_hash(record.key)
    e1 = URIRef(f"{DEFAULT_BASE}event/{h}/e1")
    assert set(graph.objects(e1, RDF.type)) == {DIP.Talks}
    assert graph.value(e1, DIP.status) == DIP.Planned
    assert graph.value(e1, DIP.date) == Literal("2016-12", datatype=XSD.gYearMonth)
    assert graph.value(e1, DIP.roundNumber) == Literal(3, datatype=XSD.integer)
    series = URIRef(f"{DEFAULT_BASE}series/{h}/s1")
    assert graph.value(e1, DIP.partOfSeries) == series
    assert (series, RDF.type, DIP.EventSeries) in graph
    assert graph.value(series, RDFS.label) == Literal("Ruritania-Borduria talks")
    organizer = URIRef(f"{DEFAULT_BASE}actor/state/ruritania")
    assert (e1, DIP.organizer, organizer) in graph
    assert (e1, DIP.participant, organizer) in graph
    e2 = URIRef(f"{DEFAULT_BASE}event/{h}/e2")
    assert graph.value(e2, DIP.date) == Literal("2016", datatype=XSD.gYear)
    assert set(graph.objects(e2, RDF.type)) == {DIP.PhoneCall}


def test_map_record_graph_declaration_properties() -> None:
    record = _small_record()
    graph = map_record_graph(record)[1]
    h = article_hash(record.key)
    d1 = URIRef(f"{DEFAULT_BASE}declaration/{h}/d1")
    assert set(graph.objects(d1, RDF.type)) == {DIP.Demand}
    assert graph.value(d1, DIP.about) == URIRef(f"{DEFAULT_BASE}event/{h}/e1")
    assert graph.value(d1, DIP.date) is None
    assert graph.value(d1, DIP.earliestDate) == Literal("2016-12-01", datatype=XSD.date)
    assert graph.value(d1, DIP.addressee) == URIRef(
        f"{DEFAULT_BASE}actor/governmentbody/ruritanian-foreign-ministry"
    )


def test_map_record_graph_topics_are_skos_concepts(example_graph: Graph) -> None:
    topic = URIRef(f"{DEFAULT_BASE}topic/strategic-stability")
    assert (topic, RDF.type, SKOS.Concept) in example_graph
    assert example_graph.value(topic, SKOS.prefLabel) == Literal("strategic stability")


def test_map_record_graph_without_exact_names_the_item() -> None:
    record = _small_record()
    bare = dataclasses.replace(record.events[0], evidence=(Evidence(0, 5),))
    with pytest.raises(RecordError, match="e1"):
        map_record_graph(dataclasses.replace(record, events=(bare,)))


def test_map_record_graph_without_text_length_is_refused() -> None:
    with pytest.raises(RecordError, match="text length"):
        map_record_graph(_small_record(text_length=None))


def test_map_record_dataset_holds_one_named_graph(example: Record) -> None:
    dataset = map_record(example)
    name, graph = map_record_graph(example)
    named = [g for g in dataset.graphs() if len(g)]
    assert [g.identifier for g in named] == [name]
    assert isomorphic(named[0], graph)


def test_map_record_graph_binds_http_schema(example_graph: Graph) -> None:
    namespaces = dict(example_graph.namespaces())
    assert str(namespaces["schema"]) == "http://schema.org/"


def test_map_record_graph_prefixes_match_bind_prefixes(example: Record) -> None:
    # The graph binds its prefixes only when asked; what it shows must not differ.
    graph = map_record_graph(example)[1]
    eager = Graph(store="SimpleMemory")
    bind_prefixes(eager)
    assert list(graph.namespaces()) == list(eager.namespaces())


def test_map_record_graph_prefixes_survive_pickling(example: Record) -> None:
    graph = pickle.loads(pickle.dumps(map_record_graph(example)[1]))
    assert str(dict(graph.namespaces())["schema"]) == "http://schema.org/"


def test_mappers_fill_an_rdflib_graph_like_map_record_graph(example: Record) -> None:
    graph = Graph()
    map_record_into(graph, example)
    assert set(graph) == set(map_record_graph(example)[1])


def test_map_record_graph_string_literals_as_rdflib_builds_them(example_graph: Graph) -> None:
    # The mappers skip rdflib's normalising of plain strings; the literals must be the ones
    # Literal(text) gives, down to their Python value.
    strings = [o for o in example_graph.objects() if isinstance(o, Literal) and o.datatype is None]
    assert strings
    for literal in strings:
        expected = Literal(str(literal))
        assert literal.eq(expected)
        assert (literal.value, literal.language, literal.datatype, literal.ill_typed) == (
            expected.value,
            expected.language,
            expected.datatype,
            expected.ill_typed,
        )
