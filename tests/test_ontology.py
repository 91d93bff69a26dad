"""The ontology, its JSON-LD context and the shapes agree with each other and DESIGN."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from diplokg.namespaces import DIP
from diplokg.resources import context_path, ontology_path, shapes_path
from diplokg.validation import parse_rdf

CLASSES = [
    "Actor",
    "Person",
    "Organization",
    "State",
    "GovernmentBody",
    "InternationalOrganization",
    "NonStateGroup",
    "MediaOrganization",
    "Place",
    "DiplomaticEvent",
    "Meeting",
    "Talks",
    "Summit",
    "Visit",
    "PhoneCall",
    "Declaration",
    "JointStatement",
    "Statement",
    "Directive",
    "Request",
    "Agreement",
    "Demand",
    "EventSeries",
    "Article",
    "EventStatus",
]
PROPERTIES = [
    "participant",
    "organizer",
    "location",
    "date",
    "earliestDate",
    "latestDate",
    "status",
    "partOfSeries",
    "roundNumber",
    "declaredBy",
    "addressee",
    "adoptedAt",
    "about",
    "text",
    "evidence",
    "inArticle",
    "reportedIn",
    "dateline",
    "textLength",
    "country",
]
STATUSES = ["Held", "Planned", "Proposed", "Cancelled"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path())


def _dip_terms(text: str) -> set[str]:
    return set(re.findall(r"\bdip:([A-Za-z]+)", text))


def test_ontology_parses_with_rdflib_and_pyoxigraph(ontology: Graph) -> None:
    assert len(ontology) > 300
    assert len(list(ox.parse(path=str(ontology_path())))) == len(ontology)


def test_ontology_declares_the_contract(ontology: Graph) -> None:
    for name in CLASSES:
        assert (DIP[name], RDF.type, OWL.Class) in ontology, name
    for name in PROPERTIES:
        kinds = set(ontology.objects(DIP[name], RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name
        assert ontology.value(DIP[name], RDFS.domain) is not None, name
        assert ontology.value(DIP[name], RDFS.range) is not None, name
    for name in STATUSES:
        assert (DIP[name], RDF.type, DIP.EventStatus) in ontology, name


def test_ontology_every_term_has_label_and_comment(ontology: Graph) -> None:
    for term in set(ontology.subjects()):
        if isinstance(term, URIRef) and term.startswith(str(DIP)):
            assert isinstance(ontology.value(term, RDFS.label), Literal), term
            assert isinstance(ontology.value(term, RDFS.comment), Literal), term


def test_ontology_has_version_iri_and_alignments(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/diplokg/ontology")
    assert ontology.value(onto, OWL.versionIRI) == URIRef("https://w3id.org/diplokg/ontology/0.1.0")
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    assert (DIP.DiplomaticEvent, RDFS.subClassOf, URIRef(sem + "Event")) in ontology
    assert (DIP.DiplomaticEvent, RDFS.subClassOf, URIRef("http://schema.org/Event")) in ontology
    assert (DIP.participant, RDFS.subPropertyOf, URIRef(sem + "hasActor")) in ontology
    closes = set(
        ontology.objects(DIP.participant, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"))
    )
    assert URIRef("http://www.wikidata.org/prop/direct/P710") in closes
    for kind in ["Meeting", "Talks", "Visit", "PhoneCall", "Request", "Agreement", "Demand"]:
        assert ontology.value(DIP[kind], DIP.cameoCode) is not None, kind


def _declared(ontology: Graph) -> set[str]:
    return {str(t).removeprefix(str(DIP)) for t in ontology.subjects() if str(t).startswith(DIP)}


def test_ontology_declares_every_term_the_shapes_use(ontology: Graph) -> None:
    declared = _declared(ontology)
    used = _dip_terms(shapes_path().read_text(encoding="utf-8"))
    assert used - declared == set()


def test_ontology_known_terms_of_the_typo_check_match(ontology: Graph) -> None:
    """The unknown-term NOT IN lists in the shapes name exactly the ontology's terms."""
    declared = _declared(ontology)
    text = shapes_path().read_text(encoding="utf-8")
    lists = re.findall(r"NOT IN \(([^)]*)\)", text)
    assert len(lists) == 2, "the target and the constraint each list the known terms"
    for known in lists:
        assert set(re.findall(r"dip:(\w+)", known)) == declared


def test_ontology_context_parses_and_names_contract_terms() -> None:
    context = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    assert context["@version"] == 1.1
    assert context["status"] == {"@id": "dip:status", "@type": "@vocab"}
    for name in PROPERTIES:
        assert name in context, name
    doc = {
        "@context": context,
        "@id": "https://w3id.org/diplokg/id/event/x/e1",
        "@type": "Talks",
        "status": "Held",
        "participant": ["wd:Q7747"],
        "date": {"@value": "2016-12", "@type": "xsd:gYearMonth"},
    }
    dataset = parse_rdf(json.dumps(doc).encode(), "json-ld")
    event = URIRef("https://w3id.org/diplokg/id/event/x/e1")
    assert (event, RDF.type, DIP.Talks) in dataset
    assert (event, DIP.status, DIP.Held) in dataset
    assert (event, DIP.participant, URIRef("http://www.wikidata.org/entity/Q7747")) in dataset
