"""Scoring one gold article against its output graph, and :func:`evaluate` over a gold set."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from diplokg.errors import InputError
from diplokg.evaluation.gold import (
    DECLARATION_KINDS,
    EVENT_KINDS,
    ActorRef,
    GoldArticle,
    GoldDeclaration,
    GoldEvent,
    gold_files,
    read_gold,
)
from diplokg.evaluation.matching import (
    _anchor_runs,
    _date_agrees,
    _max_matching,
    fold_label,
    fold_text,
)
from diplokg.evaluation.output import read_output_graph
from diplokg.evaluation.report import _MEANS, ArticleResult, Detection, EvalResult, Mean, Scores
from diplokg.namespaces import DIP, OA, WD

_EVENT_CLASSES = frozenset(DIP[k] for k in EVENT_KINDS)

_DECLARATION_CLASSES = frozenset(DIP[k] for k in DECLARATION_KINDS)


@dataclass(frozen=True)
class _Prediction:
    node: URIRef
    kinds: frozenset[Node]
    exacts: tuple[str, ...]


class _ArticleScorer:
    """Scores one gold article against its merged output graph."""

    def __init__(self, gold: GoldArticle, graph: Graph) -> None:
        self.gold = gold
        self.graph = graph

    def values(self, node: URIRef, prop: URIRef) -> list[Node]:
        return sorted(set(self.graph.objects(node, prop)), key=str)

    def predictions(self, classes: frozenset[URIRef], umbrella: URIRef) -> list[_Prediction]:
        nodes = {
            s
            for s, o in self.graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and (o in classes or o == umbrella)
        }
        out = []
        for node in sorted(nodes, key=str):
            exacts = tuple(
                str(exact)
                for evidence in self.values(node, DIP.evidence)
                for exact in self.values(evidence, OA.exact)  # type: ignore[arg-type]
            )
            kinds = frozenset(t for t in self.graph.objects(node, RDF.type) if t in classes)
            out.append(_Prediction(node, kinds, exacts))
        return out

    def matches(self, ref: ActorRef, node: Node) -> bool:
        if ref.qid is not None:
            return node == WD[ref.qid]
        names = ref.folded_names()
        return any(
            fold_label(str(label)) in names for label in self.graph.objects(node, RDFS.label)
        )

    def set_f1(self, gold: Sequence[ActorRef], node: URIRef, prop: URIRef) -> float:
        predicted = self.values(node, prop)
        tp = _max_matching(
            len(gold), len(predicted), lambda i, j: self.matches(gold[i], predicted[j])
        )
        return Detection(tp, len(predicted), len(gold)).f1

    def single_right(self, node: URIRef, prop: URIRef, check: Callable[[Node], bool]) -> bool:
        values = self.values(node, prop)
        return len(values) == 1 and check(values[0])

    def date_right(self, gold_date: str, node: URIRef) -> bool:
        return self.single_right(node, DIP.date, lambda value: _date_agrees(gold_date, str(value)))

    def pair(
        self,
        golds: Sequence[GoldEvent | GoldDeclaration],
        preds: Sequence[_Prediction],
        score: Callable[[Any, _Prediction], float],
    ) -> dict[int, _Prediction]:
        ranked: list[tuple[float, int, int]] = []
        for gi, item in enumerate(golds):
            runs = _anchor_runs(item.anchors)
            for pi, pred in enumerate(preds):
                padded = [f" {fold_text(e)} " for e in pred.exacts]
                if any(f" {run} " in text for run in runs for text in padded):
                    ranked.append((-round(score(item, pred), 9), gi, pi))
        ranked.sort()
        pairs: dict[int, _Prediction] = {}
        taken: set[int] = set()
        for _, gi, pi in ranked:
            if gi not in pairs and pi not in taken:
                pairs[gi] = preds[pi]
                taken.add(pi)
        return pairs

    def kind_right(self, gold_type: str, pred: _Prediction) -> bool:
        return pred.kinds == {DIP[gold_type]}

    def event_score(self, item: GoldEvent, pred: _Prediction) -> float:
        score = 1.0 + self.kind_right(item.type, pred)
        if item.status is not None:
            score += 0.5 * self.single_right(pred.node, DIP.status, DIP[item.status].__eq__)
        if item.participants is not None:
            score += self.set_f1(item.participants, pred.node, DIP.participant)
        return score

    def declaration_score(self, item: GoldDeclaration, pred: _Prediction) -> float:
        score = 1.0 + self.kind_right(item.type, pred)
        if item.by is not None:
            score += self.set_f1(item.by, pred.node, DIP.declaredBy)
        return score

    def score(self) -> Scores:
        acc: dict[str, Mean] = {name: Mean() for name in _MEANS}

        def record(name: str, value: float | bool) -> bool:
            acc[name] = acc[name].add(float(value))
            return float(value) == 1.0

        event_preds = self.predictions(_EVENT_CLASSES, DIP.DiplomaticEvent)
        event_pairs = self.pair(self.gold.events, event_preds, self.event_score)
        matched_events = {self.gold.events[gi].id: p.node for gi, p in event_pairs.items()}
        events_exact = 0
        for gi, pred in sorted(event_pairs.items()):
            ev, node = self.gold.events[gi], pred.node
            right = [record("event_kind_acc", self.kind_right(ev.type, pred))]
            if ev.status is not None:
                status = self.single_right(node, DIP.status, DIP[ev.status].__eq__)
                right.append(record("status_acc", status))
            if ev.participants is not None:
                f1 = self.set_f1(ev.participants, node, DIP.participant)
                right.append(record("participants_f1", f1))
            if ev.organizer is not None:
                right.append(record("organizer_f1", self.set_f1(ev.organizer, node, DIP.organizer)))
            if ev.location is not None:
                located = self.single_right(
                    node, DIP.location, functools.partial(self.matches, ev.location)
                )
                right.append(record("location_acc", located))
            if ev.date is not None:
                right.append(record("date_acc", self.date_right(ev.date, node)))
            events_exact += all(right)

        decl_preds = self.predictions(_DECLARATION_CLASSES, DIP.Declaration)
        decl_pairs = self.pair(self.gold.declarations, decl_preds, self.declaration_score)
        event_nodes = {p.node for p in event_preds}
        decls_exact = 0
        for gi, pred in sorted(decl_pairs.items()):
            decl, node = self.gold.declarations[gi], pred.node
            right = [record("decl_kind_acc", self.kind_right(decl.type, pred))]
            if decl.by is not None:
                right.append(record("by_f1", self.set_f1(decl.by, node, DIP.declaredBy)))
            if decl.addressee is not None:
                right.append(
                    record("addressee_f1", self.set_f1(decl.addressee, node, DIP.addressee))
                )
            if decl.date is not None:
                right.append(record("decl_date_acc", self.date_right(decl.date, node)))
            if decl.adopted_at is not None:
                target = matched_events.get(decl.adopted_at)
                adopted = target is not None and self.values(node, DIP.adoptedAt) == [target]
                right.append(record("adopted_at_acc", adopted))
            if decl.about is not None:
                target = matched_events.get(decl.about)
                about = [o for o in self.values(node, DIP.about) if o in event_nodes]
                right.append(record("about_acc", target is not None and about == [target]))
            decls_exact += all(right)

        return Scores(
            events=Detection(len(event_pairs), len(event_preds), len(self.gold.events)),
            declarations=Detection(len(decl_pairs), len(decl_preds), len(self.gold.declarations)),
            events_exact=Detection(events_exact, len(event_preds), len(self.gold.events)),
            declarations_exact=Detection(decls_exact, len(decl_preds), len(self.gold.declarations)),
            entities=self.entities(),
            **acc,
        )

    def entities(self) -> Detection:
        gold = {WD[e.qid] for e in self.gold.entities if e.qid is not None}
        unverified = frozenset().union(
            *(
                ActorRef(label=e.label, aliases=e.aliases).folded_names()
                for e in self.gold.entities
                if e.qid is None
            )
        )
        predicted = set()
        for s, o in self.graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and str(s).startswith(str(WD)) and str(o).startswith(str(DIP)):
                predicted.add(s)
        # An identifier for an entity gold could not verify is neither right nor wrong.
        predicted = {
            s
            for s in predicted
            if s in gold
            or not any(
                fold_label(str(label)) in unverified for label in self.graph.objects(s, RDFS.label)
            )
        }
        return Detection(len(predicted & gold), len(predicted), len(gold))


def evaluate(out_dir: Path, gold: Path) -> EvalResult:
    """Score the build in ``out_dir`` against a gold file or a folder of gold files.

    For each gold file, every RDF file in ``out_dir/<stem>/`` is read, where ``<stem>`` is
    the gold ``article`` without its extension. A missing folder (or one without RDF)
    makes every gold item of that article a miss; :attr:`EvalResult.missing_outputs`
    lists those stems.

    Raises:
        InputError: ``out_dir`` or ``gold`` is missing, or a gold file is malformed
            (two gold files for one article included).
        RDFSyntaxError: an output file cannot be parsed.
    """
    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: no such build folder; run `kg build ... -o {out_dir}` first")
    results: list[ArticleResult] = []
    seen: dict[str, Path] = {}
    for path in gold_files(gold):
        article = read_gold(path)
        if article.stem in seen:
            raise InputError(
                f"{path}: article {article.article!r} is already scored by {seen[article.stem]}; "
                "keep one gold file per article"
            )
        seen[article.stem] = path
        graph = read_output_graph(out_dir / article.stem)
        scores = _ArticleScorer(article, graph if graph is not None else Graph()).score()
        results.append(ArticleResult(article.stem, path, graph is not None, scores))
    return EvalResult(tuple(results))
