"""Declarations: statements, joint statements, agreements, directives, requests, demands.

One :class:`DeclMention` per trigger; routine attribution of news ("the press service
reported", "a source said the leaders discussed ...") and announcements of a scheduled
event ("said he will visit") are left out (ANNOTATION.md). Mentions of one claim or one
document are merged afterwards.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from diplokg.extract.actorindex import lower_words
from diplokg.extract.actors import ActorIndex
from diplokg.extract.clauses import DocContext, clause_head, sentence_span
from diplokg.extract.mentions import EventMention, actors_of, subject_of
from diplokg.extract.merging import EventCluster
from diplokg.extract.tokens import (
    children,
    lemma_words,
    sentence_of,
    sentence_text,
    span_text,
    token_list,
    token_texts,
)
from diplokg.records import TimeValue

__all__ = ["DeclMention", "find_declarations"]

_SAY = frozenset(
    {
        "say",
        "stress",
        "note",
        "add",
        "express",
        "state",
        "emphasize",
        "emphasise",
        "tell",
        "reiterate",
        "cite",
        "consider",
        "confirm",
        "hope",
        "warn",
        "approve",
        "uphold",
        "welcome",
        "believe",
        "describe",
        "voice",
        "insist",
        "underline",
        "point",
    }
)
_KIND_VERBS = {
    "order": "Directive",
    "instruct": "Directive",
    "decree": "Directive",
    "ask": "Request",
    "request": "Request",
    "appeal": "Request",
    "invite": "Request",
    "demand": "Demand",
    "urge": "Demand",
    "agree": "Agreement",
}
_DOC_NOUNS = {
    "declaration": "JointStatement",
    "communique": "JointStatement",
    "communiqué": "JointStatement",
    "document": "JointStatement",
    "statement": "JointStatement",
    "resolution": "Directive",
    "agreement": "Agreement",
    "accord": "Agreement",
    "deal": "Agreement",
    "understanding": "Agreement",
    "memorandum": "Agreement",
    "agreements": "Agreement",
}
#: Lemmas :func:`_kind` may accept as a verb trigger.
_TRIGGER_LEMMAS = frozenset(_KIND_VERBS) | _SAY | {"call"}
_DOC_VERBS = frozenset(
    {
        "adopt",
        "sign",
        "issue",
        "read",
        "approve",
        "reach",
        "announce",
        "conclude",
        "reiterate",
        "say",
        "state",
        "agree",
        "end",
    }
)
_ROUTINE_SUBJECTS = frozenset(
    {
        "service",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "source",
        "sources",
        "reports",
        "media",
        "agency",
        "office",
        "ministry",
        "newspaper",
        "report",
    }
)
_EVAL_WORDS = frozenset(
    {
        "important",
        "efficient",
        "candid",
        "positive",
        "successful",
        "useful",
        "productive",
        "constructive",
        "fruitful",
        "historic",
    }
)


@dataclass
class DeclMention:
    """One declaration trigger with its attributes."""

    kind: str
    trigger: int
    sent_start: int
    spans: list[tuple[int, int]]
    by: list[str] = field(default_factory=list)
    addressee: list[str] = field(default_factory=list)
    adopted_at: int | None = None  # index of an event cluster
    about: int | None = None
    date: TimeValue | None = None
    text: str | None = None
    heading: bool = False
    quoted: bool = False
    lemma: str = ""
    definite: bool = False
    triggers: list[int] = field(default_factory=list)


def find_declarations(
    ctx: DocContext, actors: ActorIndex, clusters: list[EventCluster], paragraphs: list[int]
) -> list[DeclMention]:
    """Every declaration of the document, merged per claim or document."""
    doc = ctx.doc
    event_tokens = _event_token_map(clusters)
    found: list[DeclMention] = []
    lowered = lower_words(doc)
    lemmas = lemma_words(doc)
    for i, tok in enumerate(token_list(doc)):
        # Only these words can be triggers (see _kind): skip the rest before parsing.
        if lemmas[i] not in _TRIGGER_LEMMAS and lowered[i] not in _DOC_NOUNS:
            continue
        if i in ctx.skip_tokens:
            continue
        kind = _kind(tok)
        if kind is None:
            continue
        mention = _build(tok, kind, ctx, actors, clusters, event_tokens, paragraphs, found)
        if mention is not None:
            found.append(mention)
    return _merge(found, doc)


def _kind(tok: Any) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
        if lemma == "call" and (nxt == "for" or any(c.lower_ == "for" for c in children(tok))):
            # "called for a government to be formed": "for" may hang off the inner verb.
            return "Demand"
        if lemma == "call" and any(c.dep_ in ("oprd", "ccomp", "xcomp") for c in children(tok)):
            return "Statement"
        if (
            lemma == "turn"
            and any(c.lower_ == "to" for c in children(tok))
            and any(c.lemma_ == "ask" for c in children(tok))
        ):
            return None
        if lemma in _KIND_VERBS:
            return _KIND_VERBS[lemma]
        if lemma in _SAY:
            if lemma == "express" and not any(c.dep_ == "dobj" for c in children(tok)):
                return None
            if lemma in ("tell", "cite", "consider", "describe", "point") and not any(
                c.dep_ in ("ccomp", "dobj", "oprd") for c in children(tok)
            ):
                return None
            return "Statement"
    if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in _DOC_NOUNS:
        kind = _DOC_NOUNS[tok.lower_]
        if tok.lower_ == "statement" and not any(c.lower_ == "joint" for c in children(tok)):
            return None
        if tok.lower_ == "document" and not any(
            c.lower_ in ("common", "final", "joint") for c in children(tok)
        ):
            return None
        gov = tok.head
        if tok.dep_ == "pobj":
            gov = tok.head.head
        if (
            gov.lemma_.lower() in _DOC_VERBS
            or tok.dep_ in ("appos",)
            or any(c.lower_ == "joint" for c in children(tok))
            or tok.dep_ == "nsubjpass"
        ):
            return kind
        if tok.dep_ == "pobj" and tok.head.head.lower_ in ("adoption", "signing"):
            return kind
    return None


def _event_token_map(clusters: list[EventCluster]) -> dict[int, int]:
    out: dict[int, int] = {}
    for k, c in enumerate(clusters):
        for m in c.mentions:
            out[m.trigger] = k
    return out


def _build(
    tok: Any,
    kind: str,
    ctx: DocContext,
    actors: ActorIndex,
    clusters: list[EventCluster],
    event_tokens: dict[int, int],
    paragraphs: list[int],
    earlier: list[DeclMention],
) -> DeclMention | None:
    doc = ctx.doc
    sent = sentence_of(tok)
    lemma = tok.lemma_.lower()
    quoted = any(w in ('"', "“", "”") for w in token_texts(doc)[sent.start : sent.end])
    mention = DeclMention(
        kind,
        tok.i,
        sent.start,
        [sentence_span(sent)],
        heading=tok.i < ctx.body_start_token,
        quoted=quoted,
        lemma=lemma,
        triggers=[tok.i],
    )
    is_noun = tok.pos_ in ("NOUN", "PROPN")
    mention.definite = is_noun and any(c.lower_ in ("the", "this") for c in children(tok))
    verb = tok.head if is_noun and tok.dep_ != "pobj" else (tok.head.head if is_noun else tok)
    if is_noun and tok.dep_ == "pobj" and tok.head.head.lower_ in ("adoption", "signing"):
        verb = clause_head(tok)
    # Who declares.
    if is_noun:
        for c in children(tok):
            if c.dep_ == "prep" and c.lower_ in ("of", "by", "between"):
                mention.by = actors_of(c, ctx, actors, _dummy())
            if c.dep_ == "poss":
                mention.by = actors_of(c, ctx, actors, _dummy())
        if not mention.by and tok.dep_ in ("dobj", "pobj", "attr"):
            subj = subject_of(verb)
            if subj is not None:
                mention.by = actors_of(subj, ctx, actors, _dummy())
        if not mention.by:
            agent = next((c for c in children(verb) if c.dep_ == "agent"), None)
            if agent is not None:
                mention.by = actors_of(agent, ctx, actors, _dummy())
    else:
        if _document_content(tok):
            return None
        if kind in ("Directive", "Request", "Demand") and _agentless_passive(tok):
            # "leaders who were invited to the expo": nobody is on record asking.
            return None
        subj = subject_of(tok, climb=True)
        if subj is not None:
            probe = _dummy()
            if subj.lower_ in ("he", "she"):
                mention.by = _same_speaker(earlier, tok, actors) or actors_of(
                    subj, ctx, actors, probe
                )
            else:
                mention.by = actors_of(subj, ctx, actors, probe)
            if (
                subj.lower_ in _ROUTINE_SUBJECTS
                or any(
                    t.lower_ in ("service", "source", "sources", "reports", "spokesman")
                    for t in subj.subtree
                )
            ) and kind == "Statement":
                return None
            if not mention.by and probe.plural_anaphor:
                mention.by = _plural_referent(earlier, clusters, mention, ctx)
            if subj.lower_ in ("we",) and not mention.by:
                speaker = actors.last_person_before(doc, tok.i)
                mention.by = [speaker] if speaker else []
    mention.by = [b for b in mention.by if actors.kind(b) not in ("Place", "MediaOrganization")]
    if kind == "Statement" and _announces_event(tok, event_tokens, clusters):
        return None
    if kind == "Statement" and _reports_inner(tok):
        return None
    # To whom.
    if kind in ("Directive", "Request", "Demand") and not is_noun:
        for c in children(tok):
            if c.dep_ in ("dobj",):
                # The object phrase itself, not clauses hanging off it.
                np = doc[c.left_edge.i : c.i + 1]
                mention.addressee = [a for a in actors.actors_in(np) if actors.kind(a) != "Place"]
        if not mention.addressee:
            # Parses that miss the object: the first actor right after the verb.
            for t in doc[tok.i + 1 : min(tok.i + 5, sentence_of(tok).end)]:
                if t.lower_ == "to":
                    break
                named = [a for a in actors.actors_in([t]) if actors.kind(a) != "Place"]
                if named:
                    mention.addressee = named
                    break
        head = tok
        if tok.dep_ in ("advcl", "xcomp", "acl"):
            # "turned to X for the first time asking to ...": the verb the request rides on.
            head = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), tok.head)
        for c in children(head):
            if c.dep_ == "prep" and c.lower_ == "to":
                mention.addressee += [
                    a for a in actors_of(c, ctx, actors, _dummy()) if a not in mention.addressee
                ]
    if lemma == "express":
        for c in tok.subtree:
            if c.dep_ == "prep" and c.lower_ == "to":
                mention.addressee = actors_of(c, ctx, actors, _dummy())
                break
    mention.addressee = [a for a in mention.addressee if actors.kind(a) != "Place"]
    # Where it was made and what it concerns.
    content = list(tok.subtree) if not is_noun else list(verb.subtree)
    in_content = sorted({event_tokens[t.i] for t in content if t.i in event_tokens})
    at = _adopted_at(tok, verb, mention, clusters, event_tokens, paragraphs, ctx, earlier)
    mention.adopted_at = at
    about = [k for k in in_content if k != at and not _is_frame(doc, clusters[k], tok)]
    if not about and any(t.lower_ in ("idea", "proposal", "initiative") for t in content):
        pending = [
            k
            for k, c in enumerate(clusters)
            if c.status in ("Planned", "Proposed") and min(m.trigger for m in c.mentions) < tok.i
        ]
        about = pending[-1:]
    if (
        not about
        and kind != "JointStatement"
        and at is not None
        and any(t.i in event_tokens and event_tokens[t.i] == at for t in content)
        and lemma in ("express", "call", "note")
    ):
        about = [at]
    mention.about = about[0] if about else None
    if (
        not mention.by
        and at is not None
        and kind in ("JointStatement", "Agreement", "Demand", "Directive")
    ):
        mention.by = list(clusters[at].participants)
    # When.
    times = [
        t
        for t in ctx.times_attached(tok) + ctx.times_attached(clause_head(tok))
        if not t.value.is_empty
    ]
    if times:
        mention.date = times[0].value
    elif at is not None and clusters[at].date is not None:
        mention.date = clusters[at].date
    elif ctx.reference_day is not None and kind == "Statement":
        mention.date = TimeValue.day(ctx.reference_day)
    elif ctx.published is not None and kind == "Statement":
        mention.date = ctx.published
    mention.text = _claim_text(tok, is_noun, verb)
    return mention


def _dummy() -> EventMention:
    return EventMention("Meeting", "Held", 0, 0, (0, 1))


def _document_content(tok: Any) -> bool:
    """ "adopted a document urging X", "a declaration was adopted stressing Y": what the
    document says, part of the document's declaration rather than one of its own."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("acl", "advcl", "xcomp"):
        return False
    head = tok.head
    if head.lower_ in _DOC_NOUNS:
        return True
    return head.lemma_.lower() in _DOC_VERBS and any(
        c.lower_ in _DOC_NOUNS for c in children(head) if c.dep_ in ("nsubjpass", "dobj")
    )


def _agentless_passive(tok: Any) -> bool:
    passive = any(c.dep_ == "auxpass" for c in children(tok)) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl", "amod")
    )
    return passive and not any(c.dep_ == "agent" for c in children(tok))


def _same_speaker(earlier: list[DeclMention], tok: Any, actors: ActorIndex) -> list[str]:
    """ "..., he said": the one person who made the statement just before, if near."""
    for prev in reversed(earlier):
        if tok.i - prev.trigger > 150 or prev.kind != "Statement":
            return []
        if len(prev.by) == 1 and actors.kind(prev.by[0]) == "Person":
            return list(prev.by)
        return []
    return []


def _plural_referent(
    earlier: list[DeclMention], clusters: list[EventCluster], mention: DeclMention, ctx: DocContext
) -> list[str]:
    for prev in reversed(earlier):
        if (
            prev.kind in ("JointStatement", "Agreement")
            and len(prev.by) > 1
            and mention.sent_start - prev.sent_start < 200
        ):
            return list(prev.by)
        break
    held = [
        c
        for c in clusters
        if c.status == "Held"
        and any(m.trigger < mention.trigger and not m.heading for m in c.mentions)
    ]
    if held:
        last = max(
            held, key=lambda c: max(m.trigger for m in c.mentions if m.trigger < mention.trigger)
        )
        return list(last.participants)
    return []


def _announces_event(tok: Any, event_tokens: dict[int, int], clusters: list[EventCluster]) -> bool:
    """ "said he will visit Washington": the scheduled event is the news, not a position."""
    for c in children(tok):
        if c.dep_ != "ccomp":
            continue
        head = c
        if any(g.lower_ in _EVAL_WORDS for g in c.subtree):
            return False
        subj = next((g for g in children(head) if g.dep_ in ("nsubj", "nsubjpass")), None)
        if head.i in event_tokens:
            return clusters[event_tokens[head.i]].status != "Held" or not _person_subject(tok)
        if (
            subj is not None
            and subj.i in event_tokens
            and head.lemma_ in ("hold", "resume", "take", "place", "begin", "start")
        ):
            return True
        if head.lemma_ in ("discuss",) and not _person_subject(tok):
            return True
    return False


def _person_subject(tok: Any) -> bool:
    subj = subject_of(tok, climb=True)
    return subj is not None and (subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she"))


def _reports_inner(tok: Any) -> bool:
    """ "X said that A, B and C had agreed ...": the inner agreement is the declaration."""
    for c in children(tok):
        if c.dep_ == "ccomp" and c.lemma_.lower() in ("agree", "order", "demand", "urge", "sign"):
            return True
    return False


def _is_frame(doc: Any, cluster: EventCluster, tok: Any) -> bool:
    return False


def _adopted_at(
    tok: Any,
    verb: Any,
    mention: DeclMention,
    clusters: list[EventCluster],
    event_tokens: dict[int, int],
    paragraphs: list[int],
    ctx: DocContext,
    earlier: list[DeclMention],
) -> int | None:
    sent = sentence_of(tok)
    lowered = lower_words(tok.doc)
    # "During the talks, ...", "said while meeting with", "adopted after the meeting".
    for i in range(sent.start, sent.end):
        if lowered[i] in ("during", "while", "after", "following", "at"):
            t = token_list(tok.doc)[i]
            # "said while meeting with X": the marker hangs off the event verb.
            scope = [t.head] if t.dep_ == "mark" else list(t.subtree)
            for g in scope:
                k = event_tokens.get(g.i)
                if k is not None and clusters[k].status == "Held":
                    if t.lower_ in ("after", "following") and mention.kind == "Statement":
                        continue
                    if t.lower_ == "at" and mention.kind == "Statement":
                        continue
                    return k
    if (
        tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ == "pobj"
        and tok.head.head.lower_ in ("adoption",)
    ):
        for i in range(sent.start, sent.end):
            k = event_tokens.get(i)
            if k is not None:
                return k
    if mention.kind == "Statement":
        prev = earlier[-1] if earlier else None
        if (
            prev is not None
            and prev.adopted_at is not None
            and prev.kind == "Statement"
            and _same_paragraph(prev.sent_start, sent.start, paragraphs) is not None
            and set(mention.by) <= set(clusters[prev.adopted_at].participants)
            and mention.by
        ):
            return prev.adopted_at
        if (
            prev is not None
            and prev.adopted_at is not None
            and prev.kind == "Statement"
            and mention.by
            and set(mention.by) <= set(clusters[prev.adopted_at].participants)
            and sent.start - prev.sent_start < 120
        ):
            return prev.adopted_at
        return None
    # Documents and agreements: the held event of this sentence or the paragraph so far.
    candidates: list[tuple[int, int]] = []
    para = _same_paragraph(sent.start, sent.start, paragraphs)
    for k, c in enumerate(clusters):
        if c.status != "Held":
            continue
        for m in c.mentions:
            if m.heading or m.trigger > sent.end:
                continue
            same_para = (
                para is not None and _same_paragraph(m.trigger, sent.start, paragraphs) is not None
            )
            if (
                m.sent_start == sent.start
                or same_para
                or (sent.start - m.trigger < 60 and m.trigger < sent.start)
            ):
                candidates.append((m.trigger, k))
    if not candidates:
        return None
    by = set(mention.by)
    good = [
        (t, k)
        for t, k in candidates
        if not by or by & set(clusters[k].participants) or not clusters[k].participants
    ]
    pool = good or []
    return max(pool)[1] if pool else None


def _same_paragraph(a: int, b: int, paragraphs: list[int]) -> int | None:
    """The paragraph index when token indices ``a`` and ``b`` share one."""

    pa, pb = bisect_right(paragraphs, a), bisect_right(paragraphs, b)
    return pa if pa == pb else None


def _claim_text(tok: Any, is_noun: bool, verb: Any) -> str | None:
    for c in children(tok):
        if c.dep_ in ("ccomp", "xcomp") and not is_noun:
            words = list(c.subtree)
            return span_text(tok.doc, words[0].i, words[-1].i + 1).strip(' "“”,')
    sent = sentence_text(sentence_of(tok)).strip()
    return sent or None


def _merge(found: list[DeclMention], doc: Any) -> list[DeclMention]:
    body = [m for m in found if not m.heading]
    heads = [m for m in found if m.heading]
    out: list[DeclMention] = []
    for m in body:
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, m):
            prev.spans.extend(m.spans)
            prev.triggers.extend(m.triggers)
            prev.by = prev.by or m.by
            prev.about = prev.about if prev.about is not None else m.about
            continue
        out.append(m)
    for m in heads:
        best = None
        for o in out:
            if o.kind == m.kind and (not m.by or not o.by or set(m.by) & set(o.by)):
                best = o
                break
        if best is not None:
            best.spans.extend(m.spans)
            best.triggers.extend(m.triggers)
            continue
        out.append(m)
    return out


def _continues(prev: DeclMention, m: DeclMention) -> bool:
    """Whether ``m`` says again what ``prev`` said (same claim, same document)."""
    if (
        m.sent_start == prev.sent_start
        and prev.kind == m.kind
        and m.lemma not in ("add",)
        and (set(m.by) == set(prev.by) or not m.by)
    ):
        return True
    documents = ("JointStatement", "Agreement")
    if (
        prev.kind in documents
        and m.kind in documents
        and (m.definite or m.lemma in ("sign", "adopt"))
    ):
        return m.sent_start - prev.sent_start < 120 and (
            not m.by or not prev.by or bool(set(m.by) & set(prev.by)) or _more_specific(prev, m)
        )
    # A direct quote after a paraphrase by the same speaker elaborates the same claim;
    # "adding that" opens a new one.
    return (
        prev.kind == "Statement"
        and m.kind == "Statement"
        and m.quoted
        and "add" not in (m.lemma, prev.lemma)
        and m.by == prev.by
        and m.sent_start - prev.sent_start < 80
    )


def _more_specific(prev: DeclMention, m: DeclMention) -> bool:
    if m.by and prev.by and len(m.by) == len(prev.by):
        prev.by = m.by
        return True
    return False
