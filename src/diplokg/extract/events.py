"""Meetings, talks, summits, visits and phone calls: triggers and their attributes.

Each trigger word gives an :class:`EventMention` with its own participants, place, date
and status read from the clause around it; :mod:`diplokg.extract.merging` then folds
mentions of one real event into one cluster.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from diplokg.extract.actorindex import lower_words
from diplokg.extract.actors import ActorIndex
from diplokg.extract.clauses import (
    DocContext,
    TimeAt,
    clause_chain,
    clause_head,
    is_present_perfect,
    sentence_span,
)
from diplokg.extract.mentions import EventMention, actors_of, subject_of
from diplokg.extract.merging import fold_same_sentence
from diplokg.extract.tokens import (
    children,
    lemma_words,
    sentence_of,
    sentence_text,
    token_list,
)
from diplokg.records import TimeValue

__all__ = ["find_event_mentions"]

_NOUN_KINDS = {
    "talks": "Talks",
    "negotiations": "Talks",
    "consultations": "Talks",
    "dialogue": "Talks",
    "round": "Talks",
    "meeting": "Meeting",
    "meetings": "Meeting",
    "summit": "Summit",
    "visit": "Visit",
    "trip": "Visit",
    "tour": "Visit",
    "call": "PhoneCall",
    "conversation": "PhoneCall",
    "contacts": "Talks",
}
_VERB_KINDS = {"meet": "Meeting", "visit": "Visit", "receive": "Meeting", "arrive": "Visit"}
_WEAK_VERBS = frozenset({"discuss", "speak", "exchange"})
_VERB_TRIGGERS = frozenset(_VERB_KINDS) | _WEAK_VERBS
_PRESS = frozenset({"press", "media", "journalists", "reporters", "journalist", "reporter"})
_PHONE = re.compile(r"\b(?:phone|telephone|by telephone|phone call)\b", re.IGNORECASE)
_HOLD_VERBS = frozenset(
    {
        "hold",
        "have",
        "conduct",
        "start",
        "begin",
        "resume",
        "continue",
        "host",
        "attend",
        "conclude",
        "pay",
        "call",
        "arrange",
        "convene",
        "chair",
        "join",
        "end",
        "finish",
    }
)
_PLANNED = frozenset(
    {
        "will",
        "shall",
        "'ll",
        "scheduled",
        "schedule",
        "plan",
        "planned",
        "next",
        "upcoming",
        "prepare",
        "ready",
        "prepared",
        "expect",
        "expected",
        "due",
        "agree",
        "decide",
        "intend",
        "going",
        "convene",
        "host",
        "coming",
        "future",
        "new",
        "resume",
        "set",
        "willing",
        "to",
    }
)
_PROPOSED = frozenset(
    {"possibility", "propose", "proposal", "suggest", "offer", "idea", "possible", "ask", "call"}
)
_CANCELLED = frozenset(
    {"cancel", "postpone", "scrap", "cancelation", "cancellation", "off", "drop"}
)
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


def find_event_mentions(ctx: DocContext, actors: ActorIndex) -> list[EventMention]:
    """Every event trigger of the document, with the attributes its clause gives."""
    doc = ctx.doc
    found: list[EventMention] = []
    used: set[int] = set()
    lowered = lower_words(doc)
    lemmas = lemma_words(doc)
    for i, tok in enumerate(token_list(doc)):
        # Only these words can trigger (see _trigger_kind): skip the rest before parsing.
        if lowered[i] not in _NOUN_KINDS and lemmas[i] not in _VERB_TRIGGERS:
            continue
        if i in ctx.skip_tokens or i in used:
            continue
        kind, weak = _trigger_kind(tok, ctx)
        if kind is None:
            continue
        head = _event_head(tok)
        used.update({tok.i, head.i})
        mention = _build(tok, head, kind, weak, ctx, actors)
        if mention is not None:
            if not mention.participants:
                _numbered_sides(mention, head, found, actors)
            found.append(mention)
    _sequenced(found, doc)
    return fold_same_sentence(found, doc)


#: Verbs that put one event before or after another: their subject and object are two.
_SEQUENCE_VERBS = frozenset({"follow", "precede"})


def _sequenced(mentions: list[EventMention], doc: Any) -> None:
    """ "The meeting followed talks with X": subject and object are distinct events."""
    heads = {_event_head(doc[m.trigger]).i: m for m in mentions}
    for i, m in heads.items():
        tok = doc[i]
        if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in _SEQUENCE_VERBS:
            continue
        for c in children(tok.head):
            other = heads.get(c.i)
            if c.dep_ in ("nsubj", "nsubjpass") and other is not None:
                m.apart_from.add(other.trigger)
                other.apart_from.add(m.trigger)
                if other.date == m.date and not m.default_date:
                    # One time in the clause cannot date both; it stands by the object.
                    other.date, other.default_date = None, False


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_SIDE_NOUNS = frozenset({"countries", "states", "nations", "sides", "parties", "governments"})


def _numbered_sides(
    mention: EventMention, head: Any, earlier: list[EventMention], actors: ActorIndex
) -> None:
    """ "the next meeting of the three countries' ministers": the states of the latest
    earlier event that had exactly that many sides."""
    count = None
    for t in head.subtree:
        if t.lower_ in _SIDE_NOUNS:
            for c in children(t):
                if c.dep_ == "nummod":
                    count = _NUMBER_WORDS.get(c.lower_) or (
                        int(c.text) if c.text.isdigit() else None
                    )
    if count is None:
        return
    for prior in reversed(earlier):
        sides = list(dict.fromkeys(prior.party_of.get(p, p) for p in prior.participants))
        if len(sides) == count and all(actors.kind(s) == "State" for s in sides):
            mention.participants = sides
            return


def _trigger_kind(tok: Any, ctx: DocContext) -> tuple[str | None, bool]:
    lower = tok.lower_
    if tok.pos_ in ("NOUN", "PROPN") or (lower in _NOUN_KINDS and tok.pos_ != "VERB"):
        kind = _NOUN_KINDS.get(lower)
        if kind is None:
            return None, False
        if lower == "round" and not _round_of_talks(tok):
            return None, False
        if lower == "call" and not _PHONE.search(sentence_text(sentence_of(tok))):
            return None, False
        if lower == "conversation" and not _PHONE.search(sentence_text(sentence_of(tok))):
            return None, False
        if lower == "contacts" and not any(c.lower_ == "in" for c in children(tok)):
            return None, False
        if _about_press(tok):
            return None, False
        if (
            lower in ("talks", "negotiations", "dialogue")
            and tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and tok.head.head.lower_ in ("round", "meeting", "session")
        ):
            # "a meeting of the dialogue": one event, headed by the meeting.
            return None, False
        if (
            lower in ("talks", "meeting", "negotiations")
            and tok.dep_ == "pobj"
            and tok.head.lower_ == "for"
            and tok.head.head.lemma_ in ("arrive", "visit", "come", "travel", "leave")
        ):
            return None, False
        if tok.lower_ in ("meeting", "meetings") and _numbered(tok):
            return "Talks", False
        if tok.lower_ in ("meeting", "meetings") and any(
            c.lower_ in ("highest-level", "top-level", "leaders") for c in children(tok)
        ):
            return "Summit", False
        if tok.lower_ in ("meeting", "meetings") and _of_dialogue(tok):
            return "Talks", False
        if (
            _PHONE.search(sentence_text(sentence_of(tok)))
            and kind in ("Talks", "Meeting")
            and "phone" in sentence_text(sentence_of(tok)).lower()
        ):
            return ("PhoneCall", False) if lower in ("call", "conversation") else (kind, False)
        return kind, False
    if tok.pos_ == "VERB":
        lemma = tok.lemma_.lower()
        if _habitual(tok):
            return None, False
        if lemma in _VERB_KINDS:
            if tok.dep_ == "amod" or _about_press(tok):
                return None, False
            if lemma == "receive" and not _has_person_object(tok):
                return None, False
            if lemma == "visit" and _has_person_object(tok):
                return "Meeting", False
            if lemma == "arrive" and not any(c.lower_ in ("in", "at") for c in children(tok)):
                return None, False
            return _VERB_KINDS[lemma], False
        if lemma in _WEAK_VERBS:
            if lemma == "exchange" and "views" not in {c.lower_ for c in children(tok)}:
                return None, False
            if lemma == "speak" and not any(c.lower_ == "with" for c in children(tok)):
                return None, False
            phone = bool(_PHONE.search(sentence_text(sentence_of(tok))))
            return ("PhoneCall" if phone else "Talks"), True
    return None, False


_HABITUAL = frozenset({"always", "usually", "often", "regularly", "never", "whenever"})


def _habitual(verb: Any) -> bool:
    """ "every time I speak with X", "they often meet": a habit, not one event."""
    if any(c.lower_ in _HABITUAL for c in children(verb) if c.dep_ in ("advmod", "mark")):
        return True
    head = verb.head
    return (
        verb.dep_ in ("relcl", "acl")
        and head.lower_ in ("time", "times")
        and any(c.lower_ in ("every", "each") for c in children(head))
    )


def _round_of_talks(tok: Any) -> bool:
    for c in children(tok):
        if c.lower_ == "of" and any(
            g.lower_ in ("talks", "negotiations", "consultations", "dialogue") for g in children(c)
        ):
            return True
    return any(c.lower_ in ("talks", "negotiations") for c in children(tok) if c.dep_ == "compound")


def _numbered(tok: Any) -> bool:
    return any(
        c.dep_ == "amod" and (c.lower_ in _ORDINALS or re.match(r"\d+(st|nd|rd|th)$", c.lower_))
        for c in tok.subtree
        if c.i < tok.i
    )


def _of_dialogue(tok: Any) -> bool:
    return any(
        c.lower_ == "of"
        and any(g.lower_ in ("dialogue", "talks", "negotiations") for g in c.subtree)
        for c in children(tok)
    )


def _about_press(tok: Any) -> bool:
    """Press events ("meeting the press", "a meeting with the media") only report."""
    for c in children(tok):
        if c.dep_ == "dobj" and c.lower_ in _PRESS:
            return True
        if c.lower_ == "with" and any(g.lower_ in _PRESS for g in children(c)):
            return True
    return False


def _has_person_object(tok: Any) -> bool:
    return any(
        c.dep_ == "dobj"
        and (
            c.ent_type_ == "PERSON"
            or (c.pos_ == "PROPN" and c.ent_type_ not in ("GPE", "LOC", "FAC", "NORP"))
            or c.lower_ in ("president", "leader", "minister")
        )
        for c in children(tok)
    )


def _event_head(tok: Any) -> Any:
    """ "the second round of the talks": the round heads the phrase."""
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.lower_ in ("round", "session")
    ):
        return tok.head.head
    return tok


def _build(
    tok: Any, head: Any, kind: str, weak: bool, ctx: DocContext, actors: ActorIndex
) -> EventMention | None:
    doc = ctx.doc
    sent = sentence_of(tok)
    chain = clause_chain(head)
    verb = clause_head(head)
    mention = EventMention(
        kind=kind,
        status=_status(head, chain, ctx),
        trigger=tok.i,
        sent_start=sent.start,
        span=sentence_span(sent),
        weak=weak,
        heading=tok.i < ctx.body_start_token,
        label=doc[head.left_edge.i : tok.i + 1].text if head.i <= tok.i else tok.text,
    )
    mention.past_plan = mention.status == "Planned" and _future_in_past(chain)
    mention.definite = any(
        c.lower_ in ("the", "this", "that") for c in children(head) if c.dep_ == "det"
    ) and not any(c.dep_ in ("prep", "amod", "compound", "nummod", "poss") for c in children(head))
    _participants(mention, tok, head, verb, ctx, actors)
    mention.location = _location(tok, head, verb, ctx, actors, kind)
    if mention.location is not None:
        mention.region = actors.actors[mention.location].country
        _home_organizer(mention, head, ctx, actors)
    _date(mention, tok, head, verb, chain, ctx)
    _round(mention, head)
    if mention.status == "Held" and _after(mention.date, ctx):
        # "Meeting with X on Wednesday" in a story written on Monday is still ahead.
        mention.status = "Planned"
    for p in mention.participants:
        info = actors.actors[p]
        if info.kind == "Person" and info.country:
            mention.party_of[p] = info.country
    return mention


def _after(date: TimeValue | None, ctx: DocContext) -> bool:
    """Whether a date lies wholly after the day the article was written."""
    day = ctx.reference_day
    if date is None or day is None or not date.value:
        return False
    earliest = date.earliest
    if earliest is None and len(date.value) == 10:
        earliest = dt.date.fromisoformat(date.value)
    return earliest is not None and earliest > day


_EVENT_PREDICATES = frozenset(
    {
        "hold",
        "take",
        "start",
        "begin",
        "resume",
        "open",
        "end",
        "convene",
        "continue",
        "conclude",
        "happen",
        "cancel",
        "postpone",
        "be",
        "plan",
        "schedule",
        "expect",
        "set",
    }
)


def _status(head: Any, chain: list[Any], ctx: DocContext) -> str:
    # "his meeting with Bush will have a positive impact": the verb is not about the event.
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() not in _EVENT_PREDICATES:
        chain = [head]
    words: set[str] = set()
    for node in chain:
        words.add(node.lemma_.lower())
        words.add(node.lower_)
        for c in children(node):
            if c.dep_ in ("aux", "auxpass", "amod", "advmod", "neg", "prt", "acomp"):
                words.add(c.lower_)
                words.add(c.lemma_.lower())
    for c in children(head):
        if c.dep_ in ("amod", "compound"):
            words.add(c.lower_)
    if words & _CANCELLED:
        return "Cancelled"
    firm = {"agree", "decide", "prepare", "ready", "scheduled"}
    if (
        words & _PROPOSED
        and not words & firm
        and (
            "possibility" in words
            or "propose" in words
            or "proposal" in words
            or "idea" in words
            or "suggest" in words
            or "offer" in words
        )
    ):
        return "Proposed"
    top = chain[-1]
    heading = head.i < ctx.body_start_token
    infinitive = (
        any(c.dep_ == "aux" and c.lower_ == "to" for c in children(top))
        and not any(c.dep_ in ("nsubj",) for c in children(top))
        and top.dep_ == "ROOT"
    )
    if (
        words & (_PLANNED - {"to", "new", "host", "call"})
        or infinitive
        or any(_headline_infinitive(n, heading=heading) for n in chain)
        # "Envoy: talks to resume in May": the infinitive hangs off the event noun.
        or any(_headline_infinitive(c, heading=heading) for c in children(head))
    ):
        return "Planned"
    # "thanked X for hosting the meeting" looks back; "ready to host" looks ahead.
    thanked = any(n.lemma_ == "host" and n.tag_ == "VBG" and n.head.lower_ == "for" for n in chain)
    if "new" in words or ("host" in words and not thanked):
        return "Planned"
    return "Held"


def _headline_infinitive(verb: Any, *, heading: bool = False) -> bool:
    """ "X to visit Y" in a headline: an infinitive hanging off its subject noun.

    A headline may put the subject after a colon ("Envoy: talks to resume in May"), where
    the parser hangs it off the speaker as an apposition.
    """
    roots = ("ROOT", "appos", "dep") if heading else ("ROOT",)
    return (
        verb.dep_ == "acl"
        and verb.head.pos_ in ("NOUN", "PROPN")
        and verb.head.dep_ in roots
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))
    )


def _future_in_past(chain: list[Any]) -> bool:
    """ "was going to speak", "would meet": reported plans, often since carried out."""
    for node in chain:
        aux = {c.lower_ for c in children(node) if c.dep_ in ("aux", "auxpass")}
        if "would" in aux or (node.lower_ == "going" and aux & {"was", "were"}):
            return True
    return False


def _participants(
    mention: EventMention, tok: Any, head: Any, verb: Any, ctx: DocContext, actors: ActorIndex
) -> None:
    parts: list[str] = []

    def add(names: list[str]) -> None:
        parts.extend(n for n in names if n not in parts)

    is_verb = tok.pos_ == "VERB"
    if is_verb:
        subj = subject_of(tok)
        if subj is not None:
            add(actors_of(subj, ctx, actors, mention))
        own_subject = bool(parts)
        for c in children(tok):
            if c.dep_ in ("dobj", "attr") and mention.kind != "Visit" and not mention.weak:
                add(actors_of(c, ctx, actors, mention))
            # "discussed Syria with X", "exchanged views on Syria with X": the object is
            # the topic; the partner hangs off the verb or its object.
            withs = [c] + (list(children(c)) if c.dep_ == "dobj" and mention.weak else [])
            for w in withs:
                if w.dep_ == "prep" and w.lower_ in ("with", "between", "among"):
                    add(actors_of(w, ctx, actors, mention))
        if not own_subject and tok.dep_ in ("acl", "advcl", "pcomp") and tok.head.i != tok.i:
            # "met X on Monday before visiting Y": the subject is the main verb's.
            up = tok.head.head if tok.dep_ == "pcomp" and tok.head.pos_ == "ADP" else tok.head
            gov = subject_of(up)
            if gov is not None:
                add(actors_of(gov, ctx, actors, mention))
            elif _headline_infinitive(tok):
                # "Foreign minister to visit Washington": the noun is the subject.
                add(actors_of(tok.head, ctx, actors, mention))
    else:
        for c in children(head):
            if c.dep_ == "poss":
                add(actors_of(c, ctx, actors, mention))
            elif c.dep_ == "compound" and c.i in actors.by_token:
                add([a for a in actors.actors_in([c]) if actors.kind(a) == "Person"])
            elif (
                c.dep_ == "prep"
                and c.lower_
                in (
                    "with",
                    "between",
                    "among",
                    "by",
                    "of",
                    "involving",
                )
            ) or (c.dep_ in ("acl", "relcl") and c.lemma_ in ("involve", "include", "attend")):
                add(actors_of(c, ctx, actors, mention))
        if tok.text[:1].isupper() and not tok.is_sent_start:
            # "the G20 Foreign Ministers' Meeting": a named event is the meeting of the
            # grouping its name begins with.
            before = list(range(head.left_edge.i, tok.i))
            add(actors.actors_in(before, kinds=("InternationalOrganization",)))
        if tok.i != head.i:
            for c in children(tok):
                if c.dep_ == "prep" and c.lower_ in ("with", "between", "among"):
                    add(actors_of(c, ctx, actors, mention))
        add(_group_sources(head, ctx, actors, mention))
        gov = head.head
        if head.dep_ == "pobj":
            gov = head.head.head
        if head.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "nsubj") or head.dep_ == "ROOT":
            lemma = gov.lemma_.lower()
            if (
                lemma in _HOLD_VERBS
                or (
                    head.dep_ == "pobj"
                    and head.head.lower_ in ("during", "at", "while", "in", "on")
                    and mention.kind != "Summit"
                )
                or (
                    # "arrived for a visit", "left for talks": the traveller takes part.
                    head.dep_ == "pobj"
                    and head.head.lower_ == "for"
                    and lemma in ("arrive", "come", "travel", "leave", "fly", "head")
                )
                or lemma in ("say", "tell", "note")
                or (lemma in _CALL_OFF and head.dep_ == "dobj")
            ):
                subj = subject_of(gov)
                if head.dep_ == "nsubjpass":
                    # "negotiations were held" (he said): only an agent takes part.
                    subj = next((c for c in children(gov) if c.dep_ == "agent"), None)
                if subj is not None and subj.i not in range(
                    head.left_edge.i, head.right_edge.i + 1
                ):
                    names = actors_of(subj, ctx, actors, mention)
                    if lemma == "host":
                        # A mediator who hosts chairs the meeting; a leader hosts for
                        # the state, which only gives the venue.
                        _add_organizers(mention, names, actors)
                        names = [
                            n
                            for n in names
                            if actors.kind(n) == "Person" and n in mention.organizer
                        ]
                    if head.dep_ == "pobj" or lemma not in ("say", "tell", "note"):
                        add(names)
            if head.dep_ == "dobj":
                # "followed talks Wednesday between X and Y": the parser hangs a
                # "between" phrase after the event noun off the verb; it names the sides.
                for c in children(gov):
                    if c.dep_ == "prep" and c.lower_ == "between" and c.i > head.i:
                        add(actors_of(c, ctx, actors, mention))
            if (lemma in _HOLD_VERBS and head.dep_ == "dobj") or (
                head.dep_ in ("nsubj", "nsubjpass") and lemma in _EVENT_PREDICATES
            ):
                # "held talks on Monday with X", "took place with the participation of X":
                # the partners hang off the verb.
                for c in children(gov):
                    if c.dep_ == "prep" and c.lower_ in ("with", "between", "among"):
                        add(actors_of(c, ctx, actors, mention))
            if lemma == "attend" and mention.kind == "Summit":
                subj = subject_of(gov)
                if subj is not None:
                    add(actors_of(subj, ctx, actors, mention))
    _hosts(mention, tok, head, ctx, actors)
    if mention.kind == "Visit" and len(parts) > 1:
        people = [p for p in parts if actors.kind(p) == "Person"]
        parts = people[:1] or parts[:1]
    mention.participants = [p for p in parts if actors.kind(p) != "Place" or False]


#: Nouns for people who stand for the body they come from ("officials from the ministry").
_DELEGATE_NOUNS = frozenset(
    {
        "officials",
        "representatives",
        "members",
        "delegates",
        "delegation",
        "delegations",
        "envoys",
        "diplomats",
        "staff",
        "negotiators",
        "heads",
        "experts",
    }
)


def _group_sources(
    head: Any, ctx: DocContext, actors: ActorIndex, mention: EventMention
) -> list[str]:
    """ "a meeting with officials from the ministry": the body the group comes from.

    The parser often hangs "from X" off the event noun rather than off the group; an
    unnamed group of delegates stands for the body or state that sent it.
    """
    preps = [c for c in children(head) if c.dep_ == "prep"]
    groups = [
        g
        for c in preps
        if c.lower_ in ("with", "between", "among")
        for g in children(c)
        if g.dep_ == "pobj" and g.lower_ in _DELEGATE_NOUNS
    ]
    if not groups:
        return []
    out: list[str] = []
    for c in preps + [p for g in groups for p in children(g) if p.dep_ == "prep"]:
        if c.lower_ == "from" and c.i > groups[0].i:
            out.extend(a for a in actors_of(c, ctx, actors, mention) if a not in out)
    return out


#: Verbs whose subject calls off an event it was to take part in ("X cancelled the
#: summit with Y": X is one of its two sides).
_CALL_OFF = frozenset({"cancel", "postpone", "scrap"})

_PREPARE_VERBS = frozenset({"prepare", "organize", "organise", "arrange", "convene"})


def _state_of_actor(label: str, actors: ActorIndex) -> str | None:
    """The state an actor acts for: itself, its country (a ministry), its office's state."""
    info = actors.actors[label]
    if info.kind == "State":
        return label
    if info.kind == "GovernmentBody" or (info.kind == "Person" and info.role):
        return info.country
    return None


def _home_organizer(mention: EventMention, head: Any, ctx: DocContext, actors: ActorIndex) -> None:
    """ "X ordered its ministry to prepare the talks in X's capital": a state that prepares
    an event on its own soil hosts it (ANNOTATION: in its capital at its initiative)."""
    gov = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "for" else head.head
    if head.dep_ not in ("dobj", "pobj") or gov.lemma_.lower() not in _PREPARE_VERBS:
        return
    where = mention.location
    if where is None:
        return
    home = where if actors.kind(where) == "State" else actors.actors[where].country
    if home is None:
        return
    nodes = [gov, *[a for a in gov.ancestors if a.pos_ in ("VERB", "AUX")][:2]]
    doers: list[str] = []
    for node in nodes:
        for c in children(node):
            if c.dep_ in ("nsubj", "dobj") and c.i not in range(head.left_edge.i, head.i + 1):
                doers.extend(actors_of(c, ctx, actors, mention))
        if node.dep_ not in ("xcomp", "ccomp", "pcomp", "acl", "advcl"):
            break
    if any(_state_of_actor(d, actors) == home for d in doers) and home not in mention.organizer:
        mention.organizer.append(home)


def _add_organizers(mention: EventMention, names: list[str], actors: ActorIndex) -> None:
    """A leader who hosts does so for the state (ANNOTATION: the venue's state organizes)."""
    for name in names:
        info = actors.actors[name]
        host = info.country if info.kind == "Person" and info.role and info.country else name
        if host not in mention.organizer:
            mention.organizer.append(host)


def _hosts(mention: EventMention, tok: Any, head: Any, ctx: DocContext, actors: ActorIndex) -> None:
    """ "talks hosted by X", "thanked X for hosting the talks", "at the invitation of X"."""
    for c in children(head):
        if c.dep_ in ("acl", "relcl") and c.lemma_ == "host":
            agent = next((g for g in children(c) if g.dep_ == "agent"), None)
            if agent is not None:
                _add_organizers(mention, actors_of(agent, ctx, actors, mention), actors)
    gov = head.head
    if (
        head.dep_ == "dobj"
        and gov.lemma_ == "host"
        and gov.dep_ == "pcomp"
        and gov.head.lower_ == "for"
        and not any(g.dep_ == "nsubj" for g in children(gov))
    ):
        # "thanked X for hosting", "expressed gratitude to X for hosting".
        thanked = gov.head.head
        objects = [g for g in children(thanked) if g.dep_ in ("dobj", "prep")]
        objects += [g for o in list(objects) if o.dep_ == "dobj" for g in children(o)]
        for g in objects:
            if g.dep_ == "dobj" or (g.dep_ == "prep" and g.lower_ == "to"):
                _add_organizers(mention, actors_of(g, ctx, actors, mention), actors)
    sent = sentence_of(tok)
    lowered = lower_words(tok.doc)
    for k in range(sent.start, sent.end):
        if lowered[k] != "invitation":
            continue
        t = token_list(tok.doc)[k]
        if t.head.lower_ == "at":
            for g in children(t):
                if g.dep_ == "prep" and g.lower_ == "of":
                    _add_organizers(mention, actors_of(g, ctx, actors, mention), actors)


def _location(
    tok: Any, head: Any, verb: Any, ctx: DocContext, actors: ActorIndex, kind: str
) -> str | None:
    preps = ("in", "at") if kind != "Visit" else ("in", "to", "at")
    places: list[str] = []
    scopes = [head, tok] if head.i != tok.i else [head]
    if tok.pos_ == "VERB":
        scopes = [tok]
    elif head.dep_ in ("dobj", "nsubjpass", "nsubj") or (
        head.dep_ == "pobj" and head.head.head.pos_ == "VERB"
    ):
        scopes.append(head.head if head.dep_ != "pobj" else head.head.head)
    of = [g for c in children(head) if c.lower_ == "of" for g in children(c) if g.dep_ == "pobj"]
    if tok.pos_ != "VERB" and of and of[0].lower_ in _NOUN_KINDS:
        # "a meeting of the dialogue in Brussels": the place hangs off the series noun.
        scopes.insert(1, of[0])
    for scope in scopes:
        for c in children(scope):
            if c.dep_ == "prep" and c.lower_ in preps:
                places.extend(_places_in(c, actors))
            if c.dep_ == "dobj" and kind == "Visit" and tok.pos_ == "VERB":
                places.extend(_places_in(c, actors))
            if c.dep_ == "compound" and scope.pos_ in ("NOUN", "PROPN"):
                # "the round of Geneva talks": the place names the talks.
                places.extend(p for p in actors.actors_in([c]) if actors.kind(p) == "Place")
                mod = actors.by_token.get(c.i)
                if mod is not None and mod.modifier is False and kind != "Visit":
                    pass
            if c.dep_ == "advmod" and c.lower_ == "here" and ctx.dateline_place:
                places.append(ctx.dateline_place)
        if places:
            break
    if not places:
        places = _occasion_place(scopes, actors)
    if not places and tok.pos_ != "VERB":
        # "Xi's Russia visit": a state or place compound of a visit is where it goes.
        if kind == "Visit":
            for c in children(head):
                if c.dep_ == "compound":
                    found = actors.by_token.get(c.i)
                    if found is not None:
                        places.extend(
                            a for a in found.actors if actors.kind(a) in ("State", "Place")
                        )
        elif kind != "Visit":
            for c in children(head):
                if c.dep_ == "compound":
                    found = actors.by_token.get(c.i)
                    if found is not None:
                        places.extend(a for a in found.actors if actors.kind(a) == "Place")
    if not places:
        return None
    cities = [p for p in places if actors.kind(p) == "Place"]
    return (cities or places)[0]


_OCCASION_NOUNS = frozenset({"sidelines", "margins", "sideline", "margin", "side"})
#: Gatherings that other meetings happen at ("at the forum in Y").
_GATHERINGS = frozenset(
    {
        "summit",
        "meeting",
        "forum",
        "conference",
        "session",
        "congress",
        "assembly",
        "expo",
        "exhibition",
        "ceremony",
        "talks",
        "games",
        "gathering",
        "convention",
    }
)


def _occasion_place(scopes: list[Any], actors: ActorIndex) -> list[str]:
    """ "met X on the sidelines of the summit in Y", "at the forum in Y": the meeting is
    where the larger occasion is."""
    for scope in scopes:
        for c in children(scope):
            if c.dep_ != "prep" or c.lower_ not in ("on", "at", "during"):
                continue
            objects = [g for g in children(c) if g.dep_ == "pobj"]
            if not objects:
                continue
            occasion = objects[0]
            if occasion.lower_ in _OCCASION_NOUNS:
                inner = [
                    g
                    for p in children(occasion)
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for g in children(p)
                    if g.dep_ == "pobj"
                ]
                if not inner:
                    continue
                occasion = inner[0]
            if occasion.lower_ not in _GATHERINGS:
                # "talks on the conflict in Syria": a topic, not an occasion.
                continue
            for p in children(occasion):
                if p.dep_ == "prep" and p.lower_ in ("in", "at"):
                    found = _places_in(p, actors)
                    if found:
                        return found
    return []


def _places_in(prep: Any, actors: ActorIndex) -> list[str]:
    out: list[str] = []
    for t in prep.subtree:
        found = actors.by_token.get(t.i)
        if found is None:
            continue
        for a in found.actors:
            if actors.kind(a) in ("Place", "State") and a not in out:
                out.append(a)
    return out


def _date(
    mention: EventMention, tok: Any, head: Any, verb: Any, chain: list[Any], ctx: DocContext
) -> None:
    times: list[TimeAt] = []
    for node in [head, tok] + ([chain[1]] if len(chain) > 1 else []):
        times = [t for t in ctx.times_under(node) if not t.value.is_empty] + [
            t for t in ctx.times_attached(node) if not t.value.is_empty
        ]
        if times:
            break
    if not times and head.dep_ in ("dobj", "pobj", "nsubjpass", "attr"):
        gov = head.head.head if head.dep_ == "pobj" else head.head
        if gov.pos_ in ("VERB", "AUX") and mention.status != "Proposed":
            times = [t for t in ctx.times_attached(gov) if not t.value.is_empty]
    if times:
        mention.date = times[0].value
        return
    if mention.status == "Held" and ctx.reference_day is not None and is_present_perfect(verb):
        mention.date = TimeValue.day(ctx.reference_day)
        mention.default_date = True


def _round(mention: EventMention, head: Any) -> None:
    for c in children(head):
        if c.dep_ in ("amod", "nummod"):
            n = _ORDINALS.get(c.lower_)
            match = re.match(r"(\d+)(st|nd|rd|th)$", c.lower_)
            if n is None and match:
                n = int(match.group(1))
            if n:
                mention.round = n
    if head.lower_ == "round" or mention.round:
        mention.series_label = head.lower_
