"""Stance of a passage towards an obligation: rules over the catalogue. Pure.

The words of the rules are the obligation's (`verbs`, `objects`, `forbids`,
its metric's unit and target, its deadline) and its parties'; only the
grammar of English news is written here (negation, modals, denials,
delays, breach and compliance idioms). In order:

1. A passage that quotes the clause is context.
2. A denial ("refuted", "baseless", "rejected the report") by the obligor is
   the obligor's own claim that it complies: supports compliance, and the
   claimant is the obligor's party. A denial by anyone else is context.
3. A level in the metric's unit: at or past the target supports
   compliance; short of the target once the deadline has passed indicates
   breach; a reduction by an amount supports it.
4. The obligor doing what the obligation asks (one of its verbs with one of
   its objects, not negated, not planned): supports compliance ("freed 900
   prisoners", "the Council adopted the resolution", "talks opened").
   Negated ("has not released", "have yet to begin") once the deadline has
   passed, or at any time for an obligation that binds from signing ("has
   not cut its ties"): indicates breach; before a deadline, context.
5. For a prohibition, one of the forbidden things done ("consulted with",
   "running training camps"): indicates breach; the obligor saying it will
   not do it: supports compliance (its claim).
6. A delay ("delayed", "postponed", "stalled") indicates breach only when
   the thing delayed is one of the obligation's objects.
7. Otherwise general idioms: breach ("in violation", "failed to", "broke
   its promise") against compliance ("complied", "ahead of schedule",
   "progress has been made"); the clause after a final "but" weighs more;
   a hedged or conditional passage stays context.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.domain.claimants import Claim
from tracker.domain.lexicon import Lexicon, stem
from tracker.domain.models import Obligation, Party
from tracker.domain.quantities import CHANGE, LEVEL, Quantity, held_by_allies

SUPPORTS = "supports-compliance"
BREACH = "indicates-breach"
CONTEXT = "context"

# "Not yet" is a breach only once the deadline has passed (see `_BEFORE_DEADLINE_CUES`).
_NOT_YET = r"\bha(?:s|ve|d) not yet\b|\bnot yet been\b"
# "no date has been set for the talks to open", "had not been scheduled": not
# begun, said of its date (a breach once the deadline has passed)
_NOT_SCHEDULED = (r"\bno (?:new |firm |fixed )?date\b(?:[^.;]{0,50}?\b)?(?:has|had) (?:yet )?been (?:set|fixed|agreed|announced)\b"
                  r"|\b(?:still )?nowhere in sight\b"
                  r"|\b(?:has|have|had) not (?:yet )?been (?:scheduled|convened)\b")
# "Neither the releases nor the talks ... had taken place": what was due has
# not happened (a breach once the date has passed, like "not yet").
_NOT_HAPPENED = (r"\b(?:had|has|have)(?: not|n't)(?: yet)? (?:happened|taken place|materiali[sz]ed|come about)\b"
                 r"|\bneither\b(?=[^.;]*\bnor\b[^.;]*\b(?:had|has|have|was|were)(?: yet)? "
                 r"(?:happened|taken place|materiali[sz]ed|begun|started|opened)\b)")
# What was due and did not happen: "were meant to open on 10 March".
# ("was meant to wait on their pledges" is a condition, not a miss.)
_WAS_DUE = (r"\b(?:was|were|had been|has been|have been) (?:originally |initially |first )?(?:meant|supposed|due|scheduled) to\b"
            r"(?! (?:wait|depend|hinge|rest)\b)"
            r"|\b(?:was|were) to (?:be|have)\b")
# A cue this heavy is a breach even in a sentence about the future: a miss
# announced, a lateness counted.
_EVEN_IF_PLANNED = 3.0
# Talks that make no headway (not a breach of an obligation to begin them
# once they have begun: see `StanceRules.opens`).
_STALLED = r"\b(?:little|no) progress\b|\bremains? stalled\b"
# Lateness said in words: a breach of a date, but not of an obligation to
# begin something once it has begun (`StanceRules.opens`).
_LATENESS = (
    # ("will not meet the May 1 deadline", "cannot make that date": a miss announced)
    r"\bmiss(?:ed|ing|es)? (?:the|that|this|its|their) (?:[\w,]+ ){0,3}?(?:deadline|date)\b"
    r"|\b(?:will|would|could|can|does|did|do)\s*(?:not|n't)\s+(?:be able to\s+)?(?:meet|make|keep to|honou?r)\s+"
    r"(?:the|that|this|its|their) (?:[\w,]+ ){0,3}?(?:deadline|date)\b|\b(?:won't|cannot|can't)\s+(?:meet|make|keep to|honou?r)\s+"
    r"(?:the|that|this|its|their) (?:[\w,]+ ){0,3}?(?:deadline|date)\b",
    r"\bmissed\b|\boverdue\b|\bpast the deadline\b|\bbehind (?:the |that |its |their )?(?:schedule|timetable)\b",
    r"\b(?:days?|weeks?|months?|years?) (?:after|past|beyond) the (?:[\w,]+ ){0,3}?(?:deadline|date|target)\b"
    # "four weeks after March 10, the date by which the deal said ..."
    r"|\b(?:days?|weeks?|months?|years?) (?:after|past|beyond|later than) \w+ \w+, the (?:deadline|date|target)\b",
    r"\b(?:days?|weeks?|months?|years?) (?:late|overdue|behind (?:the |that |its |their )?(?:schedule|timetable))\b",
    r"\b(?:ran|runs|running|run) late\b",
    # "well past the three-month window the deal set"; "the timetable has already slipped"
    r"\b(?:well|long|far|weeks|months)\s+past\s+(?:the|its|their)\s+(?:[\w,-]+\s+){0,3}?(?:deadline|date|target|window|timeline|timetable)\b"
    r"|\b(?:deadline|date|window|timeline|timetable)\b[^.;]{0,60}?\b(?:has|have|had)\s+(?:already\s+)?slipped\b"
    r"|\bwindow\b[^.;]{0,60}?\bclosed\b",
)
_BREACH_IDIOMS = [
    (r"\bin violation\b|\bviolat", 2.0), (r"\bfail(?:ed|s|ing)? to\b", 2.0),
    (_NOT_YET, 1.0), (_NOT_HAPPENED, 2.0), (_NOT_SCHEDULED, 2.0), (r"\bin the breach\b", 2.0),
    # "the releases fall far short of the numbers the deal set": a shortfall stated, not measured
    (r"\b(?:fall|falls|fell|falling|fallen)\s+(?:far\s+|well\s+|way\s+|a\s+long\s+way\s+)?short\s+of\b", 2.0),
    (r"\ba (?:clear |direct |flagrant |serious |grave |blatant |major )?(?:breach|violation) of\b", 2.0),
    # "accused U.S. forces of breaching the agreement"
    # ("of breaking the deal by bombing", "broke the terms of the deal")
    (r"\b(?:breach(?:ed|es|ing)?|break(?:s|ing)?|broke|broken) (?:the|its|their|this|that) (?:terms of (?:the|its|their) )?"
     r"(?:\w+ ){0,2}?(?:agreement|deal|accord|terms|commitments?)\b", 2.0),
    # "which the deal said would begin on March 10th, did not"; "it never happened"
    # (a fact about the past: it stands beside the "would begin" it answers)
    (r"\b(?:did not|didn't|never) (?:happen|materiali[sz]e|take place|come about)\b"
     r"|,\s*(?:and\s+|but\s+)?(?:(?:they|it|he|she|we|those|these)\s+)?(?:did|are|were|is|was|have|has|had) not\s*[.;]?\s*$", 3.0),
    # walking out of the talks, boycotting them, skipping their sessions
    (r"\b(?:boycott\w*|walked out of|walk(?:s|ing)? out of|skipp\w+)\s+(?:the\s+|scheduled\s+|several\s+|their\s+)?"
     r"(?:talks|sessions|meetings|negotiations|rounds?|conference)\b", 2.0),
    # "still closely aligned": the relation the obligation asks to end goes on
    (r"\bstill (?:closely |very |tightly )?(?:aligned|allied|linked|intertwined|entwined|tied)\b", 1.5),
    # "walked out" of talks, not of a prison
    (_STALLED, 2.5),
    (r"\bwalked out\b(?!\s+of\s+(?:[\w-]+\s+){0,3}(?:prisons?|jails?|detention|custody|cells?|facilit(?:y|ies)|compounds?|gates?|centres?|centers?)\b)", 2.5),
    (r"\bas close as ever\b|\bremain(?:s|ed)? (?:very |as )?close\b", 1.5),
    (r"\bdefying\b|\bdefied\b", 1.0), (r"\bbroke(?:n)? (?:its|their|the) (?:promise|word|pledge|commitment|agreement|deal|accord)s?\b", 2.0),
    # "did not break ties", but not "did not break the agreement" (a claim of compliance)
    (r"\bnot (?:break|abandon|cut|sever)\b(?! (?:the|its|their|any|this) (?:\w+ ){0,2}?(?:agreement|deal|accord|terms|commitments?|promises?|word)\b)", 1.5), (r"\bcontinu(?:e|es|ed|ing) to\b", 0.5),
    # ("Despite the walkout, the government freed ...": opening a sentence, it
    # concedes; the main clause carries the stance)
    (r"\bstill (?:has|have|maintains?|keeps?|hosts?)\b", 1.0), (r"(?<=[\w,] )despite (?:the|its|their|signing)\b", 0.5),
    (r"\bmere fiction\b|\bdouble game\b|\bnot kept\b|\breneged\b|\bbackslid", 1.5),
    (r"\b(?:not|never|failed to) (?:fully |yet )?(?:lived?|living) up to\b", 2.0),
    # "had not yet done what it promised"
    # ("did not do what they said they would do", "not yet fully delivered on what they committed to")
    (r"(?:\b(?:not|never)|n't) (?:yet )?(?:fully )?(?:do|done|deliver(?:ed)?(?: on)?|carr(?:y|ied) out) what (?:it|they|he|she|we) "
     r"(?:had )?(?:said|promised|pledged|agreed|committed)", 2.0),
    # "hard to square with the promise": a fact set against the undertaking
    (r"\b(?:hard|difficult|impossible) to (?:square|reconcile) with\b|\b(?:at odds|inconsistent|incompatible) with\b"
     r"|\bcontradict(?:s|ed|ing)?\b|\bruns? counter to\b|\bflies in the face of\b", 2.0),
    # "This is against the agreement", "contrary to the deal", "not consistent with its commitment"
    (r"\b(?:is|was|are|were|be|go|goes|went|run|runs|ran)\s+(?:\w+\s+)?against\s+(?:the|this|that|its|their)\s+(?:[\w'-]+\s+){0,2}?"
     r"(?:agreement|deal|accord|commitments?|promises?)\b|\bcontrary to\s+(?:the|this|that|its|their)\s+(?:[\w'-]+\s+){0,2}?"
     r"(?:agreement|deal|accord|commitments?|promises?|terms)\b"
     r"|\bnot\s+(?:\w+\s+)?(?:consistent|in line|in keeping|in accordance|compatible)\s+with\b", 2.0),
    (r"\bnever agreed\b", 1.0), (r"\bdispute\b", 1.0), (r"\babsence of\b", 1.0),
    # announced, a miss is a breach already ("would withdraw by September, missing the May deadline")
    (_LATENESS[0], 3.0),
    # ... or the date set aside ("setting aside the May 1 deadline his predecessor negotiated")
    (r"\b(?:set(?:ting|s)? aside|left behind|leaving behind|ignor(?:e|ed|es|ing)|abandon(?:ed|ing|s)?|scrap(?:ped|ping|s)?|overr(?:ode|iding|ides?)|"
     r"blow(?:s|ing|n)? (?:past|through)|blew (?:past|through)|push(?:es|ed|ing)? (?:past|beyond)|"
     r"go(?:es|ing)? (?:past|beyond)|went (?:past|beyond)|extend(?:s|ed|ing)? (?:past|beyond)) "
     r"(?:the|that|this|its|their) (?:[\w,]+ ){0,3}?(?:deadline|date)\b",
     3.0),
    (_LATENESS[1], 1.5),
    # counted time after the date: late, done or announced ("would leave four months after the May 1 deadline")
    (_LATENESS[2], 3.5),
    # Lateness counted: the act done late still breaks the date ("the talks
    # opened six months behind the timetable"), so it outweighs the act.
    (_LATENESS[3], 3.5),
    # "overshooting by more than four months", "a date missed by five months"
    (r"\b(?:overshoot\w*|overr(?:un|an)\w*|miss(?:ed|ing)?|late)\s+(?:it\s+)?by\s+(?:more than |nearly |almost |about |some )?"
     r"(?:\w+ )?(?:days?|weeks?|months?|years?)\b", 3.5),
    # staying on past the date, done or announced ("will remain past the May 1 deadline")
    (r"\b(?:remain\w*|stay\w*|be|still be|keep\w*)\b[^.;]{0,60}\b(?:past|after|beyond) (?:the )?(?:[\w,]+ ){0,3}?"
     r"(?:deadline|date)\b", 3.0),
    (_LATENESS[4], 2.0),
    (_LATENESS[5], 3.0),
    # "a date that passed with none released": a fact, even after the plan it
    # answers ("would be freed by March 10, a date that passed without ...")
    (r"\b(?:deadline|date|day|target)\b[^.;]{0,100}?\b(?:passed|came and went|lapsed|expired) "
     r"(?:without|with\s+(?:no|none|nothing|not\s+(?:a\s+single|one)))\b", 3.0),
    # "the May 1 deadline passed with some 2,500 troops still in the country": what was to be gone, still there
    (r"\b(?:deadline|date|target)\b[^.;]{0,100}?\b(?:passed|came and went|lapsed|expired)\s+with\s+(?:[\w,]+\s+){0,6}?"
     r"(?:still|yet)\s+(?:in|inside|on|there|remaining|held|behind|left|to\s+(?:leave|go|be))\b", 3.0),
    # "That date came and went."; "the May 29 target passed in silence"
    # (the date as what the clause is about, not "a day after the deadline passed")
    (r"(?:^|[:;,]\s+|\b(?:but|and)\s+)(?:the\s+|that\s+|this\s+|its\s+|their\s+)?(?:[\w,'-]+\s+){0,3}?"
     r"(?:deadline|date|target)\b[^.;]{0,100}?\b(?:came and went|passed|lapsed|expired)\b(?!\s+(?:with|without)\b)", 3.0),
    # "the exchange ... is still not finished" once it was due
    (r"\b(?:is|was|are|were|remains?|remained)\s+still\s+(?:not|far from)\s+(?:yet\s+)?(?:finished|complete|completed|done|over)\b"
     r"|\bstill\s+(?:not|far from)\s+(?:finished|complete|completed|done)\b", 3.0),
    (_WAS_DUE, 1.5),
    # ("have not yet fully met their commitments", "hasn't entirely kept")
    (r"\byet to (?:fully )?(?:meet|honou?r|fulfill?|keep|implement|live up to)\b"
     r"|(?:\b(?:not|never)|n't) (?:(?:fully|yet|entirely|completely|quite) ){0,2}(?:met|honou?red|fulfilled|kept|implemented)\b", 2.0),
    (r"\bdeadline\b[^.;]{0,80}\b(?:has|had) (?:now )?passed\b|\bpassed the deadline\b|\bin breach\b|\bbreached\b", 2.0),
]
_COMPLY_IDIOMS = [
    # ("on track to be finished by August": a projection, not yet the act)
    (r"\bahead of schedule\b|\bon schedule\b|\bon track\b(?!\s+to\b)", 2.0),
    (r"\bprogress has been made\b|\bthere is progress\b|\bmade progress\b", 2.0),
    (r"\btaken (?:some )?steps\b", 2.0), (r"\bfully committed\b", 1.5), (r"\bmade the break\b", 2.0),
    (r"\bdown from\b", 1.5), (r"\breturning home\b|\bheaded home\b|\bcame home\b", 1.5),
    (r"\bcompleted\b|\bfulfilled\b|\bdelivered on\b", 1.5),
    (r"\bcomplied\b|\bin compliance\b|\bcomplying\b|\bkept (?:its|their) (?:promise|word|pledge)\b", 2.0),
    (r"(?:\b(?:not|never)|n't) (?:break|breach|violate|contravene)\w* (?:the|its|their|any|this) (?:\w+ ){0,2}?"
     r"(?:agreement|deal|accord|terms|commitments?|promises?)\b|\bno (?:breach|violation) of\b", 2.0),
    (r"\bhas been met\b|\bhave been met\b|\bwere met\b", 1.0), (r"\bsignified\b", 1.0),
    # "was keeping its side of the accord", "meeting its obligations" (not "if they keep their side")
    (r"\b(?:kept|keeping|upheld|upholding|honou?red|honou?ring)\s+(?:up\s+)?(?:its|their|our)\s+(?:side|end|part)\s+of\s+"
     r"(?:the|its|their|our)\s+(?:\w+\s+)?(?:bargain|deal|accord|agreement)\b|\bmeeting\s+(?:its|their|our)\s+obligations\b", 2.0),
    # "had already met the deal's first target", "met its commitment"
    (r"(?<!not )(?<!never )(?<!yet )(?<!fully )(?<!entirely )\bmet (?:the|its|their|that|this) (?:[\w']+ ){0,3}?(?:target|deadline|goal|commitment|"
     r"obligation|benchmark)s?\b", 2.0),
    (r"(?<!not )\b(?:consistent|in line|in keeping|in accordance) with (?:the|its|their|our)\s+(?:\S+\s+){0,3}"
     r"(?:agreement|deal|accord|commitments?)\b",
     2.0),
    (r"\b(?:already )?(?:under ?way)\b", 1.5), (r"\b(?:is|was|are|were) (?:now |already )?(?:\w+ )?complete\b", 1.5),
]
def _triggers(pattern: str) -> tuple[str, ...]:
    """For each alternative of `pattern`, a literal it cannot match without
    (its longest run of plain words outside groups); "" when none: a cheap
    `in` test that spares the regex on most passages."""
    out: list[str] = []
    for alt in _top_level_split(pattern):
        bare = alt.replace("\\b", "")
        while re.search(r"\([^()]*\)", bare):
            bare = re.sub(r"\([^()]*\)[?*+]?(?:\{[^}]*\})?", "\x00", bare)
        bare = re.sub(r"\\[a-zA-Z][*+?]?|\[[^\]]*\][*+?]?(?:\{[^}]*\})?|.[?*]|\.", "\x00", bare)
        runs = [r.strip() for r in re.findall(r"[a-z' ]+", bare)]
        best = max(runs, key=len, default="")
        # or a required group whose every alternative starts with plain words
        # ("(?:had|has|have)", "(?:breach(?:ed)?|broke)"), which needs one of
        # them: the choice with the longest shortest literal, the rarest in
        # news ("consistent", "in line" rather than "with")
        choices: list[list[str]] = ([[best]] if len(best) >= 3 else []) + _group_triggers(alt.replace("\\b", ""))
        chosen: list[str] = max(choices, key=_rarity) if choices else [""]
        out.extend(chosen)
    return tuple(out)


def _rarity(leads: list[str]) -> tuple[int, int]:
    """Longer literals are rarer; fewer of them are cheaper to look for."""
    return min(len(lead) for lead in leads), -len(leads)


def _group_triggers(alternative: str) -> list[list[str]]:
    """For each required group at the top of `alternative` whose every branch
    starts with 3 plain characters, the leading words of its branches."""
    found: list[list[str]] = []
    depth, start = 0, -1
    for at, char in enumerate(alternative):
        if char == "\\" or (at and alternative[at - 1] == "\\"):
            continue
        if char == "(":
            depth += 1
            if depth == 1:
                start = at
        elif char == ")":
            depth -= 1
            if depth == 0 and start >= 0:
                following = alternative[at + 1: at + 2]
                if following not in ("?", "*", "{"):
                    branches = _top_level_split(alternative[start + 1: at].removeprefix("?:"))
                    leads = [_leading_literal(b) for b in branches]
                    if all(len(lead) >= 3 for lead in leads):
                        found.append(leads)
                start = -1
    return found


def _top_level_split(body: str) -> list[str]:
    """The alternatives of a regex body, split at its top-level bars."""
    parts: list[str] = []
    depth, current = 0, ""
    for char in body:
        depth += char == "("
        depth -= char == ")"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _leading_literal(branch: str) -> str:
    """The plain characters a branch starts with, minus one made optional after them."""
    run = re.match(r"[a-z' ]*", branch)
    lead = run.group(0) if run else ""
    if branch[len(lead): len(lead) + 1] in ("?", "*", "{"):
        lead = lead[:-1]
    return lead.strip()


@dataclass(frozen=True)
class _Cue:
    pattern: re.Pattern[str]
    weight: float
    triggers: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        if not any(t in text for t in self.triggers):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str) -> list[re.Match[str]]:
        if not any(t in text for t in self.triggers):
            return []
        return list(self.pattern.finditer(text))


_BREACH_CUES = [_Cue(re.compile(p), w, _triggers(p)) for p, w in _BREACH_IDIOMS]
_COMPLY_CUES = [_Cue(re.compile(p), w, _triggers(p)) for p, w in _COMPLY_IDIOMS]
_BEFORE_DEADLINE_CUES = [c for c in _BREACH_CUES if c.pattern.pattern not in (_NOT_YET, _NOT_HAPPENED, _NOT_SCHEDULED)]
DENIAL = re.compile(
    r"\brefut|\bden(?:y|ied|ies|ying)(?:\s+\w+){0,3}?\s+(?:that|any|it|this|the|claims?|reports?|allegations?|accusations?)\b"
    r"|\brejected\b|\bbaseless\b|\bslammed\b|\bcast doubt\b|\bdismissed\b|\bnot true\b|\bfabricat"
    r"|\bpropaganda\b|\bdownplayed\b|\bdeclined to criticize\b|\bnot provide a complete picture\b|\bquestion(?:ed|s) the\b",
)
# "rejected calls to discuss a truce", "rejected a proposal to free them": what is refused is an act
_REJECTED_ASK = re.compile(r"rejected\s+(?:\w+\s+){0,2}?(?:demands?|calls?|requests?|proposals?|offers?|pressure|appeals?|"
                           r"suggestions?|plans?)\s+(?:\w+\s+){0,2}?(?:to|for|that)\b")
# "rejected the team", "rejected its makeup", "rejected it as not inclusive":
# a thing turned down, not a report denied
_REJECTED_THING = re.compile(
    r"rejected\s+(?:it\s+as\s+(?:not|un\w+|too)\b|(?:its|their|the|this|that)\s+(?:\w+\s+){0,2}?"
    r"(?:team|delegation|list|makeup|composition|line-?up|decree|plan|proposal|offer|candidates?|nominees?)\b)")
# ("once used by", "once held by": formerly, not a condition)
# "any delay past May 1 would be a breach of the agreement": a breach
# declared in advance, as the party it protects warns; it stands as its claim.
_WOULD_BREAK = re.compile(r"\b(?:would|will)\s+(?:be|constitute|amount\s+to)?\s*$")
_CONDITIONAL_BEFORE = re.compile(
    r"\b(?:if|unless|whether|until|once(?! again| more| (?:\w+ed|held|run|built|kept|used) by\b)|as soon as)\b[^,;]*$")
# A sentence that opens with a condition: a warning of what would follow,
# not a fact ("If they stay after May 1, it is a violation")
_HYPOTHETICAL_BEFORE = re.compile(r"(?:^|[.;:!?]\s+)[\"'\u201c]?(?:if|unless)\b[^.;:!?]*$")
# "may" the modal, not the month the text is lower-cased from ("the May 1 deadline", "by May")
_MODAL_MAY = (r"(?<!\bin )(?<!\bby )(?<!\bof )(?<!\bon )(?<!\bto )(?<!\bsince )(?<!\buntil )(?<!\bearly )"
              r"(?<!\blate )(?<!\bmid-)(?<!\bmid )(?<!\bfrom )(?<!\bbefore )(?<!\bafter )(?<!\blast )(?<!\bnext )"
              r"(?<!\bthis )(?<!\bthe )(?<!\bin early )(?<!\bin late )(?<!\bend of )may(?!\s+\d)")
_MAYBE_BEFORE = re.compile(r"\b(?:could|might|" + _MODAL_MAY + r"|risks?|likely to|in danger of)\s+(?:\w+\s+)?$")
# "did not violate": a breach word negated is not a breach
_NEGATED_CUE = re.compile(r"(?:\b(?:not|no|never)|n't)\s+(?:\w+\s+)?$|\bfail(?:ed|s|ing)? to (?:get |be |go )?$")
# "Washington undertook to bring its forces down ...": the promise restated, not its keeping.
_UNDERTAKING_SENTENCE = re.compile(
    r"(?:^|[.;]\s)(?:(?!\bbut\b)[^.;])*\b(?:undert(?:ook|akes|aken)|agreed|pledged|promised|vowed|"
    r"committed(?: itself| themselves)?|(?:is|are|was|were) obliged|"
    # "their pledges to curb violence and break with al-Qaeda": the promise, not the act
    r"(?:pledges?|promises?|commitments?|undertakings?))\s+to\b(?:(?!\bbut\b)[^.;])*$"
)
_HEDGE = re.compile(
    r"\bcould\b|\bif true\b|\bif the\b|\boptions?\b|\bcontingent\b|\bdepends? on\b|\bgoing to have to\b"
    r"|\bwould not say\b|\bwhether\b|\bskeptical\b|\bpessimistic\b|\bchallenging\b|\bsuggest",
)
_NEGATION = re.compile(
    r"(?:\b(?:not|no|nobody|never|neither|without|yet to|refus\w+ to|declin\w+ to|fail\w* to|unable to|stopped short of|balk\w* at)|n't)\b"
    r"(?:\s+\w+){0,3}\s*$|\bwithout(?:\s+\w+){0,5}\s*$"
    # "has not taken concrete steps to separate": the steps to the act, not taken
    r"|(?:\b(?:not|never)|n't)\s+(?:yet\s+)?(?:taken|made)\s+(?:any\s+)?(?:\w+\s+)?(?:steps?|moves?|efforts?|action)\s+to\s+$"
    # "rejected demands to discuss": a refusal, like "refused to"
    r"|\breject\w*\s+(?:\w+\s+){0,2}?(?:demands?|calls?|requests?|proposals?|offers?|appeals?|suggestions?|plans?)\s+"
    r"(?:\w+\s+){0,2}?to\s+$"
    # "No Taliban figure has been taken off": the subject negated
    # "does not allow any person or group to use": permission withheld
    r"|(?:\b(?:not|never)|n't)\s+(?:allow|permit|let)\w*\s+(?:\w+\s+){0,6}?(?:to\s+)?$"
    r"|\b(?:no\s+(?:\w+\s+){1,6}|not\s+(?:one|a\s+single)\s+(?:\w+\s+){0,6}?|none\s+(?:of\s+(?:the|them)\s+(?:\w+\s+){0,2})?)"
    r"(?:has|have|had|was|were|is|are)\s+(?:yet\s+)?(?:been\s+)?$"
)
# "has not asked the Council to remove": the verb of the obligation is what
# was not asked for, not pressed for, not moved on.
_NOT_ASKED = re.compile(r"(?:\b(?:not|never)|n't)\s+(?:yet\s+)?(?:ask|press|push|urg|mov|tr|seek|sought|request)\w*\s+"
                        r"(?:[\w.'\u2019]+\s+){0,5}?to\s+$")
# "Nothing suggests they have cut ties", "no sign that the group has broken":
# what follows is said not to have happened.
_NO_SIGN = re.compile(
    r"\b(?:nothing|no (?:\w+ )?(?:evidence|sign|indication|proof|information)|little (?:evidence|sign))\b[^.;]{0,80}?"
    r"\b(?:suggests?|indicates?|shows?|that)\b[^.;]*$"
    r"|\bnot (?:yet )?(?:been )?(?:convinced|persuaded|satisfied)\b[^.;]*$"
    # "we have not seen them break with the group", "had not yet shown that they had"
    r"|\b(?:have|has|had)(?: not|n't) (?:yet )?(?:seen|observed)\b[^.;]*$"
    r"|\bnot (?:yet )?(?:shown|demonstrated|proven)\b[^.;]*$"
)
# "with no sign of a break": the noun of the act, said not to have happened
_NO_SIGN_OF = re.compile(r"\b(?:no|little) (?:\w+ )?(?:evidence|signs?|indications?|proof) of (?:a |an |any |the )?(?:\w+ )?$")
# What someone asks, demands or urges to be done is not done yet.
_NOT_SAID = re.compile(r"\b(?:did not|didn't|would not|wouldn't|could not|declined to|refused to)\s+"
                       r"(?:say|disclose|specify|confirm|give)\b[^.;]{0,50}$")
_REQUESTED = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|demand(?:s|ed|ing)?|urg(?:es|ed|ing)|request(?:s|ed|ing)?|insist(?:s|ed|ing)?|"
    r"press(?:es|ed|ing)?|push(?:es|ed|ing)?|lobb(?:y|ies|ied|ying)|call(?:s|ed|ing)?)"
    r"\s+(?:that\b|for\b|to\b|\w+\s+to\b)[^.;]{0,45}$"
    # "the government's team wanted a truce discussed first"
    r"|\b(?:want(?:s|ed|ing)?|wish(?:es|ed)?|prefer(?:s|red)?)\s+(?:an?|the|its|their)\s+(?:\w+\s+){0,2}$"
    # ... "want all 5,000 of our prisoners freed", "want the remaining 700 detainees released"
    r"|\b(?:want(?:s|ed|ing)?|wish(?:es|ed)?)\s+(?:(?:all|every|each|the|its|their|our|of|remaining|rest|last|[\d,.]+)\s+){2,5}"
    r"(?:\w+\s+){0,1}$"
)
# "signed a decree ordering the phased release of 1,500", "ordered 400 men
# freed": the act ordered, still to be carried out
_ORDERED = re.compile(r"\b(?:order(?:s|ed|ing)?|decrees?|providing\s+for)(?:\s+[\w'-]+){0,3}?\s+$")
_REMAINING_AFTER = re.compile(r"\s+(?:behind|over|in\s+(?:the|afghanistan|kabul)\b(?!\s+(?:january|february|march|april|may|june|july|"
                              r"august|september|october|november|december)\b))")
# "agreed, in the Doha text, that a ceasefire would be": what is to come
_TERMS_AFTER = re.compile(r"(?:\s*,[^,.;]{0,40},)?\s+(?:that\s+)?(?:[\w'-]+\s+){0,5}?(?:would|will|should|shall)\b")
# The obligor refusing to do it is a breach whatever the date.
_REFUSED = re.compile(r"\b(?:refus\w+|reject\w*|declin\w+|won't|will not|would not)\s+(?:\w+\s+){0,1}?to\s+$"
                      r"|\b(?:refus\w+|won't|will not|would not)\s+(?:\w+\s+){0,1}$")
# The rest of what is asked, refused or kept back ("but is refusing to
# release the rest", "but the others are being held back")
_HELD_BACK = re.compile(r"\b(?:refus\w+|declin\w+|balk\w*)\s+(to|at)\b|\b(?:held|holding|kept|keeping)\s+back\b"
                        r"|\bwithh[oe]ld\w*\b")
_PROCEDURE_AGREED = re.compile(
    r"\b(?:agreed|reached\s+(?:a\s+|an\s+)?(?:\w+\s+)?agreement|settled|signed\s+off)\s+on\s+(?:the\s+|their\s+|a\s+)?"
    r"(?:\w+\s+)?(?:rules|procedures|code\s+of\s+conduct|agenda|framework)\b")
_UNTIL_AFTER = re.compile(r"\b(?:until|unless|before|till)\b")
_PLANNED = re.compile(
    r"\b(?:will|would|shall|should|could|can|cannot|" + _MODAL_MAY + r"|might|must|plans?|planned|expected|agreed|promis\w+|pledg\w+|"
    r"commit\w*|vow\w*|aims?|intends?|ready|set|going|due|scheduled|calls? for|called for|in exchange for|"
    r"requir\w*|oblig\w*)\b"
    # ("continue to train them": doing it now, not a plan)
    r"(?:\s+\w+){0,3}\s*$|(?<!moved )(?<!continue )(?<!continues )(?<!continued )(?<!continuing )\bto\s+$"
    # "were meant to have begun": what should have happened
    r"|\b(?:meant|supposed|due|scheduled|expected|set|was|were|is|are)\s+to\s+have\s+$"
)
# "the deal required all 5,000 prisoners to be freed": what was owed, not done
_OWED_BEFORE = re.compile(r"\b(?:requir\w*|oblig\w*|call(?:s|ed)?\s+for|envisag\w+|envision\w*)\b[^.;]{0,100}"
                          r"\bto\s+(?:be\s+)?$"
                          # "were supposed to be freed by March 10": what was due, not what was done
                          r"|\b(?:meant|supposed|due|scheduled)\s+to\s+be\s+$"
                          # "the start of talks triggers a review of sanctions": the terms, what one event sets off
                          r"|\btrigger(?:s|ed|ing)?\b[^.;]{0,60}$")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that|of)\s+[\"'\u201c\u2018]?$")
_OUGHT_BEFORE = re.compile(r"\b(?:should|must|ought\s+to|has\s+to|have\s+to|needs?\s+to)\s+(?:\w+\s+){0,2}$")
# "the Doha agreement says contractors and trainers all leave": the deal's
# terms, reported in the present, not what was done
_TERMS_OF_THE_DEAL = re.compile(
    r"\b(?:agreement|deal|accord|pact|declaration|text|clause|document)s?\s+(?:\w+\s+){0,2}?"
    r"(?:says|states|stipulates|requires|provides|envisages|foresees|sets\s+out|spells\s+out|calls\s+for)\b"
    r"(?:(?!\bbut\b)[^.;])*$")
# "prisoner releases have lagged behind", "prisoner swaps are stuck": a plural
# noun after its object, then what holds it up (not "prisoner releases resumed": done)
_NOUN_AFTER_ITS_OBJECT = re.compile(
    r"[a-z]+s\s+(?:(?:are|were|is|was|have|has|had)\s+(?:\w+\s+)?)?(?:lagg\w*|lag|lags|stall\w*|slow\w*|delayed|"
    r"behind|stuck|held\s+up|remain\w*)\b")
# "required the United States to reduce its troops ... and leave five bases",
# "had 135 days to cut their numbers and leave": a verb joined to a duty or
# a plan shares it
_COORDINATED_DUTY = re.compile(
    r"\b(?:must|should|shall|will|would|to|has\s+to|have\s+to|had\s+to|needs?\s+to)\s+[a-z]+\b[^.;]{0,100}?"
    r"(?:,\s*)?\b(?:and|or)\s+$")
# "that period ends on May 1", "the deadline ran out": a span of time ends,
# not the act (unless it is one of the obligation's objects)
_TIME_SUBJECT_BEFORE = re.compile(
    r"\b(period|deadline|window|term|timeline|timetable|clock|months|weeks|days|years|date|phase)\s+$")
# "ended funding for the army", "halted the releases": the act stopped, not done
_STOPPED_BEFORE = re.compile(r"\b(?:end(?:ed|s|ing)?|stopp(?:ed|ing)|stops?|halt(?:ed|s|ing)?|cut\s+off|suspend(?:ed|s|ing)?|"
                             r"froze|frozen|freez(?:e|es|ing)|ceas(?:ed|es|ing))\s+(?:(?:its|their|the|all|any)\s+)?$")
_DONE_BEFORE_NOUN = re.compile(
    r"\b(?!(?:delay|postpon|block|halt|suspend|refus|reject|oppos|stall|demand|call|seek|sought|want|urg|await)\w*)"
    r"\w+(?:ed|ing)\s+(?:the|a|an|its|their)\s+$"
    # "that completes the release of all 5,000": the present tense of finishing it
    r"|\b(?:completes|finishes|concludes)\s+(?:the|a|an|its|their)\s+$"
)
# Words that may stand between a verb and the count it acts on ("freed
# nearly all of the roughly 1,000"): they do not put the count further away.
_QUANTIFIER_WORDS = frozenset({"nearly", "almost", "about", "roughly", "around", "some", "all", "of", "the", "over",
                               "more", "than", "fewer", "least", "at", "another", "further", "up", "to", "close"})


def _quantifiers_between(toks: Sequence[_Token], i: int, j: int) -> int:
    return sum(1 for t in toks[i + 1: j] if t.stem in _QUANTIFIER_WORDS)


_YEARISH = re.compile(r"^(?:19|20)\d\d$")
# A verb of the obligation turned noun ("negotiations", "withdrawal").
# "is still funding", "we're now paying", "keeps funding": the -ing form as
# an act going on, not a noun or a modifier
_PROGRESSIVE_BEFORE = re.compile(r"\b(?:is|are|re|was|were|been|has|have|now|begun|began|started|finished|completed|"
                                 r"resumed|keeps?|kept|keeping)\s+(?:\w+\s+){0,2}$")
# "had begun the first phase of the reduction", "started the drawdown": the act, as a noun, begun
# ... "have made proportional reductions", "carried out the cut"
_BEGUN_NOUN_BEFORE = re.compile(r"\b(?:begun|began|started|commenced|launched|initiated|opened)\s+(?:\w+ing\s+)?"
                                r"(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,5}?$"
                                r"|\b(?:made|carried\s+out|completed|finished)\s+(?:(?:the|a|an|its|their)\s+)?"
                                r"(?:(?!that\b)[\w-]+\s+){0,2}$")
_NOMINAL = re.compile(r"(?:tions?|ments?|als|ances?)$|(?<=[a-z]{4})al$")
# ... and what makes such a noun a fact: "the withdrawal began", "negotiations opened".
_NOUN_DONE_AFTER = re.compile(
    r"^(?:\s+[\w,-]+){0,5}?\s+(?:(?:has|have|had)\s+(?:now\s+|already\s+)?)?"
    r"(?:began|begun|started|opened|resumed|got\s+under\s+way|was\s+completed|were\s+completed|completed|"
    r"concluded|took\s+place|were\s+held|was\s+held|is\s+complete|was\s+complete|finished|ended|"
    r"(?:had\s+|has\s+|have\s+)?been\s+(?:carried\s+out|completed|made|finished)|was\s+carried\s+out|were\s+carried\s+out)\b"
)
_NEGATED_OBJECT = re.compile(r"^\s+(?:to\s+)?(?:no|neither|none of)\b")
# One sentence that asks ("Are they issuing passports?"): nothing asserted.
_QUESTION = re.compile(r"\A[^.!?]*\?[\s\"'\u201d\u2019)]*\Z")
# "no sign that they will stop hosting them": the forbidden thing goes on
_REMEDY_BEFORE = re.compile(r"\b(?:stop|end|ceas|halt|abandon|cut|sever|break|broke|curb|prevent|renounc|expel)\w*\b[^.;]*$")
_NEGATION_WORD = re.compile(r"\b(?:not|never|yet\s+to)\b|n't\b")


def _noun_done_denied(norm: str, end: int) -> bool:
    """The act named as a noun, then said not done: "negotiations have not
    begun" (what `_NOUN_DONE_AFTER` reads as done, with a negation inside)."""
    done = _NOUN_DONE_AFTER.match(norm[end:])
    return done is not None and bool(_NEGATION_WORD.search(done.group(0)))
# A sentence about what will happen: its verbs are plans, not facts.
_FUTURE_SENTENCE = re.compile(
    r"(?:^|[.;]\s)[^.;]*\b(?:will|would|shall|is\s+to|are\s+to|was\s+to|were\s+to|is\s+expected\s+to|are\s+expected\s+to|"
    r"plans?\s+to|is\s+due\s+to|are\s+due\s+to)\b[^.;]*$"
)
# "the bases the US is to vacate have been handed over": done, whatever the
# plan mentioned before it.
_DONE_AUXILIARY = re.compile(r"\b(?:have|has|had)\s+(?:now\s+|already\s+)?been\s+$|\b(?:have|has|had)\s+(?:now\s+|already\s+)?$")
_COMMITMENT = re.compile(r"\b(?:commit\w*|pledg\w*|promis\w*|obligations?|undert\w+|vow\w*|agreed|must)\b")
_DELAY = re.compile(r"\b(?:delay\w*|postpon\w+|stall\w*|held up|put off|pushed back|suspend\w*|derail\w*|bogged down|"
                    r"slipp?(?:ed|ing|s)?)\b")
_FOR_COMMENT = re.compile(r"\s+for\s+(?:comment|an?\s+interview)\b")
_ASIDE = re.compile(r"\s*,[^,.;]{3,60},")
_DELAY_SUBJECT_GAP = re.compile(
    r"^(?:\s+(?:themselves|itself|have|has|had|been|be|was|were|is|are|already|again|further|now|repeatedly|"
    r"remain|remains|remained|still|largely))*\s*$"
)


@dataclass(frozen=True)
class StanceRules:
    """The stems a passage is matched against, for one obligation."""

    obligation: Obligation
    obligor_ids: frozenset[str]
    obligor_stems: frozenset[str]
    verbs: tuple[tuple[str, ...], ...]
    objects: tuple[tuple[str, ...], ...]
    forbids: tuple[tuple[str, ...], ...]
    object_units: frozenset[str]
    # What it asks is to take something away (a listing, a ban): that thing
    # said to be still in place is the act not done.
    removes: bool = False
    # What it asks must be permanent ("a permanent ceasefire"): a "three-day"
    # or holiday one is not its object.
    asks_permanent: bool = False
    # What it asks is to begin something ("Start negotiations"): once begun,
    # it is kept; lateness and a later stall are not its breach (studied
    # writers marked talks opened six months late as compliance, 9 in 10).
    opens: bool = False
    # The obligor's names of several words, as stems ("unit", "stat").
    obligor_phrases: tuple[tuple[str, ...], ...] = ()
    # One-word names of the other parties ("taliban" for the government's
    # obligations): who else may be the subject of what a passage says.
    other_party_stems: frozenset[str] = frozenset()


def build_rules(obligation: Obligation, parties: Sequence[Party], lexicon: Lexicon) -> StanceRules:
    by_id = {p.id: p for p in parties}
    obligor_stems: set[str] = set()
    obligor_phrases: set[tuple[str, ...]] = set()
    for party_id in obligation.obligor:
        party = by_id.get(party_id)
        if party is not None:
            for name in party.names():
                toks = lexicon.tokens(name)
                if len(toks) == 1:
                    obligor_stems.update(toks)
                elif toks:
                    obligor_phrases.add(tuple(toks))

    def phrases(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        out = [tuple(_verb_stem(t) for t in lexicon.tokens(w)) for w in words]
        return tuple(p for p in out if p)

    verbs = phrases(obligation.verbs)
    others = {t for p in parties if p.id not in obligation.obligor for name in p.names()
              if len(toks := lexicon.tokens(name)) == 1 for t in toks} - obligor_stems
    return StanceRules(
        obligation=obligation,
        other_party_stems=frozenset(others),
        obligor_ids=frozenset(obligation.obligor),
        obligor_stems=frozenset(obligor_stems),
        obligor_phrases=tuple(sorted(obligor_phrases)),
        verbs=verbs,
        objects=phrases(obligation.objects),
        forbids=phrases(obligation.forbids),
        object_units=frozenset(w.lower() for w in obligation.objects),
        removes=bool(set(verbs) & set(phrases(_REMOVAL_VERBS))),
        asks_permanent=bool(_PERMANENT.search(f"{obligation.title} {obligation.summary}")),
        opens=bool(_OPENING_TITLE.match(obligation.title)),
    )


_OPENING_TITLE = re.compile(r"(?:start|begin|open|launch|enter|convene)\b", re.IGNORECASE)
# "the talks, which opened in September", "since they began": the act, begun
# before, in a clause of its own.
_BEGUN_LEAD = re.compile(r"\b(?:which|since|after)\s+(?:\w+\s+){0,2}?(?:(?:had|have|has)\s+)?$")
_BEGUN_BEFORE = re.compile(
    r"\b(?:which|since|after)\s+(?:\w+\s+){0,2}?(?:(?:had|have|has)\s+)?(?:opened|began|begun|started|launched|convened)\b"
    r"|\bresum(?:ed|es|ing|ption)\b|\b(?:met|meet|meets|meeting|convened|sat down|gathered) again\b")


_REMOVAL_VERBS = ("remove", "lift", "delist", "take off", "revoke", "rescind", "unfreeze")
# "remains on the FBI's most-wanted list", "a reward ... still offered", "still names 135 individuals"
_STILL_IN_PLACE = re.compile(
    r"\b(?:remains?|remained|still)\s+(?:\w+\s+){0,2}?(?:on|in place|in force|offered|listed|designated|names|lists)\b"
    r"|\b(?:still|also still)\s+(?:be\s+|being\s+)?(?:offered|listed|designated|sanctioned|named)\b")
# "no names have been removed", "passed without any delisting", "the
# designations would stay in place", "should have been lifted months ago"
_NOT_REMOVED = re.compile(
    r"\b(?:no|none|not|never|nobody|nothing)\b(?:\s+[\w']+){0,10}?\s+(?:been|were|was)\s+"
    r"(?:removed|lifted|delisted|taken off|revoked|rescinded)\b"
    r"|\bwithout (?:any |a single )?(?:delistings?|removals?)\b|\bno (?:delisting|removal)s?\b"
    r"|\b(?:stay|stays|stayed|remain|remains|remained)\s+in place\b"
    r"|\b(?:remain|remains|remained|still)\s+(?:\w+\s+){0,2}?under\s+(?:[\w-]+\s+){0,4}?sanctions\b"
    r"|\bshould have been (?:lifted|removed|delisted)\b|\bsame (?:\w+\s+)?names\b"
    # the request for it never made: "has not put forward any proposal to delist",
    # "received no request from the United States to remove" (studied writers: 26 of 32 a breach)
    r"|(?:\b(?:not|never)|n't)\s+(?:yet\s+)?(?:tabled|put\s+forward|submitted|filed|lodged|proposed|sought|requested)\b"
    r"|\bno\s+(?:\w+\s+)?(?:requests?|proposals?)\s+(?:\w+\s+){0,4}?to\s+(?:remove|delist|lift|strip|take)\b"
    r"|\bno\s+(?:delisting|removal)\s+(?:requests?|proposals?)\b"
    # "nor has Washington asked the committee to delist anyone", "no government has asked it to remove"
    r"|\bnor\s+(?:has|have|had|did|does|do)\s+(?:[\w.'\u2019]+\s+){0,4}?(?:asked|sought|requested|proposed|pressed|moved)\b"
    r"|\bno\s+(?:\w+\s+){0,2}?(?:government|state|country|member|one|nation|capital)s?\s+(?:has|have|had)\s+(?:yet\s+)?"
    r"(?:asked|sought|requested|proposed|moved)\b")
# Taking names off a list said in one word: the list is the object ("asked
# the committee to delist anyone")
_DELIST = re.compile(r"\bde-?list\w*")


# Past forms the light stemmer does not fold.
_VERB_FORMS = {
    "freed": "free", "fre": "free", "began": "begin", "begun": "begin", "beginn": "begin",
    "sent": "send", "brought": "bring", "withdrew": "withdraw", "lef": "leav", "took": "take",
    "taken": "take", "held": "hold", "met": "meet", "cut": "cut", "adopt": "adopt", "pass": "pass",
    "broken": "break", "broke": "break",
    "handover": "hand", "vot": "vote", "approv": "approv", "endors": "endors",
}


_DOUBLED = re.compile(r"[bdgmnprt]{2}$")
# Words whose "-ell" is their own, not a British doubled "l" ("resell", "farewell").
_WHOLE_ELL = ("sell", "tell", "well", "shell", "spell", "smell", "dwell", "swell", "bell", "cell", "fell", "yell")


def _verb_stem(token: str) -> str:
    found = _VERB_FORMS.get(token)
    if found is not None:
        return found
    if len(token) >= 4 and token[-1] == token[-2] and _DOUBLED.search(token):
        return token[:-1]  # "cutting" -> "cutt" -> "cut", "stopped" -> "stopp" -> "stop"
    if len(token) >= 6 and token.endswith("ell") and not token.endswith(_WHOLE_ELL):
        return token[:-1]  # "travelled" -> "travell" -> "travel", "expelled" -> "expel"
    return token


_SUMS = frozenset(_verb_stem(stem(w)) for w in ("million", "billion", "trillion"))


def _same_stem(token: str, word: str) -> bool:
    """The light stemmer cuts "named" to "nam" but keeps "name": one verb."""
    return token == word or (len(token) >= 3 and token + "e" == word)


@dataclass(frozen=True)
class _Token:
    stem: str
    start: int  # offset in the folded text


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _tokens(norm: str, lexicon: Lexicon) -> list[_Token]:
    out: list[_Token] = []
    for m in _WORD.finditer(norm):
        word = m.group(0)
        word = word.split("'")[0] if word.endswith("'s") else word
        out.append(_Token(_verb_stem(stem(word)), m.start()))
    return out


@lru_cache(maxsize=4096)
def _read(text: str, lexicon: Lexicon) -> tuple[str, tuple[_Token, ...]]:
    """A passage folded and tokenised, once for all the obligations it is judged for."""
    norm = lexicon.prepare(text)
    return norm, tuple(_tokens(norm, lexicon))


@lru_cache(maxsize=4096)
def _stem_index(text: str, lexicon: Lexicon) -> dict[str, tuple[int, ...]]:
    """Where each stem of a passage is (`_read`'s tokens): a phrase's first
    word is looked up, not searched for, across the obligations' phrases."""
    index: dict[str, list[int]] = {}
    for i, tok in enumerate(_read(text, lexicon)[1]):
        index.setdefault(tok.stem, []).append(i)
    return {s: tuple(at) for s, at in index.items()}


def _find(phrase: tuple[str, ...], toks: Sequence[_Token], index: dict[str, tuple[int, ...]]) -> list[int]:
    """Indexes of the tokens where `phrase` starts (words in order, at most
    two words apart); `index` is `_stem_index` of `toks`."""
    hits: list[int] = []
    first = phrase[0]
    starts: Sequence[int] = index.get(first, ())
    if len(first) >= 4 and first.endswith("e"):
        shorter = index.get(first[:-1], ())  # the stemmer's "nam" for "name" (`_same_stem`)
        if shorter:
            starts = sorted((*starts, *shorter))
    for i in starts:
        j = i
        ok = True
        for part in phrase[1:]:
            nxt = next((k for k in range(j + 1, min(len(toks), j + 4)) if _same_stem(toks[k].stem, part)), None)
            if nxt is None:
                ok = False
                break
            j = nxt
        if ok:
            hits.append(i)
    return hits


def _cue_weight(cues: Sequence[_Cue], text: str, *, negatable: bool = False,
                warnings: bool = False) -> tuple[float, list[str]]:
    """Sum of the weights of the cues found in `text` (each cue once),
    leaving out those stated as a condition, a plan or a risk, and (when
    `negatable`) those negated: "did not violate". With `warnings`, a breach
    declared in advance ("would be a breach of the deal") is kept."""
    total = 0.0
    hits: list[str] = []
    present = _present_triggers(text)
    for cue in cues:
        if present.isdisjoint(cue.triggers):
            continue
        for m in cue.pattern.finditer(text):
            # "if the group fails to keep its promises" states a condition.
            if _CONDITIONAL_BEFORE.search(text[max(0, m.start() - 70): m.start()]):
                continue
            before = text[max(0, m.start() - 300): m.start()]
            if cue.weight < _EVEN_IF_PLANNED and _FUTURE_SENTENCE.search(before) and not (
                    warnings and cue.weight >= 2.0 and _WOULD_BREAK.search(text, max(0, m.start() - 30), m.start())):
                continue  # "will be completed", "will continue to": not yet a fact; a counted lateness still is
            if cue.weight < _EVEN_IF_PLANNED and _OUGHT_BEFORE.search(before[-40:]):
                continue  # "should be completed as agreed": what ought to be, not what is
            if _UNDERTAKING_SENTENCE.search(before):
                continue
            if negatable and _NEGATED_CUE.search(before[-20:]):
                continue
            if _MAYBE_BEFORE.search(before[-30:]):
                continue  # "could miss the deadline": a risk, not a fact
            if _HYPOTHETICAL_BEFORE.search(before):
                continue  # "If they stay after May 1, it is a violation"
            total += cue.weight
            hits.append(m.group(0))
            break
    return total, hits


_DENIAL_CUE = _Cue(DENIAL, 2.0, _triggers(DENIAL.pattern))


_JUDGING_CUES = (*_BREACH_CUES, *_COMPLY_CUES, _DENIAL_CUE)
_JUDGING_TRIGGERS = tuple(sorted({t for cue in _JUDGING_CUES for t in cue.triggers}))
_JUDGING_SETS = tuple(frozenset(cue.triggers) for cue in _JUDGING_CUES)


@lru_cache(maxsize=8192)
def _present_triggers(text: str) -> frozenset[str]:
    """The cue triggers a text holds, found once per text, not once per cue
    (the cues are read for each obligation a passage is judged for)."""
    return frozenset(filter(text.__contains__, _JUDGING_TRIGGERS))


def evaluative_weight(norm: str) -> float:
    """How much a passage judges compliance, whatever it is about (0..3):
    the weights of the idioms it uses, a denial counting 2 (no check of
    conditions or plans: this only ranks, it decides nothing)."""
    total = 0.0
    # each trigger looked for once, not once per cue that has it
    present = _present_triggers(norm)
    if not present:
        return 0.0
    for cue, triggers in zip(_JUDGING_CUES, _JUDGING_SETS, strict=True):
        if not triggers.isdisjoint(present) and cue.pattern.search(norm):
            total += cue.weight
            if total >= 3.0:
                return 3.0
    return total


@dataclass(frozen=True)
class StanceResult:
    stance: str
    reason: str
    # The claim is the obligor's own (its denial, its assurance).
    obligor_claim: bool = False
    claim: Claim = field(default_factory=Claim)


def decide_stance(
    text: str,
    rules: StanceRules,
    claim: Claim,
    quantities: Sequence[Quantity],
    quotes_clause: bool,
    *,
    lexicon: Lexicon,
    deadline: dt.date | None = None,
    published_on: dt.date | None = None,
    parties: Sequence[Party] = (),
) -> StanceResult:
    """The stance of `text` towards `rules.obligation` (see the module doc)."""
    if quotes_clause:
        return StanceResult(CONTEXT, "quotes the clause", claim=claim)
    if _QUESTION.search(text):
        return StanceResult(CONTEXT, "a question (it asserts nothing)", claim=claim)
    norm, toks = _read(text, lexicon)
    index = _stem_index(text, lexicon)
    by_obligor = claim.party is not None and claim.party in rules.obligor_ids
    hedged = bool(_HEDGE.search(norm))
    past_deadline = deadline is not None and published_on is not None and published_on > deadline
    # binding from signing with no end: what it asks is due at any time
    ongoing = rules.obligation.deadline.kind == "ongoing"

    denial = DENIAL.search(norm)
    if denial and (_REJECTED_ASK.match(norm, denial.start()) or _REJECTED_THING.match(norm, denial.start())):
        denial = None  # "rejected demands to discuss a truce": a refusal to act, read below, not a denial
    if denial:
        if not by_obligor and claim.party is None and _obligor_named_before(toks, rules, denial.start()):
            claim = _obligor_claim(rules, parties)
            by_obligor = True
        if by_obligor:
            return StanceResult(SUPPORTS, f"the obligor's own claim: denies ('{denial.group(0)}')", True, claim)
        # Anyone else's denial is doubt, unless the passage says more.

    metric = rules.obligation.metric
    if metric is not None:
        verdict = _metric_stance(text, quantities, metric, past_deadline)
        if verdict is not None and verdict[0] == SUPPORTS and _PROGRESS in verdict[1]:
            # Progress on the way, but the passage says the end will come late
            # ("would leave before Sept. 11, four months after the May 1 deadline").
            late = [c for c in _BREACH_CUES if c.weight >= _EVEN_IF_PLANNED]
            weight, hits = _cue_weight(late, norm, negatable=True)
            if weight:
                return StanceResult(BREACH, f"'{hits[0]}' (the end comes after the deadline)", claim=claim)
        if verdict is not None:
            return StanceResult(verdict[0], verdict[1], claim=claim)

    breach = comply = 0.0
    reasons_b: list[str] = []
    reasons_c: list[str] = []

    # 4. The obligor doing (or not doing) what the obligation asks.
    objects_at = sorted({i for phrase in rules.objects for i in _find(phrase, toks, index)}
                        # "the list" for "the sanctions list": the head noun stands for the object
                        | {i for phrase in rules.objects if len(phrase) > 1 for i in _find(phrase[-1:], toks, index)})
    if rules.asks_permanent:
        objects_at = [j for j in objects_at if not _TEMPORARY_BEFORE.search(norm, max(0, toks[j].start - 40), toks[j].start)]
    counts_at = [k for k, t in enumerate(toks) if t.stem.isdigit() and len(t.stem) >= 2 and not _YEARISH.match(t.stem)]
    obligor_at = [k for k, t in enumerate(toks) if t.stem in rules.obligor_stems]
    # "requests $3.3 billion for the forces": a sum of money is what is paid or asked for
    money_at = [k for k, t in enumerate(toks) if t.stem in _SUMS and k and toks[k - 1].stem.isdigit()]
    # In text order: a negation governs the rest of its sentence ("refused to
    # put a truce on the agenda, insisting that X be discussed first").
    governed_until = -1
    begun_before = False
    not_done = 0.0  # breach weight from the act said not done
    for phrase_hits in [sorted({i for phrase in rules.verbs for i in _find(phrase, toks, index)})]:
        for i in phrase_hits:
            # The object as subject before the verb ("talks ... have yet to
            # begin") or as object after it ("freed 900 prisoners").
            # ... or a bare count ("about 900 were released"), or the obligor as
            # its subject ("the last U.S. aircraft left"): who or what it is done to or by.
            before = norm[max(0, toks[i].start - 40): toks[i].start]
            # "had begun the first phase of the reduction": the act as a noun, begun or made
            begun_noun = _BEGUN_NOUN_BEFORE.search(before) is not None
            if toks[i].start < governed_until or not (
                any(-25 <= j - i <= 10 for j in objects_at)
                or any(-4 <= j - i <= 4 or 0 < j - i <= 4 + _quantifiers_between(toks, i, j) for j in counts_at)
                or (any(-8 <= j - i < 0 for j in obligor_at)
                    and (_past_form(norm, toks[i].start) or begun_noun))
                or any(0 < j - i <= 10 for j in money_at)
                # the act named as a noun, said not to have happened ("no sign that
                # anyone has opened that review"): it needs no object
                or (_DETERMINER_BEFORE.search(before) and _NO_SIGN.search(_sentence_before(norm, toks[i].start)))
            ):
                continue
            if _CONDITIONAL_BEFORE.search(before):
                continue
            if _TERMS_OF_THE_DEAL.search(_sentence_before(norm, toks[i].start)):
                continue
            if (timed := _TIME_SUBJECT_BEFORE.search(before)) and not any(
                    stem(timed.group(1)) in phrase for phrase in rules.objects):
                continue
            if _COORDINATED_DUTY.search(_sentence_before(norm, toks[i].start)) and not _past_form(norm, toks[i].start):
                continue  # "must complete the reduction and vacate five bases": the second verb is a duty too
            if (i - 1) in objects_at and _NOUN_AFTER_ITS_OBJECT.match(norm, toks[i].start):
                continue  # "prisoner releases have lagged": the act named as a noun, its object before it
            word = norm[toks[i].start:].split(" ", 1)[0].strip(".,;:!?\"'")
            if word.endswith(("or", "ors")) and len(word) > 5:
                continue  # "negotiators", "mediators": who acts, not the act
            if word in _words_in_names(text):
                continue  # "the Afghan Security Forces Fund": part of a name, not the act
            if word == "held" and norm.startswith(" by ", toks[i].start + len(word)):
                continue  # "captives held by the Taliban": in someone's hands, not talks held
            if word == "left" and _REMAINING_AFTER.match(norm, toks[i].start + len(word)):
                continue  # "any foreign forces left in the country": those remaining, not leaving
            if (i + 1) in objects_at and _DETERMINER_BEFORE.search(before) and (word.endswith("ed") or word == "freed"):
                continue  # "the freed prisoners have since rejoined": who they are, not the act
            if _FOR_COMMENT.match(norm, toks[i].start + len(word)):
                continue  # "did not respond to requests for comment": the reporter's request
            particle = _PARTICLE_AFTER.match(norm, toks[i].start + len(word))
            if particle and not any(v.endswith(" " + particle.group(1)) for v in rules.obligation.verbs):
                continue  # "held up by a dispute", "put off": another verb than "hold" or "put" ("take up" is one)
            if _NOT_ASKED.search(norm[max(0, toks[i].start - 80): toks[i].start]) and past_deadline:
                breach += 2.0
                reasons_b.append(f"not asked to '{word}' after the deadline")
                continue
            if (_NO_SIGN_OF.search(before) or _NO_SIGN.search(_sentence_before(norm, toks[i].start))) and (
                past_deadline or ongoing
            ):
                governed_until = _sentence_end(norm, toks[i].start)
                breach += 2.0
                reasons_b.append(f"no sign of '{word}'")
                continue
            if _NOT_STARTED.search(before) and (past_deadline or ongoing):
                # "has yet to start the review": the act, as a noun, not begun
                governed_until = _sentence_end(norm, toks[i].start)
                breach += 2.0
                reasons_b.append(f"'{word}' not begun after the deadline")
                continue
            if _DETERMINER_BEFORE.search(before) and not word.endswith("ed") and not _DONE_BEFORE_NOUN.search(before) \
                    and not begun_noun and not _NOUN_DONE_AFTER.match(norm[toks[i].start + len(word):]):
                continue  # "the withdrawal of", "the release of": a noun, unless done ("approved the release",
                #          "the cut ... had been carried out")
            if _NOMINAL.search(word) and not begun_noun and not _NOUN_DONE_AFTER.match(norm[toks[i].start + len(word):]):
                continue  # "Negotiations ..., have yet to start": the noun is not the act; "talks began" is
            negated = (bool(_NEGATION.search(before)) or bool(_NEGATED_OBJECT.match(norm[toks[i].start + len(word):]))
                       or bool(_NO_SIGN.search(_sentence_before(norm, toks[i].start)))
                       or _noun_done_denied(norm, toks[i].start + len(word)))
            if negated:
                governed_until = _sentence_end(norm, toks[i].start)
                if past_deadline or ongoing:
                    breach += 2.0
                    not_done += 2.0
                    reasons_b.append(f"not '{word}' after the deadline")
                elif (refused := _REFUSED.search(before)) and _obligor_named_before(toks, rules, toks[i].start) and not (
                        refused.group(0).startswith(("will", "would", "won't"))
                        and _UNTIL_AFTER.search(norm[toks[i].start: _sentence_end(norm, toks[i].start)])):
                    # (before the date, "will not join talks until the prisoners are freed" sets a
                    # condition; "refused to discuss a truce until" is a refusal; after the date
                    # either is a breach, above)
                    breach += 2.0
                    reasons_b.append(f"the obligor refuses to '{word}'")
                continue
            if word.startswith("agree") and _TERMS_AFTER.match(norm, toks[i].start + len(word)):
                continue  # "both sides agreed a truce would be on the agenda": the terms agreed, not the act
            if _REQUESTED.search(norm[max(0, toks[i].start - 70): toks[i].start]):
                continue  # "asked that their names be taken off": a request, not the act
            if _ORDERED.search(before) or _STOPPED_BEFORE.search(before):
                continue
            if _NOT_SAID.search(norm[max(0, toks[i].start - 70): toks[i].start]):
                continue  # "did not say how many troops had left": the act not asserted
            if (_PLANNED.search(before) and not _MET_TO.search(_sentence_before(norm, toks[i].start))) \
                    or _OWED_BEFORE.search(norm[max(0, toks[i].start - 100): toks[i].start]) or (
                (_FUTURE_SENTENCE.search(norm[: toks[i].start]) or _UNDERTAKING_SENTENCE.search(norm[: toks[i].start]))
                and not _DONE_AUXILIARY.search(before)
            ):
                continue
            if word.endswith("ing") and not _PROGRESSIVE_BEFORE.search(before) \
                    and not _PARTICIPLE_OF_FACT.search(_sentence_before(norm, toks[i].start)):
                continue
            if rules.opens and (word.startswith("resum") or _BEGUN_LEAD.search(before)
                                or norm.startswith(" again", toks[i].start + len(word))):
                begun_before = True  # "resumed", "met again", "talks, which opened in September": begun before
                continue
            comply += 2.0
            reasons_c.append(f"'{word}' (what the obligation asks)")
            # "has freed 4,000 but is refusing to release the rest": the part
            # still refused, after the deadline, outweighs the part done
            sentence_end = _sentence_end(norm, toks[i].start)
            tail_at = norm.find(" but ", toks[i].start, sentence_end)
            held = _HELD_BACK.search(norm, tail_at, sentence_end) if tail_at >= 0 else None
            if held and held.group(1) is not None:
                # refusing this act ("refusing to release"), not another ("refused to deal with it")
                nxt = next((k for k, t in enumerate(toks) if t.start >= held.end()), None)
                if nxt is None or nxt not in phrase_hits or any(
                        t.stem in rules.other_party_stems for t in toks if tail_at <= t.start < held.start()):
                    held = None  # (or another party refusing: "but the Taliban refused to meet it")
            if held and (past_deadline or ongoing):
                breach += 3.0
                reasons_b.append(f"'{held.group(0)}' (the rest refused)")
            break

    # Talks the obligation asks to open, agreeing their own rules or agenda:
    # under way ("have agreed on the rules that will govern their talks";
    # studied writers: 13 of 14 compliance), unless that is not yet done.
    if rules.opens and not comply and objects_at:
        agreed = _PROCEDURE_AGREED.search(norm)
        lead = norm[max(0, agreed.start() - 40): agreed.start()] if agreed else ""
        if agreed and not _NEGATION.search(lead) and not _PLANNED.search(lead):
            comply += 2.0
            reasons_c.append(f"'{agreed.group(0)}' (the talks under way)")

    # The act itself found done: a passing remark ("which continue to use
    # them") or the date it was first due ("talks that were due to begin in
    # March") does not cancel it; a lateness counted still does.
    act_done = comply >= 2.0
    # An obligation to begin something, begun: lateness and a stall are no breach of it.
    begun = rules.opens and (act_done or begun_before or (bool(objects_at) and _BEGUN_BEFORE.search(norm) is not None))
    if begun:
        # ("resumed last week, but have yet to agree on an agenda": what is
        # not done yet comes after the beginning the obligation asks)
        breach -= not_done
        reasons_b = [r for r in reasons_b if not r.startswith("not '")]

    # 5. Forbidden things done, or promised not to be done by the obligor.
    verbs_at = {i for phrase in rules.verbs for i in _find(phrase, toks, index)}
    # "have not seen them shelter foreign fighters": what follows a forbidden act
    # denied, in its sentence, is denied with it
    forbidden_at = [_find(phrase, toks, index) for phrase in rules.forbids]
    denied_spans = [(toks[i].start, _sentence_end(norm, toks[i].start))
                    for found_at in forbidden_at for i in found_at if _denied(norm, toks[i].start)]
    for found_at in forbidden_at:
        for i in found_at:
            if any(0 < i - j <= 3 for j in verbs_at):
                continue  # "severing ties", "prevent the use of the soil": the remedy, not the act
            if any(a < toks[i].start < b for a, b in denied_spans):
                continue
            before = norm[max(0, toks[i].start - 40): toks[i].start]
            if _CONDITIONAL_BEFORE.search(before):
                continue
            word = norm[toks[i].start:].split(" ", 1)[0]
            if _denied(norm, toks[i].start):
                if by_obligor:
                    comply += 2.0
                    reasons_c.append(f"the obligor's own claim: not '{word}'")
                elif (_NO_SIGN.search(_sentence_before(norm, toks[i].start)) or _NO_SIGN_OF.search(before)) \
                        and not _REMEDY_BEFORE.search(before):
                    # "the monitors found no evidence that the group had issued passports"
                    comply += 2.0
                    reasons_c.append(f"no sign of '{word}' (what the obligation forbids)")
                continue
            if _PLANNED.search(before) and not re.search(r"\b(?:continu\w+|still)\b", before):
                continue
            if _COMMITMENT.search(_sentence_before(norm, toks[i].start)):
                continue  # "commitments on training, recruiting": the terms, not the act
            breach += 1.5
            reasons_b.append(f"'{word}' (what the obligation forbids)")
            break

    # 5b. The obligor's assurance on what binds it at all times: "Afghan soil
    # would not be used against any country" (what it forbids, negated),
    # "would keep funding the forces" (what it asks): the obligor's own claim.
    # ... or anyone's report of it, the obligor the subject ("officials said
    # Washington would keep funding the forces").
    if comply <= breach and (ongoing or rules.obligation.deadline.kind == "none"):
        assured = _assurance(norm, toks, rules)
        # (what it forbids, refused by the obligor named as the subject: "the
        # Taliban would not allow anyone to use Afghan soil", whoever reports it)
        if assured and (by_obligor or (_obligor_subject_at(toks, rules, assured[1])
                                       and ((bool(rules.forbids) and not assured[0].startswith("'never"))
                                            or _GOING_ON.match(norm, assured[1]) is not None))):
            comply += 2.0
            reasons_c.append(f"the obligor's own claim: {assured[0]}" if by_obligor
                             else f"the obligor's assurance: {assured[0]}")

    # 6. A delay of this obligation's own object.
    for m in ([] if begun else _DELAY.finditer(norm)):
        if norm[max(0, m.start() - 1): m.start()] == "-":
            continue  # "opened long-delayed talks": a description of what is now done, not a delay
        if _delays_object(norm, m, toks, objects_at):
            breach += 2.0
            reasons_b.append(f"'{m.group(0)}' ({rules.obligation.id} delayed)")
            break

    # 6a. The party the obligation protects condemning what it is about ("the
    # Taliban condemned the strike"): its claim of a breach.
    if claim.party is not None and claim.party in rules.obligation.beneficiary and objects_at:
        for m in _CONDEMNED.finditer(norm):
            at = next((k for k, t in enumerate(toks) if t.start >= m.start()), len(toks))
            if any(0 < j - at <= 6 for j in objects_at):
                breach += 2.0
                reasons_b.append(f"'{m.group(0)}' by the party it protects")
                break

    # 6b. What the obligation asks to take away, said to be still there.
    if rules.removes and (past_deadline or ongoing) and (objects_at or _DELIST.search(norm)):
        still = _STILL_IN_PLACE.search(norm)
        if still and not _NEGATION.search(norm[max(0, still.start() - 30): still.start()]):
            breach += 2.0
            reasons_b.append(f"'{still.group(0)}' (what it asks to remove is still in place)")
        elif not act_done and (kept := _NOT_REMOVED.search(norm)) is not None:
            breach += 2.0
            reasons_b.append(f"'{kept.group(0)}' (what it asks to remove was not removed)")

    # 7. General idioms; the clause after the last "but" weighs more. "Not
    # yet" is a breach only once the deadline has passed.
    head, _, tail = norm.rpartition(" but ")
    breach_cues = _BREACH_CUES if past_deadline or deadline is None else _BEFORE_DEADLINE_CUES
    if act_done:
        breach_cues = [c for c in breach_cues if c.weight >= 1.0 and c.pattern.pattern != _WAS_DUE]
    if begun:
        breach_cues = [c for c in breach_cues if c.pattern.pattern not in (*_LATENESS, _STALLED, _WAS_DUE)]
    for part, factor in ((head, 1.0), (tail, 1.5)):
        b, hits_b = _cue_weight(breach_cues, part, negatable=True, warnings=True)
        c, hits_c = _cue_weight(_COMPLY_CUES, part, negatable=True)
        breach += factor * b
        comply += factor * c
        reasons_b += [f"'{h}'" for h in hits_b]
        reasons_c += [f"'{h}'" for h in hits_c]
    if denial and not by_obligor:
        comply = 0.0  # what a sceptic rejects is not evidence of compliance
    own_claim = by_obligor and comply > breach
    if breach > comply and breach - comply >= 1.0 and not (hedged and breach < 2.0):
        return StanceResult(BREACH, "; ".join(reasons_b[:2]), claim=claim)
    if comply > breach and comply - breach >= 1.5 and not (hedged and comply < 2.0):
        return StanceResult(SUPPORTS, "; ".join(reasons_c[:2]), own_claim, claim)
    if denial:
        return StanceResult(CONTEXT, f"doubt voiced by {claim.claimant or 'someone'} ('{denial.group(0)}')", claim=claim)
    return StanceResult(CONTEXT, "no clear stance", claim=claim)


_ASSURING = re.compile(r"\b(?:will|would|shall|wants?|wanted|ready to|willing to|committed to|continue to|keep)\b")
_ASSURING_NOT = re.compile(r"\b(?:will|would|shall)\s+(?:not|never)\b|\b(?:won't|wouldn't|never)\b"
                           r"|\b(?:does|do)\s+not\s+(?:allow|permit)\b|\b(?:doesn't|don't)\s+(?:allow|permit)\b"
                           r"|\bno\s+\w+(?:\s+\w+)?\s+(?:will|would|are|were|is|was)\b"
                           # "nobody is using Afghan soil against America"
                           r"|\b(?:nobody|no one|no-one)\s+(?:is|was|will|would|can|could)\b")


_PERMANENT = re.compile(r"\b(?:permanent|lasting|comprehensive)\b", re.IGNORECASE)
_TEMPORARY_BEFORE = re.compile(r"\b(?:\w+-day|\w+-week|temporary|brief|short|holiday|festival|eid(?:\s+al-\w+)?)\s+"
                               r"(?:[\w-]+\s+){0,2}$")
_NOT_STARTED = re.compile(
    r"(?:\b(?:yet to|not|never|failed to)|n't)\s+(?:yet\s+)?(?:start|begin|open|launch|conduct|carry out|complete|hold)\s+"
    r"(?:the|a|an|its|their|that|this|any)\s+$")
# "foreign fighters have no place in the country", "... are not welcome": the
# forbidden thing refused, said after it
_REFUSED_AFTER = re.compile(r"[\w'-]+(?:\s+[\w'-]+){0,4}?\s+(?:(?:has|have|had)\s+no\s+place|(?:is|are|was|were)\s+not\s+welcome"
                            r"|(?:will|would)\s+not\s+be\s+(?:allowed|tolerated|permitted))\b")


def _denied(norm: str, start: int) -> bool:
    """The forbidden thing at `start` said not done or refused: a negation in a
    wide look back ("no foreigner with links to armed groups has been issued")
    or a refusal after it ("foreign fighters have no place")."""
    return bool(_NEGATION.search(norm[max(0, start - 80): start])) or _REFUSED_AFTER.match(norm, start) is not None


_CONDEMNED = re.compile(r"\b(?:condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|protest(?:s|ed|ing)? against)\b")
_PARTICLE_AFTER = re.compile(r"\s+(up|off|back)\b(?!\s+to\b)")
_CAPITALISED_PAIR = re.compile(r"\b[A-Z][\w'-]*\s+([A-Z][a-z]+)\b")


@lru_cache(maxsize=1024)
def _words_in_names(text: str) -> frozenset[str]:
    """Words that occur in `text` only inside a run of capitalised words (a
    name: "Forces Fund", "Support Mission"), never in lower case."""
    inside = {m.group(1).lower() for m in _CAPITALISED_PAIR.finditer(text)}
    if not inside:
        return frozenset()
    lower = set(re.findall(r"\b[a-z]+\b", text))
    return frozenset(inside - lower)


# "will be decided once the negotiations begin", "their conduct would shape
# future aid": a promise on a condition is not an assurance of keeping it.
_CONDITIONED = re.compile(r"\b(?:once|if|unless|provided|depend\w*|condition\w*|(?:will|would|could) shape|hinge\w*)\b")


def _assurance(norm: str, toks: Sequence[_Token], rules: StanceRules) -> tuple[str, int] | None:
    """What the obligor says it will (not) do, when that is what the obligation
    asks or forbids: the words that say so and where they start, or None."""
    stems = {t.stem for t in toks}
    forbidden = {w for phrase in rules.forbids for w in phrase}
    asked = {w for phrase in (*rules.verbs, *rules.objects) for w in phrase}
    negated = _ASSURING_NOT.search(norm)
    if negated and forbidden & stems:
        return f"'{negated.group(0)}' {', '.join(sorted(forbidden & stems)[:2])}", negated.start()
    if not rules.forbids and not _CONDITIONED.search(norm) and asked & stems:
        # (an assurance beside a negated one: "would not allow attacks and wanted good relations")
        refused = [m.span() for m in _ASSURING_NOT.finditer(norm)]
        for plain in _ASSURING.finditer(norm):
            if any(a <= plain.start() < b for a, b in refused) \
                    or _NEGATION.search(norm[max(0, plain.start() - 20): plain.start()]):
                continue
            return f"'{plain.group(0)}' {', '.join(sorted(asked & stems)[:2])}", plain.start()
    return None


# "would keep funding", "will continue to pay": what it does now goes on (a
# report that it "would" do something, not said to go on, may be the deal's terms)
_GOING_ON = re.compile(r"(?:will|would|shall)\s+(?:keep|continue|go\s+on)\b|(?:keeps|continues|goes\s+on)\b")


def _obligor_subject_at(toks: Sequence[_Token], rules: StanceRules, offset: int) -> bool:
    """The obligor named in the few words before `offset`: the subject of what
    is said there ("Washington would keep funding")."""
    before = [t.stem for t in toks if t.start < offset][-4:]
    return any(stem in rules.obligor_stems for stem in before) or any(
        tuple(before[k: k + len(p)]) == p for p in rules.obligor_phrases for k in range(len(before)))


# "sat down together on Saturday, opening long-delayed talks": a participle
# clause after a main verb in the past tells what that act was.
# "sat down in the same room on Saturday to open peace negotiations": met in
# order to do it, and so did it.
# ... "held a video conference on Wednesday to discuss", "arrived in Kabul to
# discuss", "had formed a technical team to discuss": there in order to do it
_MET_TO = re.compile(r"\b(?:sat\s+down|met|gathered|convened|came\s+together|arrived|flew\s+in|"
                     r"held\s+(?:a|an|the|their)\s+(?:[\w-]+\s+){0,2}?(?:meeting|talks|conference|session|call|round)|"
                     r"formed\s+(?:a|an|its|their)\s+(?:[\w-]+\s+)?(?:team|committee|delegation))\b(?:(?![.;])[^,])*\bto\s+$")
_PARTICIPLE_OF_FACT = re.compile(
    r"\b(?:\w+ed|sat|met|began|left|held|went|came|took|gave|freed)\b(?:(?![.;])[^,])*,\s*(?:\w+ly\s+)?$"
    # "landed at Wunstorf on Wednesday after leaving Mazar": what they did before a past act
    r"|\b(?:\w+ed|arrived|flew|came|went|left)\b[^.;,]*\b(?:after|since)\s+$")

_PAST_IRREGULAR = frozenset({"left", "freed", "began", "begun", "met", "held", "sent", "brought", "took", "withdrew",
                             "cut", "put", "kept", "sought", "struck", "gave", "let", "went"})


def _past_form(norm: str, offset: int) -> bool:
    """The word at `offset` is a past form ("left", "handed", "withdrew"): a fact, not a plan or a duty."""
    word = norm[offset:].split(" ", 1)[0].strip(".,;:!?\"'")
    return word.endswith("ed") or word in _PAST_IRREGULAR


def _sentence_end(norm: str, offset: int) -> int:
    ends = [e for e in (norm.find(". ", offset), norm.find("; ", offset)) if e >= 0]
    return min(ends) if ends else len(norm)


def _sentence_before(norm: str, offset: int) -> str:
    cut = max(norm.rfind(". ", 0, offset), norm.rfind("; ", 0, offset))
    return norm[cut + 1: offset]


def _obligor_named_before(toks: Sequence[_Token], rules: StanceRules, offset: int) -> bool:
    return any(t.stem in rules.obligor_stems for t in toks if t.start < offset)


def _obligor_claim(rules: StanceRules, parties: Sequence[Party]) -> Claim:
    by_id = {p.id: p for p in parties}
    first = rules.obligation.obligor[0]
    party = by_id.get(first)
    return Claim(party.name if party else first, first)


def _delays_object(norm: str, m: re.Match[str], toks: Sequence[_Token], objects_at: Sequence[int]) -> bool:
    """Whether the delay at `m` is of one of the obligation's objects: the
    subject of "have been delayed" or the object of "to delay"."""
    if not objects_at:
        return False
    index = next((i for i, t in enumerate(toks) if t.start >= m.start()), len(toks))
    for j in objects_at:
        if j < index:
            gap = re.sub(r"^\w+", "", norm[toks[j].start: m.start()])
            # "Those talks have already been delayed"; "the talks, set for
            # March 10, slipped" (an aside in commas between them)
            aside = _ASIDE.match(gap)
            if aside is not None:
                gap = gap[aside.end():]
            if (index - j <= 5 or aside is not None) and _DELAY_SUBJECT_GAP.match(gap):
                return True
        elif 0 < j - index <= 3:
            return True  # "to delay the talks", "postponed talks"
    return False


_PROGRESS = "progress towards"


def _metric_stance(
    text: str, quantities: Sequence[Quantity], metric: object, past_deadline: bool
) -> tuple[str, str] | None:
    from tracker.domain.models import Metric

    assert isinstance(metric, Metric)
    for q in quantities:
        if q.unit != metric.unit or q.is_range:
            continue
        if q.kind == CHANGE:
            window = text[max(0, q.start - 50): q.start].lower()
            cut = re.search(
                r"\b(?:withdr\w+|pull\w*|cut\w*|reduc\w+|sen[dt]\w* home|brought home|bring\w* home)\b", window)
            # ("who will pull out their 7,000 troops": a plan, not a reduction made)
            if metric.direction == "down" and cut and not _PLANNED.search(window[: cut.start()]):
                return SUPPORTS, f"{q.value:,} {q.unit} withdrawn (a reduction, not a level)"
            continue
        if q.kind != LEVEL or q.value == int(metric.baseline):
            continue
        if held_by_allies(text, q):
            continue  # "bringing the alliance's mission to roughly 12,000": the allies' count, not the level measured
        if metric.direction == "down":
            reached = q.value <= metric.target * 1.02
            progress = q.value < metric.baseline
        else:
            reached = q.value >= metric.target * 0.98
            progress = q.value > metric.baseline
        if reached:
            return SUPPORTS, f"{q.value:,} {q.unit} reaches the target {int(metric.target):,}"
        if past_deadline:
            return BREACH, f"{q.value:,} {q.unit} short of the target {int(metric.target):,} after the deadline"
        if progress:
            return SUPPORTS, f"{q.value:,} {q.unit}: {_PROGRESS} {int(metric.target):,}"
    return None
