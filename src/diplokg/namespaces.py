"""RDF namespaces of the ontology contract (DESIGN.md), defined once."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "DEFAULT_BASE",
    "DIP",
    "OA",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SKOS",
    "WD",
    "WDT",
    "XSD",
]

DIP = Namespace("https://w3id.org/diplokg/ontology#")
DEFAULT_BASE = "https://w3id.org/diplokg/id/"
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
OA = Namespace("http://www.w3.org/ns/oa#")
# The http form, as Wikidata uses; rdflib would bind ``schema:`` to https by default.
SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

# Prefixes bound on every graph we write, in a fixed order so output bytes are stable.
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "dip": DIP,
    "wd": WD,
    "oa": OA,
    "schema": SCHEMA,
    "sem": SEM,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}
