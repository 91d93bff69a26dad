"""The public namespace and the ontology cover what the library really offers and emits."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

import diplokg
from diplokg.namespaces import DIP
from diplokg.rdf import map_record_graph
from diplokg.recordfile import read_record
from diplokg.resources import ontology_path

ROOT = Path(__file__).resolve().parent.parent


def test_public_all_is_sorted_and_every_name_resolves() -> None:
    names = [n for n in diplokg.__all__ if n != "__version__"]
    assert names == sorted(names)
    for name in diplokg.__all__:
        assert getattr(diplokg, name) is not None


def test_public_all_lists_every_lazy_export() -> None:
    exported = set(diplokg._EXPORTS)
    assert exported == set(diplokg.__all__) - {"__version__"}


def test_ontology_declares_every_term_the_mappers_emit() -> None:
    record, _ = read_record(ROOT / "examples" / "geneva-summit-2021.record.json")
    _, graph = map_record_graph(record)
    used: set[URIRef] = set()
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(str(DIP)):
                used.add(term)
    ontology = Graph().parse(ontology_path())
    declared = {
        s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DIP))
    }
    missing = sorted(str(t) for t in used - declared)
    assert not missing, f"terms emitted by the mappers but not in the ontology: {missing}"
    assert (URIRef(str(DIP).rstrip("#")), RDF.type, OWL.Ontology) in ontology or any(
        ontology.subjects(RDF.type, OWL.Ontology)
    )
