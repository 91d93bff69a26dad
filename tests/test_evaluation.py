"""Tests of the evaluation protocol (DESIGN.md, "Gold annotations and evaluation").

Graphs are built by hand with rdflib from sentences written for these tests; the last test
turns every real gold file into RDF with a converter that lives here (not in the library)
and checks that the scorer gives the gold itself 1.0 everywhere.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from typer.testing import CliRunner

from diplokg.cli import app
from diplokg.errors import InputError, RDFSyntaxError
from diplokg.evaluation import (
    anchor_matches,
    evaluate,
    fold_label,
    fold_text,
    read_output_graph,
)
from diplokg.namespaces import DIP, OA, WD

BASE = "https://w3id.org/diplokg/id/"
SCORE_KEYS = [
    "events",
    "declarations",
    "participants_f1",
    "organizer_f1",
    "location_acc",
    "date_acc",
    "status_acc",
    "event_kind_acc",
    "by_f1",
    "addressee_f1",
    "decl_date_acc",
    "decl_kind_acc",
    "adopted_at_acc",
    "about_acc",
    "events_exact",
    "declarations_exact",
    "entities",
]
PRF_KEYS = {"events", "declarations", "events_exact", "declarations_exact", "entities"}


# ---- a tiny graph builder for hand-made predictions ------------------------------------


class Build:
    """Builds one article's predicted graph, node by node."""

    def __init__(self) -> None:
        self.graph = Graph()
        self.count = 0

    def actor(self, iri: URIRef, label: str, kind: str = "Person") -> URIRef:
        self.graph.add((iri, RDF.type, DIP[kind]))
        self.graph.add((iri, RDFS.label, Literal(label)))
        return iri

    def node(self, family: str, kind: str | None, exact: str, **props: Any) -> URIRef:
        self.count += 1
        node = URIRef(f"{BASE}{family}/test/{self.count:02d}")
        evidence = URIRef(f"{BASE}evidence/test/{self.count:02d}")
        if kind is not None:
            self.graph.add((node, RDF.type, DIP[kind]))
        self.graph.add((node, DIP.evidence, evidence))
        self.graph.add((evidence, OA.exact, Literal(exact)))
        for name, values in props.items():
            for value in values if isinstance(values, list) else [values]:
                self.graph.add((node, DIP[name], value))
        return node

    def event(self, kind: str | None, exact: str, **props: Any) -> URIRef:
        return self.node("event", kind, exact, **props)

    def declaration(self, kind: str | None, exact: str, **props: Any) -> URIRef:
        return self.node("declaration", kind, exact, **props)

    def write(self, out: Path, stem: str = "story") -> Path:
        folder = out / stem
        folder.mkdir(parents=True, exist_ok=True)
        self.graph.serialize(folder / f"{stem}.ttl", format="turtle")
        return out


def day(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def month(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYearMonth, normalize=False)


def year(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYear, normalize=False)


def gold_event(eid: str, anchors: list[str], **fields: Any) -> dict[str, Any]:
    return {"id": eid, "type": "Talks", "status": "Held", "anchors": anchors, **fields}


def write_gold(
    path: Path,
    events: Sequence[Any] = (),
    declarations: Sequence[Any] = (),
    **extra: Any,
) -> Path:
    gold = {
        "article": "story.txt",
        "entities": [],
        "events": list(events),
        "declarations": list(declarations),
        **extra,
    }
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


MOSCOW_TALKS = "the two ministers held talks in Moscow on Friday"


# ---- folding and anchors ---------------------------------------------------------------


def test_fold_text_lowers_and_turns_non_alphanumerics_into_single_spaces() -> None:
    assert fold_text("  Lavrov's TALKS—in  Moscow (2016)!") == "lavrov s talks in moscow 2016"
    assert fold_text("Çavuşoğlu met Wang-Yi") == "çavuşoğlu met wang yi"
    assert fold_text("...") == ""


def test_fold_label_drops_one_leading_the_only() -> None:
    assert fold_label("The United Nations") == "united nations"
    assert fold_label("the  Hague-based court") == "hague based court"
    assert fold_label("Theodore Roosevelt") == "theodore roosevelt"
    assert fold_label("United Nations, the") == "united nations the"


def test_anchor_matches_needs_a_run_of_min_four_words() -> None:
    anchor = ["the two ministers held talks in Moscow"]
    assert anchor_matches("Yesterday the two Ministers held talks.", anchor)
    assert not anchor_matches("the ministers held talks", anchor)  # only 3 in a row
    assert not anchor_matches("ministers held talks in", ["ministers held talkshows in"])
    # A short anchor needs all its words, on word boundaries.
    assert anchor_matches("They held talks, then dined.", ["held talks"])
    assert not anchor_matches("They held talkshows.", ["held talks"])
    assert not anchor_matches("anything", ["!!"])


# ---- pairing ---------------------------------------------------------------------------


def test_evaluate_pairs_one_to_one_and_counts_duplicates_as_false_positives(
    tmp_path: Path,
) -> None:
    b = Build()
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held)
    b.event("Talks", "ministers held talks in Moscow", status=DIP.Held)
    gold = write_gold(tmp_path / "g.json", [gold_event("e1", ["ministers held talks in Moscow"])])
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert (scores.events.tp, scores.events.predicted, scores.events.gold) == (1, 2, 1)
    assert scores.events.precision == 0.5
    assert scores.events.recall == 1.0


def test_evaluate_pairs_best_score_first(tmp_path: Path) -> None:
    # One prediction is a candidate for both gold events; it goes to the one whose kind
    # and status it gets right (higher score), although that one is listed second.
    b = Build()
    b.event("Summit", MOSCOW_TALKS + " at the summit", status=DIP.Planned)
    gold = write_gold(
        tmp_path / "g.json",
        [
            gold_event("e1", ["held talks in Moscow"]),
            {"id": "e2", "type": "Summit", "status": "Planned", "anchors": ["at the summit"]},
        ],
    )
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert scores.events.tp == 1
    assert scores.event_kind_acc.value == 1.0
    assert scores.status_acc.value == 1.0


def test_evaluate_breaks_score_ties_in_favour_of_the_earlier_gold_item(tmp_path: Path) -> None:
    b = Build()
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held, date=day("2020-03-06"))
    gold = write_gold(
        tmp_path / "g.json",
        [
            gold_event("e1", ["held talks in Moscow"], date="2020-03-06"),
            gold_event("e2", ["two ministers held talks"], date="1999"),
        ],
    )
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    # Paired with e1 (its date is right); with e2 the date would be wrong.
    assert scores.date_acc.value == 1.0
    assert scores.events_exact.tp == 1


def test_evaluate_kind_must_be_the_single_kind(tmp_path: Path) -> None:
    b = Build()
    node = b.event("Talks", MOSCOW_TALKS, status=DIP.Held)
    b.graph.add((node, RDF.type, DIP.Meeting))
    gold = write_gold(tmp_path / "g.json", [gold_event("e1", ["held talks in Moscow"])])
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert scores.events.tp == 1
    assert scores.event_kind_acc.value == 0.0
    assert scores.events_exact.tp == 0


# ---- actors ----------------------------------------------------------------------------


def test_evaluate_matches_label_objects_by_folded_label_or_alias(tmp_path: Path) -> None:
    b = Build()
    lavrov = b.actor(WD.Q80137, "Sergey Lavrov")
    ministry = b.actor(
        URIRef(BASE + "actor/governmentbody/mfa"), "the Foreign Ministry", "GovernmentBody"
    )
    rebels = b.actor(URIRef(BASE + "actor/nonstategroup/x"), "The Northern Rebels", "NonStateGroup")
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held, participant=[lavrov, ministry, rebels])
    participants = [
        "Q80137",
        {"label": "Ministry of Foreign Affairs", "aliases": ["Foreign Ministry"]},
        {"label": "northern rebels"},
    ]
    gold = write_gold(
        tmp_path / "g.json", [gold_event("e1", ["held talks in Moscow"], participants=participants)]
    )
    assert evaluate(b.write(tmp_path / "out"), gold).overall.participants_f1.value == 1.0


def test_evaluate_participant_f1_counts_each_node_once(tmp_path: Path) -> None:
    b = Build()
    lavrov = b.actor(WD.Q80137, "Sergey Lavrov")
    stranger = b.actor(WD.Q42, "Somebody Else")
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held, participant=[lavrov, stranger])
    participants = ["Q80137", {"label": "Sergey Lavrov"}, "Q7747"]
    gold = write_gold(
        tmp_path / "g.json", [gold_event("e1", ["held talks in Moscow"], participants=participants)]
    )
    # tp 1 (Lavrov pairs with one gold entry), precision 1/2, recall 1/3 -> F1 0.4.
    f1 = evaluate(b.write(tmp_path / "out"), gold).overall.participants_f1.value
    assert f1 == pytest.approx(0.4)


def test_evaluate_location_needs_exactly_one_matching_place(tmp_path: Path) -> None:
    b = Build()
    b.actor(WD.Q649, "Moscow", "Place")
    b.actor(WD.Q159, "Russia", "State")
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held, location=WD.Q649)
    b.event("Talks", "they held talks in Sochi later", status=DIP.Held, location=[WD.Q649, WD.Q159])
    gold = write_gold(
        tmp_path / "g.json",
        [
            gold_event("e1", ["held talks in Moscow"], location={"label": "Moscow"}),
            gold_event("e2", ["held talks in Sochi"], location="Q649"),
        ],
    )
    assert evaluate(b.write(tmp_path / "out"), gold).overall.location_acc.value == 0.5


# ---- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_date", "predicted", "right"),
    [
        ("2016-12", day("2016-12-16"), True),
        ("2016-12", month("2016-12"), True),
        ("2016-12", year("2016"), False),
        ("2016-12", day("2016-11-30"), False),
        ("2016-12-16", month("2016-12"), False),
        ("2016-12-16", day("2016-12-16"), True),
        ("2016", day("2016-01-02"), True),
        ("2016-12-16", None, False),
    ],
)
def test_evaluate_scores_dates_at_the_gold_precision(
    tmp_path: Path, gold_date: str, predicted: Literal | None, right: bool
) -> None:
    b = Build()
    props = {} if predicted is None else {"date": predicted}
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held, **props)
    gold = write_gold(
        tmp_path / "g.json", [gold_event("e1", ["held talks in Moscow"], date=gold_date)]
    )
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert scores.date_acc.value == float(right)


def test_evaluate_ignores_date_bounds(tmp_path: Path) -> None:
    b = Build()
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held, earliestDate=day("2001-01-01"))
    gold = write_gold(
        tmp_path / "g.json",
        [
            gold_event(
                "e1",
                ["held talks in Moscow"],
                date=None,
                earliest="2016-12-12",
                latest="2016-12-18",
            )
        ],
    )
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert scores.date_acc.value is None
    assert scores.events_exact.f1 == 1.0


# ---- exact match and declarations ------------------------------------------------------


def test_evaluate_exact_match_skips_null_fields_and_fails_on_one_wrong_field(
    tmp_path: Path,
) -> None:
    b = Build()
    lavrov = b.actor(WD.Q80137, "Sergey Lavrov")
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held, participant=lavrov)
    b.event("Visit", "the minister paid a visit to Oslo", status=DIP.Held, participant=lavrov)
    gold = write_gold(
        tmp_path / "g.json",
        [
            # Nothing about location, date, organizer: exact all the same.
            gold_event("e1", ["held talks in Moscow"], participants=["Q80137"], location=None),
            # Everything right but the status.
            {
                "id": "e2",
                "type": "Visit",
                "status": "Planned",
                "anchors": ["paid a visit to Oslo"],
                "participants": ["Q80137"],
            },
        ],
    )
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert scores.events.f1 == 1.0
    assert scores.status_acc.value == 0.5
    assert (scores.events_exact.tp, scores.events_exact.precision) == (1, 0.5)
    assert scores.location_acc.value is None
    assert scores.organizer_f1.value is None


def test_evaluate_links_declarations_to_matched_events(tmp_path: Path) -> None:
    b = Build()
    norway = b.actor(WD.Q20, "Norway", "State")
    talks = b.event("Talks", MOSCOW_TALKS, status=DIP.Held)
    other = b.event("Meeting", "a dinner meeting followed at the embassy", status=DIP.Held)
    topic = URIRef(BASE + "topic/fisheries")
    b.declaration(
        "JointStatement",
        "they signed a joint statement on fisheries",
        declaredBy=norway,
        adoptedAt=talks,
        about=[other, topic],
        date=day("2020-03-06"),
    )
    b.declaration("Demand", "Norway demanded a new quota", declaredBy=norway, adoptedAt=other)
    gold = write_gold(
        tmp_path / "g.json",
        [
            gold_event("e1", ["held talks in Moscow"]),
            {
                "id": "e2",
                "type": "Meeting",
                "status": "Held",
                "anchors": ["dinner meeting followed"],
            },
        ],
        [
            {
                "id": "d1",
                "type": "JointStatement",
                "anchors": ["signed a joint statement"],
                "by": ["Q20"],
                "addressee": None,
                "adopted_at": "e1",
                "about": "e2",
                "date": "2020-03",
            },
            {
                "id": "d2",
                "type": "Demand",
                "anchors": ["demanded a new quota"],
                "by": ["Q20"],
                "addressee": [{"label": "Russia"}],
                "adopted_at": "e1",
                "about": None,
                "date": None,
            },
        ],
    )
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert scores.declarations.f1 == 1.0
    assert scores.about_acc.value == 1.0  # the topic beside the event does not count
    assert scores.adopted_at_acc.value == 0.5  # d2 points at the wrong event
    assert scores.addressee_f1.value == 0.0  # gold has one, none predicted
    assert scores.by_f1.value == 1.0
    assert scores.decl_date_acc.value == 1.0
    assert scores.declarations_exact.tp == 1


# ---- entities --------------------------------------------------------------------------


def test_evaluate_entities_ignore_identifiers_of_unverified_gold_entities(tmp_path: Path) -> None:
    b = Build()
    b.actor(WD.Q80137, "Sergey Lavrov")
    b.actor(WD.Q99999999, "The Northern Rebels", "NonStateGroup")  # gold has no QID for it
    b.actor(WD.Q42, "Somebody Else")  # a wrong link
    b.graph.add((WD.Q5, RDFS.label, Literal("untyped, not counted")))
    entities = [
        {"qid": "Q80137", "label": "Sergey Lavrov", "type": "Person"},
        {"qid": "Q159", "label": "Russia", "type": "State"},
        {
            "qid": None,
            "label": "Rebels of the North",
            "aliases": ["northern rebels"],
            "type": "NonStateGroup",
        },
    ]
    gold = write_gold(tmp_path / "g.json", entities=entities)
    scores = evaluate(b.write(tmp_path / "out"), gold).overall
    assert (scores.entities.tp, scores.entities.predicted, scores.entities.gold) == (1, 2, 2)


# ---- inputs, outputs and the command ---------------------------------------------------


def test_evaluate_treats_a_missing_output_folder_as_all_misses(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    gold = write_gold(
        tmp_path / "g.json",
        [gold_event("e1", ["held talks in Moscow"])],
        entities=[{"qid": "Q159", "label": "Russia"}],
    )
    result = evaluate(tmp_path / "out", gold)
    assert result.missing_outputs == ("story",)
    scores = result.overall
    assert (scores.events.recall, scores.events.precision, scores.entities.recall) == (0, 0, 0)
    assert scores.declarations.f1 == 1.0  # nothing in gold, nothing predicted
    assert scores.status_acc.value is None


def test_read_output_graph_merges_every_rdf_file_and_skips_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    a, b, c = (URIRef(f"{BASE}x/{n}") for n in "abc")
    Graph().add((a, RDFS.label, Literal("one"))).serialize(folder / "story.ttl", format="turtle")
    ds = Dataset()
    ds.graph(URIRef(BASE + "graph/1")).add((b, RDFS.label, Literal("two")))
    ds.serialize(folder / "story.trig", format="trig")
    Graph().add((c, RDFS.label, Literal("three"))).serialize(
        folder / "story.jsonld", format="json-ld", context={"rdfs": str(RDFS)}
    )
    (folder / "story.record.json").write_text("{not rdf", encoding="utf-8")
    graph = read_output_graph(folder)
    assert graph is not None
    assert {str(o) for o in graph.objects(None, RDFS.label)} == {"one", "two", "three"}


def test_read_output_graph_refuses_remote_json_ld_context(tmp_path: Path) -> None:
    (tmp_path / "story.jsonld").write_text(
        json.dumps({"@context": "https://example.org/ctx.jsonld", "@id": "x"}), encoding="utf-8"
    )
    with pytest.raises(RDFSyntaxError, match="remote @context"):
        read_output_graph(tmp_path)


def test_evaluate_rejects_malformed_gold_naming_the_field(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    gold = write_gold(
        tmp_path / "g.json", [gold_event("e1", ["held talks"], participants=["Putin"])]
    )
    with pytest.raises(InputError, match=r"events\[0\]\.participants\[0\]"):
        evaluate(tmp_path / "out", gold)


def test_eval_command_prints_the_design_json_keys(tmp_path: Path) -> None:
    b = Build()
    b.event("Talks", MOSCOW_TALKS, status=DIP.Held)
    out = b.write(tmp_path / "out")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    write_gold(gold_dir / "story.json", [gold_event("e1", ["held talks in Moscow"])])
    result = CliRunner().invoke(app, ["eval", str(out), str(gold_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data["overall"]) == SCORE_KEYS
    assert list(data["per_article"]) == ["story"]
    assert list(data["per_article"]["story"]) == SCORE_KEYS
    for key in PRF_KEYS:
        assert set(data["overall"][key]) == {"precision", "recall", "f1"}
    assert data["overall"]["events_exact"]["f1"] == 1.0
    text = CliRunner().invoke(app, ["eval", str(out), str(gold_dir)])
    assert text.exit_code == 0
    assert "events_exact" in text.stdout
    assert "story" in text.stdout


def test_eval_command_exits_2_on_missing_paths_and_malformed_gold(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    runner = CliRunner()
    missing = runner.invoke(app, ["eval", str(tmp_path / "nope"), str(tmp_path)])
    assert missing.exit_code == 2
    assert "nope" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    malformed = runner.invoke(app, ["eval", str(tmp_path / "out"), str(bad)])
    assert malformed.exit_code == 2
    assert "bad.json" in malformed.stderr


# ---- the gold scores itself 1.0 --------------------------------------------------------

_HEADER = re.compile(r"(?:[A-Za-z][\w-]*: [^\n]*\n)+\n")
_ACTOR_TYPES = {
    "State": (DIP.State, DIP.Place),
    "Place": (DIP.Place,),
}


def _article_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    header = _HEADER.match(text)
    return text[header.end() :] if header else text


def _locate(text: str, anchor: str) -> tuple[int, int]:
    # Anchors are copied from the text, but may change case or cross a line break.
    pattern = r"\s+".join(map(re.escape, anchor.split()))
    found = re.search(pattern, text) or re.search(pattern, text, re.IGNORECASE)
    assert found, f"anchor {anchor!r} not in the article"
    return found.span()


class GoldToRdf:
    """Turns a gold file and its article into RDF following the lead's mapping."""

    def __init__(self, gold: dict[str, Any], text: str) -> None:
        self.gold, self.text = gold, text
        self.h = hashlib.sha256(gold["article"].encode()).hexdigest()[:16]
        self.graph = Graph()
        self.types = {
            e["qid"] or e["label"]: e.get("type", "Organization") for e in gold["entities"]
        }

    def actor(self, ref: str | dict[str, Any]) -> URIRef:
        if isinstance(ref, str):
            node = WD[ref]
            key = ref
        else:
            slug = re.sub(r"[^a-z0-9]+", "-", ref["label"].lower()).strip("-")
            node = URIRef(f"{BASE}actor/x/{slug}")
            key = ref["label"]
            self.graph.add((node, RDFS.label, Literal(ref["label"])))
            for alias in ref.get("aliases", []):
                self.graph.add((node, SKOS.altLabel, Literal(alias)))
        kind = self.types.get(key, "Organization")
        for cls in _ACTOR_TYPES.get(kind, (DIP[kind],)):
            self.graph.add((node, RDF.type, cls))
        return node

    def item(self, family: str, raw: dict[str, Any]) -> URIRef:
        node = URIRef(f"{BASE}{family}/{self.h}/{raw['id']}")
        self.graph.add((node, RDF.type, DIP[raw["type"]]))
        for anchor in raw["anchors"]:
            start, end = _locate(self.text, anchor)
            evidence = URIRef(f"{BASE}evidence/{self.h}/{start}-{end}")
            self.graph.add((node, DIP.evidence, evidence))
            self.graph.add((evidence, OA.exact, Literal(self.text[start:end])))
        if raw.get("date"):
            kinds = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
            literal = Literal(raw["date"], datatype=kinds[len(raw["date"])], normalize=False)
            self.graph.add((node, DIP.date, literal))
        return node

    def convert(self) -> Graph:
        for entity in self.gold["entities"]:
            self.actor(entity["qid"] or entity)
            if entity["qid"]:
                self.graph.add((WD[entity["qid"]], RDFS.label, Literal(entity["label"])))
        events = {}
        for raw in self.gold["events"]:
            node = events[raw["id"]] = self.item("event", raw)
            if raw.get("status"):
                self.graph.add((node, DIP.status, DIP[raw["status"]]))
            for key, prop in (("participants", DIP.participant), ("organizer", DIP.organizer)):
                for ref in raw.get(key) or []:
                    self.graph.add((node, prop, self.actor(ref)))
            if raw.get("location"):
                self.graph.add((node, DIP.location, self.actor(raw["location"])))
        for raw in self.gold["declarations"]:
            node = self.item("declaration", raw)
            for key, prop in (("by", DIP.declaredBy), ("addressee", DIP.addressee)):
                for ref in raw.get(key) or []:
                    self.graph.add((node, prop, self.actor(ref)))
            for key, prop in (("adopted_at", DIP.adoptedAt), ("about", DIP.about)):
                if raw.get(key):
                    self.graph.add((node, prop, events[raw[key]]))
        return self.graph


def test_evaluate_scores_the_gold_itself_one_everywhere(
    tmp_path: Path, gold_dir: Path, corpus_dir: Path
) -> None:
    out = tmp_path / "out"
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        stem = Path(gold["article"]).stem
        graph = GoldToRdf(gold, _article_text(corpus_dir / gold["article"])).convert()
        folder = out / stem
        folder.mkdir(parents=True)
        graph.serialize(folder / f"{stem}.ttl", format="turtle")
        graph.serialize(folder / f"{stem}.jsonld", format="json-ld", context={"dip": str(DIP)})
        dataset = Dataset()
        named = dataset.graph(URIRef(f"{BASE}graph/{stem}"))
        for triple in graph:
            named.add(triple)
        dataset.serialize(folder / f"{stem}.trig", format="trig")
        (folder / f"{stem}.record.json").write_text("{}", encoding="utf-8")

    result = evaluate(out, gold_dir)
    data = result.to_json()
    assert result.missing_outputs == ()
    assert len(data["per_article"]) == len(list(gold_dir.glob("*.json")))
    for name, block in [("overall", data["overall"]), *data["per_article"].items()]:
        for key, value in block.items():
            values = value.values() if isinstance(value, dict) else [value]
            assert all(v in (None, 1.0) for v in values), f"{name} {key}: {value}"
    # Every attribute is scored somewhere in the gold set.
    assert all(v is not None for v in data["overall"].values())
