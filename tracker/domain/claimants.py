"""Who asserts a passage: the speaker, the party they speak for, and the
outlet that carries their words. Pure.

The people and bodies are the catalogue's (`Agreement.people`: name,
aliases, party, role) and its parties (their names and aliases); only
news outlets and the grammar of reported speech are written here.

- Reported speech attributes to the speaker, not to the outlet that
  carries it: "According to CNN, the UN Monitoring Team said ..." gives
  the Monitoring Team, via CNN. An outlet is the claimant only when it
  asserts the fact itself ("..., according to Reuters").
- Unnamed speakers are named by party and role: "an insurgent spokesman
  said" gives the party's name and the role (through the party's alias
  "insurgents"), "U.S.
  officials said" gives "US officials".
- A pronoun ("he said") or a bare quotation goes to the last person named
  before the passage; "It said" to the last report-like body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tracker.domain.memo import by_identity
from tracker.domain.models import Catalogue
from tracker.domain.text import POST_SIGNATURE

# News outlets (not agreement-specific): who carries the words.
OUTLETS = (
    "Reuters", "The New York Times", "New York Times", "Associated Press", "AP", "AFP",
    "Agence France-Presse", "The Washington Post", "Washington Post", "CNN", "BBC", "Al Jazeera",
    "TOLOnews", "Tolo News", "Pajhwok", "The Wall Street Journal", "Wall Street Journal", "CBS News",
    "NBC News", "Fox News", "Politico", "Bloomberg", "TIME", "Time", "The Guardian", "Guardian",
    "NPR", "Voice of America", "VOA", "RFE/RL", "Radio Free Europe", "Dawn", "The Hill", "ABC News",
)
_ROLE_NOUNS = (
    r"spokes(?:man|woman|person)|officials?|envoys?|commanders?|ministers?|diplomats?|negotiators?|"
    r"sources?|leaders?|representatives?|delegates?|delegation|negotiating\s+team|military|fighters?|"
    # ("member states" before "member": the longer phrase first)
    r"member\s+states?|member|members|aides?|lawmakers?|senators?|generals?|analysts?|secretar(?:y|ies)|ambassadors?|"
    r"authorities|experts?|monitors|investigators?|researchers?|authors|correspondents?|inspectors?\s+general|watchdog"
)
_SPEECH = (
    r"said|says|say|told|tells|tell|added|adds|noted|notes|continued|stated|(?<![Mm]ember )states|"
    r"read|wrote|writes|reported|reports|announced|announces|insisted|insists|asserted|asserts|"
    r"claimed|claims|argued|argues|warned|warns|explained|acknowledged|admitted|"
    r"confirmed|confirms|denied|denies|rejected|rejects|refuted|refutes|slammed|downplayed|declined|"
    r"described|suggests|suggested|shows|showed|found|finds|estimated|estimates|"
    r"concluded|cast\s+doubt|questioned|accused|alleged|tweeted|posted|repeated|"
    r"reiterated|stressed|emphasi[sz]ed|cautioned|conceded|hailed|portrayed|touted|dismissed|"
    r"called(?!\s+(?:for|on|off|in)\b)|calls(?!\s+(?:for|on|off|in)\b)|condemned|welcomed|criticized|criticised|"
    r"replied|replies|responded|responds|testified|testifies|countered|maintained|maintains|"
    r"credited|credits|assessed|assesses|"
    # the forms after a plural subject ("The Taliban deny", "They insist")
    r"deny|insist|argue|contend|acknowledge|admit|maintain|assert|allege|concede|conclude|warn|describe|assess|"
    r"confirm|accuse|stress|reiterate|complain|"
    # ("The monitors note that", "they credit Afghan forces with": the noun forms need what follows)
    r"(?:note|report|estimate|find|record|judge)(?=\s+that\b|\s*[.;]|\s*$)|credit(?=\s[^.;]{1,60}?\bwith\b)|"
    r"concludes|describes|records|recorded|observes|observed|cites|cited|acknowledges|admits|stresses|cautions|"
    r"dispute(?=\s+(?:that|the|this|it|claims?|reports?|accounts?)\b)|answer(?=\s+that\b)|"
    r"has\s+said|have\s+said|had\s+said|has\s+long\s+insisted|have\s+long\s+insisted|"
    r"went\s+even\s+further|went\s+further"
)
# (the lookahead lets the engine skip non-letters before trying a hundred alternatives: 2-3 times faster)
_SPEECH_RE = re.compile(r"\b(?=[A-Za-z])(?:" + _SPEECH + r")\b", re.IGNORECASE)
# Verbs whose speaker may follow them ("said Jane Roe"); not "told", whose
# next name is the listener ("Biden told Ghani").
_POST_VERBS = frozenset({"said", "says", "added", "noted", "continued", "read", "wrote", "adds", "notes"})
# Verbs after which a capitalised name before them is taken as the speaker
# even when the catalogue does not know it ("U.S. Forces-Afghanistan replied").
_PLAIN_SPEECH = frozenset({"said", "says", "told", "added", "noted", "wrote", "replied", "responded", "testified",
                           "stated", "insisted", "confirmed", "announced", "concluded", "reported", "estimated",
                           "warned", "acknowledged"})
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_PRONOUN_SAID = re.compile(
    r"\b(he|she)\s+(?:also\s+)?(?:" + _SPEECH + r")\b|\b(?:" + _SPEECH + r")\s+(he|she)\b|^\W*(?:He|She)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r"\u201c[^\u201d\n]*(?:\u201d|$)|\"[^\"\n]*(?:\"|$)|\u2018[^\u2019\n]{12,}\u2019", re.MULTILINE
)
# ... and asides: "The Taliban, for their part, say"; "An official, speaking on condition of anonymity, said"
_RELATIVE_CLAUSE = re.compile(
    r",\s+(?:who|which|whose)\b[^,]*,"
    r"|,\s+(?:for\s+(?:its|their|his|her|our)\s+part|in\s+turn|however|meanwhile|too|speaking|talking|writing|"
    r"asked|asking|requesting|citing|quoting|briefing|testifying|appearing|addressing|responding|commenting|"
    r"reached|interviewed)\b[^,]{0,80},"
)
# "Frank McKenzie, head of U.S. Central Command, told": the title (group 1)
# is not the speaker.
_APPOSITIVE = re.compile(
    r"\b[A-Z][A-Za-z]+(,\s+(?:the\s+)?(?:[a-z]+\s+){0,2}(?:head|chief|commander|leader|director|"
    r"secretary|minister|envoy|deputy|spokes(?:man|woman|person)|chair(?:man|woman|person)?|member|president|"
    r"representative|adviser|advisor|ambassador)\s+(?:of|for|at|to)\s+[^,]{2,60},)"
)
_OBJECT_BEFORE = re.compile(
    r"(?:\b(?:about|on|with|of|against|from|into|for|at|over|to|criticize|criticise|"
    r"downplayed|rejected|refute|slammed|questioned|accusing|than|between|told)\s+(?:the\s+|a\s+|its\s+)?"
    r"(?:U\.S\.\s+|US\s+|UN\s+|U\.N\.\s+)?(?:(?:Mr|Ms|Mrs|Dr|Gen)\.?\s+)?)$",
    re.IGNORECASE,
)
_AFTER_POST_MENTION = re.compile(
    r"^\s*(?:$|[.,;:)\]]|(?:to|by|in|on|from|of|for|published|released|sent|at)\b)"
)
PRONOUN_WINDOW = 700
# The context a caller needs to pass: enough for a pronoun, bounded so that
# a long article costs linear time.
CONTEXT_CHARS = 3000
_SPEAKS_NEXT = re.compile(r"\s+(?:[a-z]+\s+){0,3}?(?=[a-z])(?:" + _SPEECH + r")\b")
_IT_SAID = re.compile(r"^\W*It\s+(?:also\s+)?(?:said|says|added|adds|noted|notes|estimated|estimates|found|finds|"
                      r"concluded|concludes|credited|credits|described|describes|assessed|assesses|reported|reports|"
                      r"recorded|records|warned|warns|stated|states|observed|observes|cited|cites)\b")
_REPORT_WORD = re.compile(r"\b(?:report|study|Monitoring\s+Team|monitors)\b", re.IGNORECASE)
_AGREEMENT_WORD = re.compile(r"\b(?:accord|agreement|deal|text|treaty)\b", re.IGNORECASE)
_NOT_NAMES = frozenset({"He", "She", "It", "They", "We", "I", "The", "But", "And", "This", "That", "Officials"})
# ", a military spokesman said": an unnamed speaker right before the verb,
# with no party named in the phrase. It is the speaker, not a name earlier
# in the sentence (which is what the speaker talks about).
_UNNAMED_BEFORE_VERB = re.compile(
    r"(?:^|,|[\"\u201d]|\s[-\u2013\u2014])\s*(?:(?:though|although|but|and|while|as|when)\s+)?"
    r"((?:(?:[Oo]ne|[Tt]wo|[Ss]ome|[Ss]everal|[Mm]any|[Nn]one)\s+of\s+(?:the|its|their|his|her)\s+)?"
    r"(?:(?:[Aa]n?|[Tt]he|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any)\s+)?"
    r"(?:(?!(?:though|although|but|and|or|while|as|when|because|so|yet|if|since|of|to|for|from|in|on|with|by|at|"
    r"among)\b)[a-z]+\s+){0,2}?"
    r"(?:" + _ROLE_NOUNS + r"|Officials|Diplomats|Analysts|Experts|Monitors|Lawmakers|Sources|Negotiators|Member\s+states?)"
    # "members of the government team", "a spokesman for the group": whose they are
    r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Za-z\u2019'-]+\s+){0,2}?(?:team|delegation|office|group|government|"
    r"council|command|ministry|panel|movement|insurgents))?"
    # "diplomats familiar with the talks": what they know of
    r"(?:\s+(?:familiar\s+with|close\s+to|briefed\s+on|involved\s+in|with\s+knowledge\s+of|knowledgeable\s+about)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)?"
    # "diplomats in Doha": where they are
    r"(?:\s+(?:in|at|from)\s+[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*){0,2})?)\s*,?"
    # "A senior official, who spoke on condition of anonymity, said": the clause is masked
    r"(?:\s*_[_\s]*,)?\s*$"
)
# "A State Department official said": a body the catalogue does not know, and its role.
_BODY_ROLE_BEFORE = re.compile(
    r"(?:^|[,;]\s|\b(?:[Aa]n?|[Tt]he)\s)((?:[A-Z][\w.\u2019'-]*\s+){1,4}(?:" + _ROLE_NOUNS + r"))\s*,?(?:\s*_[_\s]*,)?\s*$"
)
# "according to two sources who spoke ...": an unnamed speaker after "according to".
_UNNAMED_AFTER = re.compile(
    r"\s*((?:(?:an?|the|one|two|three|four|several|some|many)\s+)?(?:[a-z]+\s+){0,2}?"
    r"(?:" + _ROLE_NOUNS + r"|people(?=\s+(?:familiar|close|briefed|with\s+knowledge)\b))"
    # "people familiar with the talks": who they are is the qualifier
    r"(?:\s+(?:familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of)\s+(?:the\s+)?[a-z]+)?)\b"
)
# "At the Pentagon, a spokesman said": the body the unnamed speaker speaks for.
_AT_BODY = re.compile(r"(?:^|[.;]\s+)At\s+(?:the\s+)?((?:[A-Z][\w.\u2019'-]*\s+){0,3}[A-Z][\w.\u2019'-]*),\s*$")
_AGENT_BY = re.compile(
    r"\b(?:produced|authored|published|written|compiled|prepared|released)\s+(?:\w+\s+){0,3}?by\s+", re.IGNORECASE
)


# "A report by the US Treasury ... said", "An assessment by the Treasury
# Department concluded", "A Pentagon statement said": a document as the
# subject; its author (after "by", else before the noun) is the speaker.
_DOCUMENT_SUBJECT = re.compile(
    r"(?:^|[.;:]\s+|,\s+|\s[-\u2013\u2014]\s+)(?:[Aa]n?|[Tt]he)\s+(?:(?P<body>(?:[A-Z][\w.\u2019'-]*\s+){0,3}[A-Z][\w.\u2019'-]*)\s+)?"
    r"(?:[a-z]+\s+){0,2}(?:report|assessment|study|review|analysis|statement|estimate)\b"
    r"(?:\s+(?:[\w-]+\s+){0,3}?(?:by|from)\s+(?:the\s+)?(?P<by>(?:[A-Z][\w.\u2019'-]*\s+){0,4}[A-Z][\w.\u2019'-]*))?"
    r"[^.;:_]{0,80}$"
)


@dataclass(frozen=True)
class Claim:
    """Who asserts a passage: `claimant` (as stored), the `party` they speak
    for (a catalogue party id, or None), and the outlet `via` which the
    words reach us (None when the outlet is the claimant or none is named)."""

    claimant: str | None = None
    party: str | None = None
    via: str | None = None


@dataclass(frozen=True)
class _Speaker:
    label: str
    party: str | None
    kind: str  # person | org | group | role | outlet | report
    pattern: re.Pattern[str]
    # Words one of which (lower case) any match contains; () when some alias
    # has none (then the pattern always runs): a cheap test before the regex.
    needles: tuple[str, ...] = ()

    def finditer(self, text: str, lowered: str) -> list[re.Match[str]]:
        if self.needles and not any(map(lowered.__contains__, self.needles)):
            return []
        return list(self.pattern.finditer(text))


def _split_speaker(label: str, party: str | None, kind: str, aliases: Sequence[str]) -> list[_Speaker]:
    """One speaker for the aliases with a plain word (skipped unless one of
    those words is in the text) and one for the rest ("U.S.", "AP"), whose
    short pattern always runs."""
    worded = [a for a in aliases if _needles([a])]
    bare = [a for a in aliases if a not in worded]
    out = [_Speaker(label, party, kind, _union(worded), _needles(worded))] if worded else []
    return out + ([_Speaker(label, party, kind, _union(bare))] if bare else [])


def _needles(aliases: Sequence[str]) -> tuple[str, ...]:
    """For each alias, its longest plain word, lower case; () if an alias has
    none that every spelling of it keeps ("U.S." is also "US")."""
    out: list[str] = []
    for alias in aliases:
        words = [w for w in alias.split() if re.fullmatch(r"[A-Za-z-]{3,}", w) and w.upper() not in ("US", "UN")]
        if not words:
            return ()
        out.append(max(words, key=len).lower())
    return tuple(sorted(set(out)))


@dataclass(frozen=True)
class Speakers:
    """The patterns for one catalogue: people, parties and outlets."""

    known: tuple[_Speaker, ...]
    context_only: tuple[_Speaker, ...]
    role: re.Pattern[str] | None
    party_adjectives: tuple[tuple[str, str, str], ...]  # (adjective, party id, label)
    context_names: re.Pattern[str] | None  # the bodies whose context aliases count
    role_for: re.Pattern[str] | None = None  # "a spokesman for the insurgents"
    offices: re.Pattern[str] | None = None  # "defense secretary": an office of one party
    office_party: dict[str, str] = field(default_factory=dict)  # its text (folded) -> the party

    @staticmethod
    def for_catalogue(catalogue: Catalogue | None) -> Speakers:
        return _speakers(catalogue)

    def names_a_body(self, text: str) -> bool:
        """Whether `text` names a body whose context aliases ("the report")
        then refer to it."""
        return bool(self.context_names and self.context_names.search(text))


def _alias_pattern(alias: str) -> str:
    """A regex for an alias as articles spell it: flexible spaces, "UN" for
    "U.N." and "United Nations", "US" for "U.S.", and any case for a first
    lower-case letter ("the report" matches "The report"), and any case for
    the first letter of a capitalised word after the first ("UN monitoring
    team")."""
    parts: list[str] = []
    for word in alias.split():
        bare = word.replace(".", "").upper()
        if bare == "UN":
            parts.append(r"(?:UN|U\.N\.|United\s+Nations)")
        elif bare == "US":
            parts.append(r"(?:US|U\.S\.)")
        else:
            escaped = re.escape(word).replace("\u2019", "'").replace("'", "['\u2019]")
            if word[0].islower() or (parts and word[0].isupper() and word[1:].islower()):
                # "the report" is also "The report"; "UN Monitoring Team" also "UN monitoring team"
                escaped = f"(?i:{re.escape(word[0])})" + escaped[len(re.escape(word[0])):]
            parts.append(escaped)
    return r"\s+".join(parts)


def _union(aliases: Sequence[str]) -> re.Pattern[str]:
    ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
    return re.compile(r"(?<![\w.])" + _first_characters(ordered) + r"(?:" + "|".join(_alias_pattern(a) for a in ordered)
                      + r")(?![\w])")


def _first_characters(aliases: Sequence[str]) -> str:
    """A lookahead for the characters an alias can open with, as
    `_alias_pattern` spells it: the engine then skips every other position
    without trying each alternative there."""
    first: set[str] = set()
    for alias in aliases:
        c = alias[0]
        first.update((c.lower(), c.upper()) if c.islower() else (c,))
    return "(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])"


@by_identity(256)
def _speakers(catalogue: Catalogue | None) -> Speakers:
    known: list[_Speaker] = []
    context_only: list[_Speaker] = []
    context_names: list[str] = []
    adjectives: list[tuple[str, str, str]] = []
    for person in catalogue.people() if catalogue else ():
        kind = "person" if person.role else "org"
        names = [person.name, *person.aliases]
        known.extend(_split_speaker(person.label(), person.party, kind, names))
        if person.context_aliases:
            context_only.extend(_split_speaker(person.label(), person.party, "report", person.context_aliases))
            context_names.extend(names)
    for party in catalogue.parties if catalogue else ():
        proper = [n for n in party.names() if n[0].isupper() and len(n) < 40]
        if proper:
            known.extend(_split_speaker("", party.id, "group", proper))
        # "the insurgents said", "the movement said": the party by a common noun.
        common = [n for n in party.names() if n[0].islower() and len(n) < 40]
        if common:
            known.extend(_split_speaker(party.name, party.id, "group", common))
        for name in party.names():
            words = name.split()
            # "Kabul government" -> "Kabul"; "insurgents" -> "insurgent".
            first = words[0] if len(words) > 1 and words[1][0].islower() else (name if len(words) == 1 else "")
            if not first or first.lower() in ("the", "a", "an"):
                continue
            adjective = first[:-1] if first.endswith("s") and not first.isupper() and len(first) > 4 else first
            label = _short(adjective) if adjective[0].isupper() else party.name
            adjectives.append((adjective, party.id, label))
    known.extend(_split_speaker("", None, "outlet", OUTLETS))
    role = None
    if adjectives:
        alternatives = "|".join(
            _alias_pattern(a) if a[0].isupper() else f"(?i:{re.escape(a)})"
            for a in sorted({a for a, _, _ in adjectives}, key=lambda a: (-len(a), a))
        )
        role = re.compile(
            r"(?:\b(?:[Aa]n?|[Tt]he|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Ss]enior|[Tt]op)\s+|^|(?<=[\s(]))"
            r"(?:(?:senior|top|former|local|unnamed|an?)\s+)*"
            r"(" + alternatives + r")\s+((?:(?:military|defen[cs]e|government|security|senior|political|"
            r"intelligence|administration|peace|group|movement|ministry|foreign|interior|embassy)\s+){0,2}(?:"
            + _ROLE_NOUNS + r"))\b",
        )
    role_for = None
    if adjectives:
        party_names = "|".join(
            _alias_pattern(a) if a[0].isupper() else f"(?i:{re.escape(a)}s?)"
            for a in sorted({a for a, _, _ in adjectives}, key=lambda a: (-len(a), a))
        )
        role_for = re.compile(
            r"\b(?:[Aa]n?|[Tt]he|[Oo]ne)\s+((?:senior\s+)?(?:spokes(?:man|woman|person)|officials?|"
            r"representatives?|negotiators?|commanders?))\s+(?:for|of|with)\s+(?:the\s+)?(" + party_names + r")(?!\w)"
        )
    office_party = _offices(catalogue)
    return Speakers(
        known=tuple(known), context_only=tuple(context_only), role=role, role_for=role_for,
        party_adjectives=tuple(adjectives),
        context_names=_union(context_names) if context_names else None,
        offices=re.compile(r"(?i)\b(?:" + "|".join(_alias_pattern(o) for o in office_party) + r")\b")
        if office_party else None,
        office_party=office_party,
    )


def _offices(catalogue: Catalogue | None) -> dict[str, str]:
    """The catalogue's roles of more than one word that only one party's
    people hold ("Defense Secretary", "Secretary of State"): whoever else
    holds that office speaks for the same party ("Defense Secretary Jane
    Roe"). One-word titles ("President", "General") are any party's."""
    holders: dict[str, set[str]] = {}
    for person in catalogue.people() if catalogue else ():
        if person.role and len(person.role.split()) > 1:
            holders.setdefault(person.role.lower(), set()).add(person.party or "")
    return {role: next(iter(parties)) for role, parties in holders.items() if len(parties) == 1 and "" not in parties}


# "officials said", with no party: whose officials the sentence does not say
_BARE_OFFICIALS = re.compile(r"(?:(?:senior|some|two|three|several)\s+)?(?:officials?|authorities)")
# "KABUL (Agency) - The Afghan government freed ...": a government as the subject
_GOVERNMENT_SUBJECT = re.compile(
    r"\s*(?:[A-Z][\w,.' /]*(?:\([^)]*\))?\s*[-\u2013\u2014]+\s*)?(?:The\s+)?([A-Z][\w.]*)\s+"
    r"(?:government|authorities|administration)\b")


def _officials_of_the_government_acting(claim: Claim, passage: str, speakers: Speakers) -> Claim:
    """ "The Afghan government freed 100 prisoners, officials said": a
    government the sentence opens with is whose officials speak of what it did."""
    if claim.party is not None or not claim.claimant or not _BARE_OFFICIALS.fullmatch(claim.claimant):
        return claim
    subject = _GOVERNMENT_SUBJECT.match(passage)
    if subject is None:
        return claim
    for adjective, party, label in speakers.party_adjectives:
        if adjective == subject.group(1):
            *qualifier, who = claim.claimant.split()
            return replace(claim, claimant=" ".join([*qualifier, label, who]), party=party)
    return claim


def _with_office(claim: Claim, speakers: Speakers) -> Claim:
    """A speaker with no party whose title is an office of one party speaks for it."""
    if claim.party is not None or not claim.claimant or speakers.offices is None:
        return claim
    found = speakers.offices.search(claim.claimant)
    if found is None:
        return claim
    return replace(claim, party=speakers.office_party.get(" ".join(found.group(0).lower().split())))


def _short(name: str) -> str:
    """ "U.S." -> "US" for labels."""
    return name.replace("U.S.", "US").replace("U.N.", "UN")


@dataclass(frozen=True)
class _Mention:
    label: str
    party: str | None
    kind: str
    start: int
    end: int


def mask(text: str) -> str:
    """`text` with quoted words and relative clauses blanked out (offsets kept).

    Quotes are matched within a line, so a context cut anywhere in an
    article only mis-masks its first line.
    """
    chars = list(text)
    spans = [(m.start(), m.end()) for pattern in (_QUOTED, _RELATIVE_CLAUSE) for m in pattern.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _APPOSITIVE.finditer(text)]
    for start, end in spans:
        for i in range(start + 1, max(start + 1, end - 1)):
            if not chars[i].isspace():
                chars[i] = "_"
    return "".join(chars)


def _party_label(speakers: Speakers, matched: str, party: str | None) -> str:
    return _short(" ".join(matched.split()))


# "Jane Roe, the rebels' spokesman, said": a name in front of a group's own role
_NAME_BEFORE_OWN_ROLE = re.compile(r"(?:^|(?<=[.;:]\s))((?:[A-Z][a-z]+\s+){1,2}[A-Z][a-z'-]+),\s+(?:the\s+)?$")
_OWN_ROLE = re.compile(r"[\u2019']s\s+(spokes(?:man|woman|person))\b")
# "The Taliban's political office spokesman, Omar Saleh,": the group's role, then who holds it
_OWN_ROLE_NAMED = re.compile(
    r"[\u2019']s\s+((?:[\w-]+\s+){0,3}?(?:spokes(?:man|woman|person)|envoy|negotiator|leader|commander|official|minister|"
    r"chief|representative))\s*,\s+((?:[A-Z][a-z'\u2019-]+\s+){1,3}[A-Z][a-z'\u2019-]+)\s*,")


def _mentions(masked: str, speakers: Speakers, in_context: bool) -> list[_Mention]:
    found: list[_Mention] = []
    lowered = masked.lower()
    for speaker in speakers.known:
        for m in speaker.finditer(masked, lowered):
            label = speaker.label
            if speaker.kind == "outlet":
                label = m.group(0).removeprefix("The ").replace("TIME", "Time")
            elif speaker.kind == "group":
                label = speaker.label or _party_label(speakers, m.group(0), speaker.party)
            found.append(_Mention(label, speaker.party, speaker.kind, m.start(), m.end()))
    if in_context:
        for speaker in speakers.context_only:
            for m in speaker.finditer(masked, lowered):
                found.append(_Mention(speaker.label, speaker.party, "report", m.start(), m.end()))
    if speakers.role is not None:
        for m in speakers.role.finditer(masked):
            adjective = m.group(1)
            party, label = _party_of_adjective(speakers, adjective)
            role = " ".join(m.group(2).split())
            end = m.end()
            if (place := _IN_PLACE.match(masked, end)) is not None:
                role, end = f"{role} {' '.join(place.group(0).split())}", place.end()  # "a NATO official in Brussels"
            found.append(_Mention(f"{label} {role}", party, "role", m.start(1), end))
    if speakers.role_for is not None:
        for m in speakers.role_for.finditer(masked):
            party, label = _party_of_adjective(speakers, m.group(2))
            role = " ".join(m.group(1).split())
            if (body := _BODY_AFTER_PARTY.match(masked, m.end())) is not None:
                # "a spokesman for the Afghan National Security Council": the body, as written
                found.append(_Mention(f"{role} for the {m.group(2)} {' '.join(body.group(1).split())}", party, "role",
                                      m.start(1), body.end()))
                continue
            found.append(_Mention(f"{label} {role}", party, "role", m.start(1), m.end()))
    found = [_people_in_a_place(masked, m) for m in found]
    # Keep the longest mention where several overlap; join "U.S. envoy
    # Jane Roe" (two aliases of one person) into one.
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        if kept and kept[-1].kind == "person" and mention.kind == "group" and re.fullmatch(
                r",\s+(?:the\s+)?", masked[kept[-1].end: mention.start]) and _OWN_BODY.match(masked, mention.end):
            continue  # "Jane Roe, the rebels' spokesman, said": her title, not another speaker
        if mention.kind == "group" and (titled := _OWN_ROLE_NAMED.match(masked, mention.end)):
            # "The Taliban's spokesman, Omar Saleh, said": the person the group's role is given to
            role = " ".join(titled.group(1).split())
            mention = _Mention(f"{mention.label} {role} {titled.group(2)}", mention.party, "person", mention.start,
                               titled.end(2))
        elif mention.kind == "group" and (named := _NAME_BEFORE_OWN_ROLE.search(masked, 0, mention.start)) \
                and not _SENTENCE_OPENERS.match(named.group(1)) and (own_role := _OWN_ROLE.match(masked, mention.end)):
            # ... and a name the catalogue does not know: the person, by the group's role
            mention = _Mention(f"{mention.label} {own_role.group(1)} {named.group(1)}", mention.party, "person",
                               named.start(1), own_role.end())
        if kept and kept[-1].label == mention.label and re.fullmatch(r"[\s,]{0,3}", masked[kept[-1].end: mention.start]):
            last = kept.pop()
            mention = _Mention(last.label, last.party, last.kind, last.start, mention.end)
        elif kept and kept[-1].kind == "role" and mention.kind == "person" and re.fullmatch(
            r",?\s{1,2}", masked[kept[-1].end: mention.start]
        ):
            kept.pop()  # "a rebel spokesman, Jane Roe": the named person
        elif kept and kept[-1].kind == "person" and mention.kind == "role" and re.fullmatch(
            r",\s+(?:an?|the)\s+(?:\w+\s+)?", masked[kept[-1].end: mention.start]
        ):
            last = kept.pop()  # "Jane Roe, a rebel spokesman,": the named person, whose title it is
            mention = _Mention(last.label, last.party or mention.party, "person", last.start, mention.end)
        kept.append(mention)
    return [_with_name_after(masked, m) for m in kept if not _inside_longer_name(masked, m)]


# "diplomats in Kabul said": people in a place a party is named after
_ROLE_IN_BEFORE = re.compile(r"(?:\b(?:[Aa]n?|[Tt]he|[Ss]ome|[Ss]everal|[Tt]wo|[Tt]hree)\s+)?"
                             r"\b(?:(?:senior|western|foreign|local)\s+)?(?:" + _ROLE_NOUNS
                             + r"|Officials|Diplomats)\s+in\s+$", re.IGNORECASE)


def _people_in_a_place(masked: str, mention: _Mention) -> _Mention:
    """ "diplomats in Kabul said": the people, not the party the place names;
    officials in a party's capital are its officials."""
    if mention.kind != "group":
        return mention
    before = _ROLE_IN_BEFORE.search(masked, max(0, mention.start - 40), mention.start)
    if before is None or re.search(r"\w\s+$", masked[max(0, before.start() - 3): before.start()]):
        return mention  # ("a US embassy spokesperson in Kabul": a longer title the role mentions read)
    phrase = " ".join(masked[before.start(): mention.end].split())
    officials = re.match(r"(?:\w+\s+)?(?:officials?|authorities)\b", phrase, re.IGNORECASE) is not None
    return _Mention(_unnamed_label(phrase), mention.party if officials else None, "role", before.start(), mention.end)


# "rebel spokesman Nasir Kabiri", "Pentagon press secretary Dana Holt":
# a role or a body followed by the name of the person who speaks for it.
_NAME_AFTER = re.compile(
    r"\s+(?:(?i:press|deputy|chief|senior|top|acting|foreign|defen[cs]e)\s+)?(?:(?i:" + _ROLE_NOUNS
    + r"|secretary|director|envoy|chief)\s+)?((?:[A-Z][a-z]+\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b"
)
# Words a sentence may start with before a body's name ("The Security Council").
_LEADING = frozenset({"The", "A", "An", "This", "That", "Its", "Their", "His", "Her", "Our", "In", "On", "At", "By"})


# "Pentagon officials said", "the Pentagon correspondent said": a body's people, not the body
_ROLE_AFTER_BODY = re.compile(r"\s+((?:press\s+|chief\s+|senior\s+)?(?:" + _ROLE_NOUNS + r"))\b(?!\s+[A-Z])")


# "a Taliban spokesman, Jane Roe, said"; "a rebel spokesman in Doha, Jane Roe,"
_NAME_APPOSED = re.compile(r"(?:\s+(?:in|at)\s+[A-Z][a-z]+)?,\s+((?:[A-Z][a-z]+\.?\s+){1,3}[A-Z][a-z-]+)\s*,")


_IN_PLACE = re.compile(r"\s+in\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*,?\s*(?:" + _SPEECH + r")\b)")


# "... for the Afghan National Security Council": a body named after the party's adjective
_BODY_AFTER_PARTY = re.compile(r"\s+((?:[A-Z][a-z]+\s+){0,3}(?:Council|Command|Ministry|Office|Directorate|Department|"
                               r"Agency|Commission|Committee|Team|Forces|Army)\b"
                               # "a spokesman for U.S. forces in Afghanistan"
                               r"|forces(?:\s+in\s+[A-Z][a-z]+)?(?=\W))")


def _with_name_after(masked: str, mention: _Mention) -> _Mention:
    if mention.kind not in ("role", "org"):
        return mention
    if mention.kind == "role" and (apposed := _NAME_APPOSED.match(masked, mention.end)):
        # ("a spokesman for U.S. forces, Jane Roe,": the name alone; "a rebel spokesman, Jane Roe": both)
        label = apposed.group(1) if " for the " in mention.label else f"{mention.label} {apposed.group(1)}"
        return _Mention(label, mention.party, "person", mention.start, apposed.end(1))
    if mention.kind == "org" and (role := _ROLE_AFTER_BODY.match(masked, mention.end)):
        role_words = " ".join(role.group(1).split())
        # (a correspondent covers the body; they do not speak for it)
        party = None if role_words.startswith("correspondent") else mention.party
        if party is not None and (apposed := _NAME_APPOSED.match(masked, role.end())):
            # "a Pentagon spokesman, Jane Roe, said": the person, with the body and the role
            return _Mention(f"{mention.label} {role_words} {apposed.group(1)}", party, "person", mention.start,
                            apposed.end(1))
        return _Mention(f"{mention.label} {role_words}", party, "role", mention.start, role.end())
    m = _NAME_AFTER.match(masked, mention.end)
    if m and mention.kind == "org" and m.start(1) == m.start() + 1 and _ENDS_WITH_OFFICE.search(
            masked, mention.start, mention.end):
        # "State Department spokesman Jane Roe": an office the catalogue knows, and who holds it
        return _Mention(f"{mention.label} {m.group(1)}", mention.party, "person", mention.start, m.end())
    if not m or (mention.kind == "org" and m.start(1) == m.start() + 1):
        return mention  # "the Pentagon Papers": a body's name before a capitalised word is not a speaker
    name = m.group(1)
    if mention.kind == "role":
        label = f"{mention.label} {name}"
    elif m.start(1) > m.start() + 1:
        # "Pentagon spokesman John Kirby": the body, the role and the name, as written
        label = f"{mention.label} {' '.join(masked[mention.end: m.end()].split())}"
    else:
        label = name
    return _Mention(label, mention.party, "person", mention.start, m.end())


_ENDS_WITH_OFFICE = re.compile(r"(?i:spokes(?:man|woman|person)|official|envoy|secretary|minister|ambassador)$")


# Words before a surname that do not make it another person's name: "President Ghani", "Mr Ghani"
_BEFORE_A_SURNAME = frozenset({
    "President", "Vice", "Mr", "Mrs", "Ms", "Dr", "Gen", "General", "Secretary", "Envoy", "Ambassador",
    "Minister", "Spokesman", "Spokeswoman", "Col", "Colonel", "Adm", "Admiral", "Sen", "Senator", "Rep",
    "Sir", "Lt", "Maj", "Capt", "Commander", "Chairman", "Prime", "Leader", "Mullah", "Sheikh",
    # ... nor a date or a time before it: "In April Biden pushed the date back"
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Then", "Now", "Later", "Today", "Yesterday",
})


def _inside_longer_name(masked: str, mention: _Mention) -> bool:
    """ "National Security Council" is not the UN "Security Council"; "Ghani"
    in "Abdul Ghani Baradar" is not President Ghani."""
    matched = masked[mention.start: mention.end].strip()
    if mention.kind == "person" and " " not in matched and matched[:1].isupper():
        # (a capitalised word that opens a sentence is no first name: "While Roe said")
        before = re.search(r"[^.!?:\"\u201c\s][\u201d\"',]?\s+([A-Z][a-z]+)\.?\s+$",
                           masked[max(0, mention.start - 30): mention.start])
        return before is not None and before.group(1) not in _LEADING and before.group(1) not in _BEFORE_A_SURNAME
    if mention.kind not in ("org", "group") or " " not in matched:
        return False
    before = re.search(r"(?:^|[^.!?]\s)([A-Z][a-z]+)\s+$", masked[max(0, mention.start - 30): mention.start])
    return before is not None and before.group(1) not in _LEADING


def _party_of_adjective(speakers: Speakers, adjective: str) -> tuple[str | None, str]:
    folded = adjective.lower().replace("\u2019", "'")
    bare = folded.replace(".", "")
    for original, party, label in speakers.party_adjectives:
        name = original.lower().replace("\u2019", "'")
        if name == folded or name.replace(".", "") == bare or (folded.endswith("s") and folded[:-1] == name):
            return party, label
    return None, _short(adjective)


def _generic_after(masked: str, pos: int) -> str | None:
    """A capitalised name right after `pos` ("according to Jane Doe")."""
    m = re.match(r"\s*(?:the\s+)?((?:[A-Z][\w.\u2019'-]*)(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.\u2019'-]*){0,4})", masked[pos:])
    if not m:
        return None
    name = m.group(1).rstrip(".,")
    if _WHEN_WORD.match(name):
        return None  # "said Friday", "said Jan. 5": when, not who
    if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", name):
        return None  # "said U.S. forces had left": the initials qualify what follows
    return name if len(name) > 1 and not name.startswith("_") else None


_WHEN_WORD = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Yesterday|Tonight|Last|Next|This|Earlier|"
    r"Later|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|"
    r"September|October|November|December)\b\.?"
)


def _generic_before(masked: str, pos: int) -> str | None:
    """A capitalised name (1-5 words) ending right before `pos` ("Jane Doe said",
    "US Forces-Afghanistan has said", "Jane Doe also said")."""
    # Skip a masked relative clause: "Jane Doe, who leads the team, said".
    m = re.search(r"((?:[A-Z][\w.\u2019'-]*)(?:\s+[A-Z][\w.\u2019'-]*){0,4})\s*,?(?:\s*_[_\s]*,)?"
                  r"(?:\s+(?:has|have|had|also|later|again|earlier|previously|repeatedly)\b){0,2}\s*$", masked[:pos])
    if not m:
        return None
    name = m.group(1).strip()
    if name in _NOT_NAMES or name.startswith("_"):
        return None
    if re.search(r"\b(?:in|at|from|near|outside)\s+$", masked[: m.start(1)]):
        return None  # "officials in Kabul said": a place, not the speaker
    if re.search(r"\bwith\s+$", masked[: m.start(1)]):
        return None  # "an official travelling with Mr Roe said": whom they were with, not the speaker
    return name


# "the Taliban's political office said": a party's own body speaks for it.
_OWN_BODY = re.compile(
    r"[\u2019']s\s+(?:\w+\s+)?(?:office|spokes(?:man|woman|person)|leadership|leaders|statement|negotiators|"
    r"delegation|team|ministry|command|council|commission)\b"
)


# "Ghani's office said" (his spokesman is usually named: "Ghani's spokesman, Farid Wali, said")
_PERSONS_OFFICE = re.compile(r"[\u2019']s\s+(?:\w+\s+)?office\b")


def _is_subject(masked: str, mention: _Mention) -> bool:
    if _OBJECT_BEFORE.search(masked[: mention.start]):
        return False
    after = masked[mention.end: mention.end + 60]
    # ("the Taliban's political office said", "Ghani's office said": its own body speaks for it)
    return not re.match(r"[\u2019']s\b", after) or (mention.kind in ("group", "org") and bool(_OWN_BODY.match(after))) \
        or (mention.kind == "person" and bool(_PERSONS_OFFICE.match(after)))


_Candidate = tuple[int, _Mention | str]


def _attributed(masked: str, mentions: list[_Mention], speakers: Speakers) -> list[_Candidate]:
    """Candidate claimants with a score: mentions tied to a speech verb."""
    scored: list[_Candidate] = []
    for m in _ACCORDING.finditer(masked):
        after = [x for x in mentions if 0 <= x.start - m.end() <= 12]
        # "according to U.S. Forces in Afghanistan Spokesman Col. Sonny Leggett": the person the phrase ends with
        stop = re.search(r"[,;:]\s", masked[m.end():])
        phrase_end = m.end() + stop.start() if stop else len(masked)
        people = [x for x in mentions if m.end() <= x.start < phrase_end and x.kind == "person"]
        if people:
            scored.append((3, people[-1]))
        elif after:
            scored.append((3, after[0]))
        else:
            generic = _generic_after(masked, m.end())
            unnamed = _UNNAMED_AFTER.match(masked, m.end())
            if generic:
                scored.append((2, generic))
            elif unnamed:
                scored.append((2, _unnamed_label(unnamed.group(1))))  # "according to two sources"
    for m in _AGENT_BY.finditer(masked):
        after = [x for x in mentions if 0 <= x.start - m.end() <= 4]
        if after:
            scored.append((2, after[0]))
    for verb in _SPEECH_RE.finditer(masked):
        word = verb.group(0).lower().split()[-1]  # ("has said": said)
        before = [
            x for x in mentions
            if 0 <= _unmasked_length(masked, x.end, verb.start()) - _adverbs_length(masked, x.end, verb.start()) <= (
                90 if x.kind in ("person", "org", "report", "role")
                                             or _OWN_BODY.match(masked[x.end: x.end + 60]) else 14)
            and not re.search(r"[.;:]\s|\bthat\b", masked[x.end: verb.start()])
            and _is_subject(masked, x)
        ]
        after = [
            x for x in mentions
            if 0 <= x.start - verb.end() <= 16 and word in _POST_VERBS
            and not re.search(r"\bthat\b", masked[verb.end(): x.start])
            and _AFTER_POST_MENTION.match(masked[x.end:])
        ]
        # (a masked clause between the speaker and the verb does not count against the reach)
        window = max(0, verb.start() - 60 - masked.count("_", max(0, verb.start() - 200), verb.start()))
        unnamed = _UNNAMED_BEFORE_VERB.search(masked[window: verb.start()])
        if after:
            scored.append((3, after[0]))
        elif unnamed and not any(x.end > window + unnamed.start(1) for x in before):
            label = _unnamed_label(unnamed.group(1))
            body = _AT_BODY.search(masked[: window + unnamed.start(1)])
            if body and " " not in label:
                label = f"{body.group(1)} {label}"
            # "a member of the Taliban team": the party named inside the phrase
            inner = [x for x in mentions if x.party is not None
                     and window + unnamed.start(1) <= x.start < window + unnamed.end(1)]
            scored.append((2, _Mention(label, inner[0].party, "role", window + unnamed.start(1), verb.start())
                           if inner else label))
        elif (body := _BODY_ROLE_BEFORE.search(masked[window: verb.start()])) and not any(
                x.end > window + body.start(1) for x in before):
            scored.append((2, _unnamed_label(" ".join(body.group(1).split()))))  # "A State Department official said"
        elif (document := _document_author(masked, verb.start(), before, mentions)) is not None:
            scored.append((2, document))
        elif before:
            nearest = max(before, key=lambda x: x.end)
            scored.append((2, nearest))
        elif (body := _THE_BODY_BEFORE.search(masked[window: verb.start()])) is not None:
            label = " ".join(body.group(1).split())  # "The council said"
            # "The Afghan presidential palace": the party its adjective names
            parties = [p for w in re.findall(r"\b[A-Z][\w.]*", label[4:]) if (p := _party_of_adjective(speakers, w)[0])]
            start = window + body.start(1)
            scored.append((1, _Mention(label, parties[0], "org", start, start + len(body.group(1))) if parties else label))
        elif word in _PLAIN_SPEECH:
            generic = _generic_before(masked, verb.start())
            if generic:
                scored.append((1, generic))
            else:
                post = _generic_after(masked, verb.end())
                if post and word in ("said", "says", "added", "noted") and _AFTER_POST_MENTION.match(
                    masked[verb.end() + masked[verb.end():].index(post) + len(post):]
                ):
                    scored.append((1, post))
    return scored


# "The council said", "the group also said": a body the article named before, by its common noun
_THE_BODY_BEFORE = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|but|while)\s+)((?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[A-Z][\w.\u2019'-]*\s+){0,3}"
    r"(?i:council|group|president|department|ministry|government|movement|committee|panel|office|(?:presidential\s+)?palace|"
    r"command|alliance|embassy|mission|administration|army|directorate|agency|commission)"
    # "the Afghan Ministry of Defense": its name's tail
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w\u2019'-]*(?:\s+[A-Z][\w\u2019'-]*){0,2})?)"
    r"\s+(?:also\s+|has\s+|have\s+|had\s+|later\s+)?$"
)


def _document_author(masked: str, verb_at: int, before: list[_Mention], mentions: list[_Mention]) -> _Mention | str | None:
    """The author of a document that is the subject of the verb at
    `verb_at`, as the catalogue knows it or as the sentence names it."""
    start = max(0, verb_at - 200)
    m = _DOCUMENT_SUBJECT.search(masked[start:verb_at])
    if m is None:
        return None
    group = "by" if m.group("by") else "body"
    name = m.group(group)
    if not name or name in _NOT_NAMES or name.startswith(("The ", "A ", "An ")):
        return None
    at = start + m.start(group)
    if name.endswith(("'s", "\u2019s")):
        # "a report by the UN Security Council's sanctions monitors": the body the owner's name
        # begins; "the Monitoring Team's twelfth report": the owner; "the Pentagon's report": the Pentagon
        owned = [x for x in mentions if at <= x.start < at + len(name) and x.end > at + len(name) and x.kind != "group"]
        if owned:
            return owned[0]
        name = name[:-2]
        # ("the Monitoring Team's": the catalogue's name may begin with the article)
        ending = [x for x in mentions if x.start <= at and x.end == at + len(name) and x.kind != "group"]
        if ending:
            return ending[0]
        group = "by"  # (an owner is no subject of the verb, but the author all the same)
    # (an author named after "by" or "from" is no subject of the verb, but the author all the same)
    inside = [x for x in (mentions if group == "by" else before) if at <= x.start < at + len(name)]
    whole = [x for x in inside if x.start == at and x.end == at + len(name)]
    bodies = [x for x in inside if x.kind != "group"]  # "US" in "the US Treasury" is not its author
    return whole[0] if whole else bodies[0] if bodies else name


def _unmasked_length(masked: str, start: int, end: int) -> int:
    """Characters of masked[start:end] that are not blanked out (a quote, a
    relative clause, an aside): how far apart two words are as read."""
    return end - start - masked.count("_", start, end)


# "The Taliban have repeatedly stated": an adverb does not put the speaker further from the verb
_ADVERB = re.compile(r"\b[a-z]+ly\s+")


# "The Taliban, in a statement posted on its website, denied": an aside in commas
_ASIDE = re.compile(r",\s+(?:in|on|at|during|after|before|speaking|writing|responding|asked|citing|with|via|through|"
                    r"quoted|interviewed)\b[^,;.:]{0,90},\s+")


def _adverbs_length(masked: str, start: int, end: int) -> int:
    """What does not put a speaker further from its verb: adverbs, and an aside in commas."""
    aside = _ASIDE.match(masked, start, end)
    skipped = aside.end() - aside.start() if aside and aside.end() <= end else 0
    return skipped + sum(len(m.group(0)) for m in _ADVERB.finditer(masked, start + skipped, end))


def _unnamed_label(phrase: str) -> str:
    """ "a military spokesman" -> "military spokesman"; "two officials" kept."""
    return re.sub(r"^(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?!of\b)", "", " ".join(phrase.split()))


def _as_claim(candidate: _Mention | str, via: str | None = None) -> Claim:
    if isinstance(candidate, str):
        return Claim(candidate, None, via)
    return Claim(candidate.label, candidate.party, via)


def _choose(scored: list[_Candidate]) -> Claim:
    """The best candidate; an outlet yields to a speaker it reports."""
    best = max(scored, key=lambda s: s[0])
    speakers = [s for s in scored if not (isinstance(s[1], _Mention) and s[1].kind == "outlet")]
    outlets = [s[1] for s in scored if isinstance(s[1], _Mention) and s[1].kind == "outlet"]
    if outlets and speakers:
        top = max(speakers, key=lambda s: s[0])
        return _as_claim(top[1], via=outlets[0].label)
    return _as_claim(best[1])


def _role_word(label: str) -> str:
    word = label.split()[-1].lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_BODY_BY_NOUN = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(directorate|ministry|department|committee|commission|council|"
                           r"office|agency|mission|command|embassy)")


_THE_GROUP = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:group|movement|insurgents|militants|insurgent\s+group)")
# "Rebel Front fighters were seen nearby", "the Islamic Front group": another armed group, by its name
_OTHER_ARMED_GROUP = re.compile(
    r"\b[A-Z][\w\u2019'-]*(?:\s+[A-Z][\w\u2019'-]*){0,3}\s+(?:fighters|militants|group|network|affiliate|operatives|members|cells?)\b")
# "The Secretary General said": a title alone
_THE_TITLE = re.compile(r"[Tt]he\s+((?:Secretary[- ]General|Secretary|President|Vice\s+President|Ambassador|General|"
                        r"Defen[cs]e\s+Secretary|Secretary\s+of\s+State|Foreign\s+Minister|Envoy|Special\s+Envoy))")


def _earlier_named(claim: Claim, context: str, speakers: Speakers, in_context: bool) -> Claim:
    """ "the officials said" after "Afghan officials said": the same speakers,
    named by party where the article named them so before the passage."""
    if claim.party is not None or claim.claimant is None or not context:
        return claim
    tail = context[-PRONOUN_WINDOW:]
    if _THE_GROUP.fullmatch(claim.claimant):
        # "The group said": the party named last, unless another armed group was named after it
        parties = [m for m in _mentions(mask(tail), speakers, in_context) if m.kind == "group" and m.party is not None]
        if parties and not _OTHER_ARMED_GROUP.search(tail, parties[-1].end):
            return Claim(parties[-1].label, parties[-1].party, claim.via)
        return claim
    if (title := _THE_TITLE.fullmatch(claim.claimant)) is not None:
        # "The Secretary General said": the person the article gave that title
        people = [m for m in _mentions(mask(tail), speakers, in_context)
                  if m.kind == "person" and title.group(1).lower() in m.label.lower()]
        if people:
            return Claim(people[-1].label, people[-1].party, claim.via)
        held = list(re.finditer(r"\b((?:[A-Z]{2,}\s+|U\.[SN]\.\s+)?)" + re.escape(title.group(1))
                                + r"\s+((?:[A-Z][a-z]+\s+)?[A-Z][a-z]+\s+[A-Z][a-z'-]+)", tail))
        if held:
            last = held[-1]  # ("NATO Secretary General Jane Roe": the acronym of the body is part of the title)
            return Claim(f"{last.group(1)}{title.group(1)} {last.group(2)}", None, claim.via)
        return claim
    if (body := _BODY_BY_NOUN.fullmatch(claim.claimant)) is not None:
        # "The directorate said" after "Afghanistan's National Directorate of Security": that body
        noun = body.group(1).capitalize()
        tail_of = r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}"
        for m in reversed(list(re.finditer(r"\b((?:[A-Z][\w.\u2019'-]*\s+){0,3}" + noun + r"(?:" + tail_of + r")?)\b",
                                           context[-PRONOUN_WINDOW:]))):
            label = " ".join(_ARTICLE.sub("", m.group(1)).split())
            if label != noun and not _SENTENCE_OPENERS.match(label + " "):
                return Claim(label, None, claim.via)
        return claim
    words = claim.claimant.split()
    if len(words) > 5 or any(w[:1].isupper() for w in words) or not re.fullmatch(_ROLE_NOUNS, words[-1]):
        return claim
    role = _role_word(claim.claimant)
    earlier = [m for m in _mentions(mask(tail), speakers, in_context)
               if m.kind in ("role", "group") and m.party is not None and _role_word(m.label) == role]
    if earlier:
        return Claim(earlier[-1].label, earlier[-1].party, claim.via)
    # "A State Department spokesperson said ...": a body the catalogue does not know
    named = list(re.finditer(r"\b((?:[A-Z][\w.\u2019'-]*\s+){1,4})(" + re.escape(words[-1]) + r")\b", tail))
    if named:
        label = re.sub(r"^(?:A|An|The)\s+", "", " ".join(f"{named[-1].group(1)}{named[-1].group(2)}".split()))
        return Claim(label, None, claim.via)
    return claim


def _last_person(context: str, speakers: Speakers, in_context: bool) -> _Mention | None:
    tail = context[-PRONOUN_WINDOW:]
    # Mask from the start of the line the window begins in, so that quote
    # marks pair up as they do in the article.
    line_start = context.rfind("\n", 0, max(0, len(context) - PRONOUN_WINDOW)) + 1
    masked = mask(context[line_start:])[-len(tail):] if tail else ""
    people = [m for m in _mentions(masked, speakers, in_context) if m.kind == "person"]
    last = people[-1] if people else None
    # A speaker the catalogue does not know, named with a speech verb after
    # the last person it knows ("Mohammad Naeem, a spokesman, said ... He
    # accused"): "he" is that speaker.
    offset = 0
    for sentence in _SENTENCE_END.split(masked):
        start = masked.find(sentence, offset)
        offset = start + len(sentence)
        if last is not None and offset <= last.end:
            continue
        for score, candidate in _attributed(sentence, _mentions(sentence, speakers, in_context), speakers):
            if isinstance(candidate, str) and score >= 1 and _PERSON_NAME.fullmatch(candidate):
                last = _Mention(candidate, None, "person", start, offset)
    return last


_PERSON_NAME = re.compile(r"(?:[A-Z][a-z]+\.?\s+){0,2}[A-Z][a-z]+\s+[A-Z][a-z-]+")


_THEY_SAID = re.compile(r"\bthey\s+(?:also\s+)?(?:said|say|added|told)\b|\b(?:said|say|added)\s+they\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")


def _last_speakers(context: str, speakers: Speakers, in_context: bool) -> Claim | None:
    """Whom "they said" refers to: the speakers of the last sentence before it
    (within `PRONOUN_WINDOW`) that has more than one ("two US officials said")."""
    tail = context[-PRONOUN_WINDOW:]
    for sentence in reversed(_SENTENCE_END.split(tail)):
        masked = mask(sentence)
        scored = _attributed(masked, _mentions(masked, speakers, in_context), speakers)
        if not scored:
            continue
        found = _choose(scored)
        if any(w.endswith("s") and re.fullmatch(_ROLE_NOUNS, w.lower()) for w in (found.claimant or "").split()):
            return found
        return None  # the last speaker is one person or body: not "they"
    return None


# The signature under an embedded post, on the line after it: "— Jane Roe (@janeroe) March 5, 2020"
_POST_SIGNATURE = re.compile(r"[^\n]*\n\s*" + POST_SIGNATURE)


def post_author(after: str, speakers: Speakers) -> Claim | None:
    """The author of an embedded post whose paragraph the passage is in,
    from the signature line below it (`after`: the text after the passage);
    None when no signature follows."""
    signed = _POST_SIGNATURE.match(after)
    if signed is None:
        return None
    name = " ".join(re.sub(r"\([^)]*\)", " ", signed.group(1)).split())  # "Jane (..in another script)"
    if not name:
        return None
    known = [m for m in _mentions(name, speakers, False) if m.kind in ("person", "org")]
    return _as_claim(known[0]) if known else Claim(name)


def extract_claim(
    passage: str, context: str = "", speakers: Speakers | None = None, *, in_context: bool | None = None,
    after: str = "",
) -> Claim:
    """Who asserts `passage` (see the module doc); `Claim()` if nobody is named.

    `after` is the text after the passage: a post embedded in the article
    is its author's, named in the signature below it.

    `context` is the text before the passage (best: the article up to it);
    it tells whether "the report" is a body the article names, and whom "he
    said" or a bare quotation refers to (the last person named in the
    preceding `PRONOUN_WINDOW` characters). `in_context`, when given, says
    whether the article names a body whose "the report" is meant (else the
    passage and the context are searched).
    """
    speakers = speakers or Speakers.for_catalogue(None)
    if after and (author := post_author(after, speakers)) is not None:
        return author
    claim = _with_office(_claim(passage, context, speakers, in_context=in_context), speakers)
    claim = _party_of_the_title(_officials_of_the_government_acting(claim, passage, speakers), speakers)
    if claim.claimant and _WHEN_ALONE.fullmatch(claim.claimant):
        return Claim(None, None, claim.via)  # "the report, dated Tuesday, says": a day
    relative = _RELATIVE_LEAD.match(claim.claimant or "")
    if relative:
        # "which analysts said": the analysts; "whom his officials describe as": nobody the rules can name
        rest = claim.claimant[relative.end():] if claim.claimant else ""
        return replace(claim, claimant=rest) if rest and not _POSSESSIVE_LEAD.match(rest) else Claim(None, None, claim.via)
    return claim


# What the rules may take for a speaker and is none: a day or a month
# alone; a relative pronoun before the speaker ("which analysts said").
_WHEN_ALONE = re.compile(_WHEN_WORD.pattern)
_RELATIVE_LEAD = re.compile(r"(?i:whom|who|which|whose|that)\s+")
_POSSESSIVE_LEAD = re.compile(r"(?i:his|her|its|their|our|my)\b")


# "Afghan Vice President Jane Roe", "NATO Secretary General Jane Roe": an office of a party, and who holds it
_PARTY_OFFICE = re.compile(
    r"(?:[Tt]he\s+)?(\S+?)(?:[\u2019']s)?\s+(?:(?:[A-Z][a-z]+|[A-Z][a-z]+-[a-z]+|deputy|foreign|defen[cs]e|interior|chief|top|senior|"
    r"political\s+office)\s+){0,2}"
    r"(?i:vice\s+president|president|prime\s+minister|minister|ministry|secretary\s+general|secretary|commander|envoy|"
    r"negotiator|leader|spokes(?:man|woman|person)|official|government|army|forces|ambassador|chief)\b")


def _party_of_the_title(claim: Claim, speakers: Speakers) -> Claim:
    """A claimant the rules name with no party, whose title names the party
    they hold office for: that party."""
    if claim.party is not None or not claim.claimant:
        return claim
    office = _PARTY_OFFICE.match(claim.claimant)
    if office is None:
        return claim
    party = _party_of_adjective(speakers, office.group(1))[0]
    if party is None:
        named = [m for m in _mentions(office.group(1), speakers, False) if m.kind == "group" and m.party]
        party = named[0].party if named else None
    return replace(claim, party=party) if party else claim


def _claim(passage: str, context: str, speakers: Speakers, *, in_context: bool | None) -> Claim:
    context = context[-CONTEXT_CHARS:]
    if in_context is None:
        in_context = speakers.names_a_body(passage) or speakers.names_a_body(context)
    masked = mask(passage)
    mentions = _mentions(masked, speakers, in_context)
    scored = _attributed(masked, mentions, speakers)
    if scored:
        return _name_before_title(_with_title(_earlier_named(_choose(scored), context, speakers, in_context), passage, speakers),
                                  passage)
    if _THEY_SAID.search(masked):
        group = _last_speakers(context, speakers, in_context)
        if group is not None:
            return group
    if _PRONOUN_SAID.search(masked) or (passage.lstrip().startswith(("\u201c", '"')) and not mentions):
        person = _last_person(context, speakers, in_context)
        if person:
            return _as_claim(person)
    if _THE_DOCUMENT_SAID.search(masked) and (author := _document_in_context(context, speakers, in_context)) is not None:
        return _as_claim(author)
    if _IT_SAID.search(masked) and in_context:
        tail = mask(context)[-400:]
        last_report = max((m.end() for m in _REPORT_WORD.finditer(tail)), default=-1)
        last_text = max((m.end() for m in _AGREEMENT_WORD.finditer(tail)), default=-1)
        if last_report > last_text:
            reports = [s for s in speakers.context_only]
            if reports:
                return Claim(reports[0].label, reports[0].party)
    if _IT_SAID.search(masked):
        # "It also said": the body the context named last ("the Pentagon")
        tail = mask(context[-PRONOUN_WINDOW:])
        bodies = [m for m in _mentions(tail, speakers, in_context) if m.kind in ("org", "group", "report")]
        # ("The Pentagon confirmed that US troop numbers had fallen. It also said": the body that spoke)
        speaking = [m for m in bodies if _SPEAKS_NEXT.match(tail, m.end)]
        if speaking or bodies:
            return _as_claim((speaking or bodies)[-1])
    subjects = [
        x for x in mentions
        if x.kind in ("person", "role") and _is_subject(masked, x)
        and re.match(r"\s*(?:,|[a-z]|$)", masked[x.end:])
    ]
    if subjects:
        return _as_claim(subjects[0])
    return _transcript_speaker(passage, context, speakers) or Claim()


# "MR. ROE: Any further reductions ...", "SMITH: We have no ...": a
# transcript's speaker label, in capitals, opening the paragraph
_SPEAKER_LABEL = re.compile(
    r"\s*(?:(MR|MS|MRS|DR|GEN|SEN|REP|COL|AMB|ADM|LT|GENERAL|SENATOR|AMBASSADOR|SECRETARY)\.?\s+)?"
    r"(Q|A|[A-Z][A-Z\u2019'-]+(?:\s+[A-Z][A-Z\u2019'-]+){0,3}):\s"
)
# "Ambassador KHALILZAD. Thank you ...": a hearing's record names its speakers so
_RECORD_LABEL = re.compile(
    r"\s*(Mr|Ms|Mrs|Dr|Ambassador|General|Gen|Secretary|Senator|Chairman|Chairwoman|Admiral|Representative)\.?\s+"
    r"([A-Z][A-Z\u2019'-]{2,})\.\s")


def _speaker_label(paragraph: str) -> re.Match[str] | None:
    return _SPEAKER_LABEL.match(paragraph) or _RECORD_LABEL.match(paragraph)


# ... who ask, or are the outlet's own voice: no claimant of their own
_ASKING_LABELS = frozenset({"Q", "QUESTION", "REPORTER", "REPORTERS", "MODERATOR", "PRESENTER", "HOST", "ANCHOR",
                            "INTERVIEWER", "CORRESPONDENT", "NARRATOR", "CHAIR", "CHAIRMAN", "CHAIRWOMAN"})


# "Jane Roe, a member of the group's political office", "Jane Roe, a lawyer from Herat,"
_INTRODUCED = re.compile(r"\b((?:[A-Z][\w\u2019'-]+[ \t]+){1,4}[A-Z][\w\u2019'-]+),\s+(?:a|an|the|one\s+of\s+the)\s+"
                         r"([^,.;]{3,100})")


# "We asked retired Army Colonel Jane Roe, who ...", "We spoke with Dr Jane Roe about ..."
_ASKED_WHOM = re.compile(r"\b(?:[Ww]e|I)\s+(?:asked|spoke\s+(?:to|with)|talked\s+(?:to|with)|interviewed|put\s+(?:our\s+)?questions\s+to)\s+"
                         r"([^,.;:]{3,80}?)(?=,|\s+(?:about|what|how|whether|why|on)\b)")


def _transcript_speaker(passage: str, context: str, speakers: Speakers) -> Claim | None:
    """The speaker of a transcript's paragraph ("SMITH: ..."), as the
    article names them: a catalogue speaker, a full name the article gives
    ("Jane Roe" for "MS. ROE"), or an office it writes out ("the
    Pentagon press secretary"). None when the paragraph opens with no such
    label, or with a topic ("WEATHER:") the article names no one by."""
    paragraph = context[context.rfind("\n") + 1:] + passage
    label = _speaker_label(paragraph) or _turn_going_on(context)
    if label is None or label.group(2) in _ASKING_LABELS:
        return None
    if label.group(2) in _ANSWER_LABELS:
        # "A: ..." in an interview: the one interviewed, the first person the article names
        opening = context[:1500]
        interviewed = [m for m in _mentions(mask(opening), speakers, False) if m.kind == "person"]
        # ... the one the article introduces by what they are: "Jane Roe, a member of the group's
        # political office" (a headline's "the Biden review" names no one interviewed)
        asked = _ASKED_WHOM.search(opening)
        if asked and (name := re.search(r"([A-Z][a-z][\w\u2019'-]*\s+[A-Z][\w\u2019'-]+)\s*$", asked.group(1))):
            # "We asked retired Colonel Jane Roe, who ...", "We spoke with Dr Jane Roe": the one interviewed
            return Claim(name.group(1))
        introduced = _INTRODUCED.search(opening)
        if introduced:
            office = introduced.group(2)
            parties = [m.party for m in _mentions(office, speakers, False) if m.party is not None]
            return Claim(" ".join(introduced.group(1).split()), parties[0] if parties else None)
        return _as_claim(interviewed[0]) if interviewed else None
    words = label.group(2).split()
    plain = " ".join(w.capitalize() for w in words)
    known = [m for m in _mentions(plain, speakers, False) if m.kind == "person"]
    if known:
        return _as_claim(known[0])
    article = context + passage
    if len(words) == 1:
        # the full name the article gives the person: "Jane Roe"
        # (within a line: "Briefing \u2014 Telephonic\nMorgan Roe" is not "Telephonic Morgan Roe")
        named = re.search(r"\b((?:[A-Z][a-z][\w\u2019'-]*[ \t]+){1,2})" + re.escape(plain) + r"\b(?![\u2019']s\b)", article)
        if named and not _SENTENCE_OPENERS.match(named.group(1)):
            if _OWN_REPORTER_BEFORE.search(article, max(0, named.start() - 40), named.start()):
                return None  # "our correspondent Tom Hadley": the outlet's own voice
            return Claim(" ".join((named.group(1) + plain).split()))
    role = " ".join(words).lower()
    if re.fullmatch(r"(?:[\w-]+\s+){0,3}(?:" + _ROLE_NOUNS + r")", role):
        # an office the article writes out, with who holds it ("the Pentagon
        # press secretary"), else as the label gives it ("senior defense official")
        office = re.search(r"\b((?:[Tt]he\s+)?(?:[A-Z][\w.\u2019'-]*\s+){0,2})" + re.escape(role) + r"\b", article)
        return Claim(" ".join(office.group(0).split()) if office else role)
    if label.group(1):
        # a title and a name the article writes out nowhere ("GENERAL HOLT"): a person all the same
        title = label.group(1).capitalize()
        return Claim(f"{title}{'.' if len(title) <= 3 else ''} {plain}")
    return None


# "The statement said": a document the article named before, with its author
_THE_DOCUMENT_SAID = re.compile(
    r"(?:^|[.;:]\s+|,\s+|\b(?:and|but)\s+)(?:[Tt]he|[Tt]hat|[Tt]his|[Ii]ts|[Tt]heir)\s+(?:[a-z]+\s+)?"
    r"(?:statement|letter|communiqu[e\u00e9]|message|post|tweet|report|review|assessment|study)\s+(?:also\s+|further\s+)?"
    r"(?:said|says|added|stated|read|reads|warned|notes|noted|found|finds|records|recorded|estimates|estimated)\b")
_STATEMENT_WORD = re.compile(r"\b(?:statement|letter|communiqu[e\u00e9]|message|post|tweet|report|review|assessment|study)\b")


def _document_in_context(context: str, speakers: Speakers, in_context: bool) -> _Mention | None:
    """Who issued the last statement the context names: "The rebels' council,
    in a statement issued in the capital, warned ...", "a statement from
    the ministry"."""
    tail = mask(context[-PRONOUN_WINDOW:])
    words = list(_STATEMENT_WORD.finditer(tail))
    if not words:
        return None
    at = words[-1].start()
    mentions = [m for m in _mentions(tail, speakers, in_context) if m.kind != "outlet"]
    after = [m for m in mentions if 0 <= m.start - words[-1].end() <= 25
             and re.match(r"\s+(?:from|by|issued\s+by|of)\s+(?:the\s+)?$", tail[words[-1].end(): m.start])]
    if after:
        return after[0]
    before = [m for m in mentions if 0 <= at - m.end <= 80 and not re.search(r"[.;]\s", tail[m.end: at])]
    return before[-1] if before else None


_ANSWER_LABELS = frozenset({"A", "ANSWER"})


def _turn_going_on(context: str) -> re.Match[str] | None:
    """In a transcript (two paragraphs or more open with a speaker's label,
    or one with a title: "MR. HOFFMAN:"), a paragraph with no label goes on
    with the last speaker: that label."""
    paragraphs = [p for p in context.split("\n") if p.strip()]
    labelled = [m for p in paragraphs if (m := _speaker_label(p)) is not None]
    if not labelled:
        return None
    return labelled[-1] if len(labelled) >= 2 or labelled[-1].group(1) else None


_OWN_REPORTER_BEFORE = re.compile(r"\b(?:correspondents?|reporters?|reporting|[Oo]ur)\s+(?:[\w-]+\s+){0,2}$")
# Capitalised words that open a sentence, not a name: "In Roe's view".
_SENTENCE_OPENERS = re.compile(r"(?:In|On|At|By|For|With|From|As|The|A|An|But|And|When|After|Before|Mr|Ms|Dr)\s")


# "Jane Roe, a spokesman for the council, said": the title in commas after a name
_TITLE_AFTER = re.compile(r",\s+((?:(?:the|a|an)\s+)?(?!(?:who|which|whose|that|when|where)\b)[a-z][^,;]{2,80}?),\s*(?:" + _SPEECH + r")\b")
# "Germany's defence minister, Jane Roe, said": the title before it
_TITLE_BEFORE = re.compile(r"((?:[A-Z][\w.]*[\u2019']s|[Tt]he)\s+(?:[a-z]+\s+){0,3}(?:" + _ROLE_NOUNS
                           + r"|minister|secretary|chief|head|chairman|director|envoy|commander|president),\s+"
                           # "National Security Council spokesman Jane Roe"
                           + r"|(?:[A-Z][\w.\u2019'-]*\s+){1,4}(?:spokes(?:man|woman|person)|official|director|chief)\s+)$")


def _with_title(claim: Claim, passage: str, speakers: Speakers | None = None) -> Claim:
    """A bare name the catalogue does not know, with the title the passage
    gives it in commas: who the speaker is, in the article's words."""
    name = claim.claimant
    if not name or claim.party is not None or not re.fullmatch(r"(?:[A-Z][\w.'-]*\s+){1,4}[A-Z][\w'-]+", name):
        return claim
    at = passage.find(name)
    if at < 0:
        return claim
    if after := _TITLE_AFTER.match(passage, at + len(name)):
        return Claim(f"{name}, {' '.join(after.group(1).split())}", claim.party, claim.via)
    if before := _TITLE_BEFORE.search(passage[:at]):
        title = " ".join(before.group(1).split()).rstrip(",")
        # "The Taliban's deputy leader": the party the title names speaks through them
        named = [m for m in _mentions(title, speakers, False) if m.party is not None] if speakers else []
        return Claim(f"{title} {name}", named[0].party if named else claim.party, claim.via)
    return claim


def _name_before_title(claim: Claim, passage: str) -> Claim:
    """An office found as the speaker, written after a name in commas ("Jane
    Roe, the acting defense secretary, said"): the person, with the title."""
    role = claim.claimant
    if not role or not role[:1].islower():
        return claim
    found = re.search(r"((?:[A-Z][\w.'-]*\s+){1,3}[A-Z][\w'-]+),\s+((?:the|a|an)\s+(?:[\w-]+\s+){0,3}?"
                      + re.escape(role).replace(r"\ ", r"\s+") + r")\s*,", passage)
    if found is None:
        return claim
    return replace(claim, claimant=f"{found.group(1)}, {' '.join(found.group(2).split())}")


def extract_claimant(passage: str, context: str = "", speakers: Speakers | None = None) -> str | None:
    """The claimant's name only (see `extract_claim`)."""
    return extract_claim(passage, context, speakers).claimant


_TITLES = frozenset({
    "a", "an", "the", "senior", "top", "mr", "mrs", "ms", "dr", "president", "col", "colonel", "gen",
    "general", "marine", "lt", "adm", "admiral", "secretary", "sen", "senator", "rep", "ambassador",
    # how the office is held does not change who holds it ("acting Defense Secretary X" = "Defense Secretary X")
    "acting", "special", "former",
    # how many speak does not change who they are ("two US officials" = "US officials")
    "one", "two", "three", "four", "several", "some",
})


def _name_words(name: str) -> list[str]:
    # "U.S.", "US" and "American" officials are the same speakers
    folded = re.sub(r"\bU\.S\.|\bAmerican\b", "US", re.sub(r"\bU\.N\.", "UN", name))
    return [w for w in re.findall(r"[a-z0-9]+", folded.lower()) if w not in _TITLES]


_ARTICLE = re.compile(r"^(?:[Aa]n?|[Tt]he)\s+")


# A person's full name closing a claimant: two capitalised words after a title
# or a role, or alone ("Press Secretary John Roe", "John Roe"; not "National
# Security Council")
_FULL_NAME = re.compile(r"(?:^|\b(?:[Ss]ecretary|[Ss]pokes(?:man|woman|person)|[Gg]eneral|[Gg]en\.|[Aa]mbassador|[Ee]nvoy|"
                        r"[Aa]dviser|[Dd]irector|[Mm]inister|[Cc]ommander|[Cc]hief|[Pp]resident|[Cc]ol\.|[Ss]enator|"
                        r"[Mm]r\.|[Mm]s\.|[Dd]r\.)\s+)[A-Z][\w'-]+\s+[A-Z][\w'-]+$")


_BODY_NOUNS = frozenset({"council", "command", "team", "department", "ministry", "office", "group", "agency", "committee",
                         "commission", "government", "forces", "army", "mission", "nations", "states", "house", "palace"})
# A person's given and family names closing a claimant, a middle name or initial between them
_GIVEN_AND_FAMILY = re.compile(r"\b([A-Z][a-z][\w'-]*)\s+(?:[A-Z]\.\s+|[A-Z][a-z][\w'-]*\s+)?([A-Z][a-z][\w'-]*)$")


def _full_name(claimant: str) -> bool:
    return _FULL_NAME.search(claimant.strip()) is not None


# "the UN Monitoring Team report", "a US military assessment": a body's document, the body speaking
_DOCUMENT_OF = re.compile(r"(?:[\u2019']s)?\s+(?:report|assessment|study|review|statement|findings)$", re.IGNORECASE)


def same_speaker(found: str | None, expected: str | None, speakers: Speakers) -> bool:
    """Whether a claimant found names the speaker an analyst wrote, however
    each spells it: titles aside ("Col. Sonny Leggett" = "Sonny Leggett"),
    more specific ("rebel spokesman Jane Roe" names "Jane Roe"), a surname alone, or two aliases of one catalogue speaker
    ("UN Monitoring Team")."""
    if found is None or expected is None:
        return found == expected
    # "Jane Roe" names "Jane Roe, a spokeswoman for the council", and the other way round
    found_head, expected_head = found.partition(", ")[0], expected.partition(", ")[0]
    for one, other in ((found, expected_head), (found_head, expected)):
        if (one, other) != (found, expected) and one.strip() and other.strip() and same_speaker(one, other, speakers):
            return True
    author = _DOCUMENT_OF.sub("", expected)
    if author != expected and author.strip() and same_speaker(found, author, speakers):
        return True  # the team is the speaker of "the UN Monitoring Team report"
    have, want = _name_words(found), _name_words(expected)
    if not want:
        return not have
    if have == want or set(want) <= set(have):
        return True
    if len(have) == 1 and have[0] == want[-1] and found[:1].isupper():
        return True  # "Kirby said" after "John Kirby" was named
    if len(have) >= 2 and have[-2:] == want[-2:] and _full_name(found) and _full_name(expected):
        return True  # one person by full name, however much of the title each gives ("Press Secretary John Roe")
    if (first := _GIVEN_AND_FAMILY.search(found.strip())) and (second := _GIVEN_AND_FAMILY.search(expected.strip())) and (
            first.group(1).lower(), first.group(2).lower()) == (second.group(1).lower(), second.group(2).lower()) \
            and first.group(2).lower() not in _BODY_NOUNS:
        return True  # ... with a middle name or not ("Jonathan Rath Hoffman" = "Jonathan Hoffman")
    # (a speaker's patterns may be split in two, see `_split_speaker`: its parts are one speaker)
    parts: dict[tuple[str, str | None, str], list[re.Pattern[str]]] = {}
    for speaker in speakers.known:
        if speaker.kind != "outlet":
            parts.setdefault((speaker.label, speaker.party, speaker.kind), []).append(speaker.pattern)
    bare_found, bare_expected = _ARTICLE.sub("", found.strip()), _ARTICLE.sub("", expected.strip())
    for (label, _, kind), patterns in parts.items():
        names_found = any(p.fullmatch(bare_found) for p in patterns) or label == found
        if names_found and (any(p.fullmatch(bare_expected) for p in patterns) or label == expected):
            return True
        # one person named in both ("the group's spokesman, Jane Roe" = "rebel spokesman Jane Roe")
        if kind == "person" and any(p.search(found) for p in patterns) and any(p.search(expected) for p in patterns):
            return True
    # a body and the name the article gives it once it has named it ("the report" for the monitoring team)
    for speaker in speakers.context_only:
        if speaker.label == found and speaker.pattern.search(expected):
            return True
    return False
