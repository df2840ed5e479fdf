"""Words for matching: folding, stop words, a light stemmer, and the
agreement's own vocabulary (spellings, common words, synonyms) taken from
the catalogue. Pure.

`Lexicon.for_catalogue(catalogue)` is built once per catalogue (memoised);
`lexicon.tokens(text)` gives the stemmed content words of a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.domain.memo import by_identity
from tracker.domain.models import Catalogue
from tracker.domain.text import fold

_STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "tell", "according", "one", "two", "three", "s", "t", "don", "didn", "doesn", "isn", "wasn", "weren", "won", "ve", "ll", "re", "m", "d", "y", "may", "might", "must", "shall", "upon", "us's", "it's", "that's", "new"]
)
# Words of any news story about an agreement: they say little about which
# obligation a passage is about. The agreement adds its own (`common`).
NEWS_COMMON_WORDS = (
    "us united states agreement deal peace report official officials government sign signed group "
    "country war news reuters cnn time spokesman"
)
# Fixed spellings folded before tokenising (general English and news usage).
_US = re.compile(r"\bu\.s\.(?:a\.)?")
_UN = re.compile(r"\bu\.n\.(?:'s)?")
_CEASE = re.compile(r"\bcease[- ]+fire")
_AIRSTRIKE = re.compile(r"\bair[- ]?strikes?\b")
_THOUSANDS = re.compile(r"\b(\d{1,3}),(\d{3})(?:,(\d{3}))?\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_IRREGULAR = {
    "withdrawn": "withdraw", "withdrew": "withdraw", "withdrawal": "withdraw",
    "withdrawals": "withdraw", "freed": "freed", "freeing": "freed",
    "troop": "troop", "forces": "forc",
    "left": "leav", "leaving": "leav", "leave": "leav", "us": "us", "un": "un",
    "ties": "tie", "tied": "tie", "fought": "fight", "held": "hold", "met": "meet",
    # Irregular past forms of verbs obligations are written with.
    "began": "begin", "begun": "begin", "struck": "strik", "sent": "send", "took": "take",
    "taken": "take", "brought": "bring", "kept": "keep", "gave": "give", "given": "give",
    "sought": "seek", "cut": "cut", "shut": "shut", "ended": "end", "handed": "hand",
    # Words the suffix rules would fold into another: several -> sever.
    "several": "several", "general": "general", "generals": "general", "animal": "animal",
}
_SUFFIXES = (
    "ations", "ation", "ators", "ator", "ating", "ated", "ates", "ate", "tions", "tion",
    "ions", "ion", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "s", "al", "ly",
)
COMMON_FACTOR = 0.35  # IDF share kept by common words


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, consistent stemmer (not Porter): troops->troop,
    negotiations/negotiating->negoti, released/release->releas."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _words(text: str) -> Iterable[str]:
    for raw in _TOKEN.findall(text):
        word = raw.split("'")[0] if raw.endswith("'s") else raw
        if word in _STOPWORDS or len(word) < 2:
            continue
        yield word


@dataclass(frozen=True)
class Lexicon:
    """Tokeniser and word tables for one catalogue."""

    spellings: tuple[tuple[re.Pattern[str], str], ...] = ()
    common: frozenset[str] = frozenset()
    synonyms: tuple[frozenset[str], ...] = ()
    heads: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @staticmethod
    def for_catalogue(catalogue: Catalogue | None) -> Lexicon:
        return _lexicon(catalogue)

    def prepare(self, text: str) -> str:
        norm = fold(text)
        for pattern, repl in self.spellings:
            norm = pattern.sub(repl, norm)
        if "." in norm:
            norm = _US.sub(" us ", norm)
            norm = _UN.sub(" un ", norm)
        if "cease" in norm:
            norm = _CEASE.sub(" ceasefire", norm)
        if "strike" in norm:
            norm = _AIRSTRIKE.sub(" airstrike ", norm)
        if "," in norm:
            norm = _THOUSANDS.sub(r"\1\2\3", norm)
        if "national security council" in norm:
            # a government's own council (Kabul's, Washington's), not the UN's
            norm = norm.replace("national security council", "national nsc")
        return norm

    def tokens(self, text: str) -> list[str]:
        """Stemmed content tokens of `text` (stop words dropped)."""
        return self.tokens_of_prepared(self.prepare(text))

    @staticmethod
    def tokens_of_prepared(prepared: str) -> list[str]:
        """`tokens` of a text already passed through `prepare`."""
        return [stem(w) for w in _words(prepared)]

    def stems(self, words: str) -> frozenset[str]:
        return frozenset(self.tokens(words))

    def surface_words(self, text: str) -> dict[str, str]:
        """stem -> the first word of `text` with that stem, for explanations."""
        seen: dict[str, str] = {}
        for word in _words(self.prepare(text)):
            seen.setdefault(stem(word), word)
        return seen

    def synonyms_of(self, stem_: str) -> frozenset[str]:
        out: set[str] = set()
        for group in self.synonyms:
            if stem_ in group:
                out |= group
        out.discard(stem_)
        return frozenset(out)

    def phrase_class(self, stem_: str) -> str:
        """The head of the synonym group a stem belongs to (itself if none):
        "force reduction" matches "reducing the troop presence"."""
        return self.heads.get(stem_, stem_)

    def phrase_stems(self, stems: Iterable[str]) -> frozenset[str]:
        heads = self.heads
        return frozenset([heads.get(s, s) for s in stems])


@lru_cache(maxsize=16)
def _heads(synonyms: tuple[frozenset[str], ...]) -> dict[str, str]:
    heads: dict[str, str] = {}
    for group in synonyms:
        for member in group:
            heads.setdefault(member, min(group))
    return heads


@by_identity(256)
def _lexicon(catalogue: Catalogue | None) -> Lexicon:
    spellings: list[tuple[re.Pattern[str], str]] = []
    common_words = NEWS_COMMON_WORDS.split()
    synonyms: list[frozenset[str]] = []
    bare = Lexicon()
    for agreement in catalogue.agreements if catalogue else ():
        vocabulary = agreement.vocabulary
        for term in vocabulary.terms:
            token = re.sub(r"[^a-z0-9]", "", fold(term.term))
            variants = sorted({fold(v) for v in (term.term, *term.variants)}, key=lambda v: (-len(v), v))
            alternatives = "|".join(
                r"[\s-]+".join(re.escape(part) for part in re.split(r"[\s-]+", v)) for v in variants
            )
            # (a lookahead for the variants' first letters: the engine skips every other position fast)
            first = "".join(sorted({re.escape(v[0]) for v in variants if v}))
            spellings.append((re.compile(r"(?<![\w'])(?=[" + first + r"])(?:" + alternatives + r")(?![\w])"), f" {token} "))
        common_words.extend(vocabulary.common)
        for group in vocabulary.synonyms:
            synonyms.append(frozenset(s for word in group for s in bare.tokens(word)))
    partial = Lexicon(spellings=tuple(spellings))
    common = frozenset(s for word in common_words for s in partial.tokens(word))
    return Lexicon(spellings=tuple(spellings), common=common, synonyms=tuple(synonyms),
                   heads=_heads(tuple(synonyms)))
