"""Parse and validate the catalogue of agreements, parties and obligations.

Errors name the file, the line and the field, in one line, so that a user can
go straight to the mistake.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from tracker.domain.models import (
    ANALYST,
    Agreement,
    Assessor,
    Catalogue,
    Deadline,
    Metric,
    Obligation,
    Party,
    ReasonCode,
)
from tracker.domain.yamlsafe import YamlProblem, compose_yaml, load_yaml


class CatalogueError(ValueError):
    """An invalid catalogue; str() is the one-line message for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _AfterSigning(_Strict):
    days: int = 0
    months: int = 0


class _DeadlineIn(_Strict):
    after_signing: _AfterSigning | None = None
    on: dt.date | None = None
    ongoing: bool = False
    none: bool = False
    text: str = ""

    def to_domain(self) -> Deadline:
        forms = [self.after_signing is not None, self.on is not None, self.ongoing, self.none]
        if sum(forms) != 1:
            raise ValueError("give exactly one of after_signing, on, ongoing or none")
        if self.after_signing is not None:
            a = self.after_signing
            if a.days < 0 or a.months < 0 or (a.days == 0 and a.months == 0):
                raise ValueError("after_signing needs a positive number of days or months")
            return Deadline(kind="relative", days=a.days, months=a.months, text=self.text)
        if self.on is not None:
            return Deadline(kind="absolute", on=self.on, text=self.text)
        return Deadline(kind="ongoing" if self.ongoing else "none", text=self.text)


class _ObligationIn(_Strict):
    id: str
    agreement: str
    part: str
    clause: str
    obligor: list[str]
    beneficiary: list[str] = []
    title: str
    summary: str
    clause_text: str | None = None
    clause_source: str | None = None
    themes: list[str] = []
    deadline: _DeadlineIn = _DeadlineIn(none=True)
    metric: Metric | None = None
    depends_on: list[str] = []
    conditions: list[str] = []  # the older name of depends_on, still read
    restates: str | None = None
    keywords: list[str] = []
    verbs: list[str] = []
    objects: list[str] = []
    forbids: list[str] = []

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        import re

        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
            raise ValueError("ids are lowercase slugs like 'us-drawdown-8600'")
        return value

    @field_validator("obligor")
    @classmethod
    def _has_obligor(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("an obligation needs at least one obligor")
        return value


class _CatalogueIn(_Strict):
    agreements: list[Agreement]
    parties: list[Party]
    monitors: list[Assessor] = []
    reason_codes: list[ReasonCode] = []
    obligations: list[_ObligationIn]


def _line_index(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*path, key)] = key_node.start_mark.line + 1
            _line_index(value_node, (*path, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_index(item, (*path, index), out)


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    path = tuple(loc)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _field_name(loc: tuple[Any, ...], data: Any) -> str:
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            ident = node[item].get("id") if isinstance(node, list) and isinstance(node[item], dict) else None
            parts.append(f"[{item}]" if ident is None else f"[{ident}]")
        else:
            parts.append(("." if parts else "") + str(item))
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            node = None
    return "".join(parts)


@lru_cache(maxsize=8)
def parse_catalogue(text: str, filename: str = "obligations.yaml") -> Catalogue:
    """Parse catalogue YAML text; raise CatalogueError with file:line: field: problem.
    (The same text parses to the same frozen catalogue: kept for the last few,
    as every command and every tracker opened reads the file again.)"""
    try:
        root = compose_yaml(text, filename)
        data = load_yaml(text, filename)
    except YamlProblem as exc:
        raise CatalogueError(str(exc)) from None
    if not isinstance(data, dict) or root is None:
        raise CatalogueError(
            f"{filename}:1: expected a mapping with agreements, parties and obligations"
        )
    lines: dict[tuple[Any, ...], int] = {}
    _line_index(root, (), lines)

    def fail(loc: tuple[Any, ...], message: str) -> CatalogueError:
        return CatalogueError(
            f"{filename}:{_line_for(lines, loc)}: {_field_name(loc, data) or 'catalogue'}: {message}"
        )

    try:
        parsed = _CatalogueIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        if first["type"] == "extra_forbidden":
            raise fail(loc, f"unknown field '{loc[-1]}'; fix its spelling or remove it") from None
        if first["type"] == "missing":
            raise fail(loc, f"the field '{loc[-1]}' is required; add it") from None
        raise fail(loc, first["msg"].removeprefix("Value error, ")) from None

    obligations: list[Obligation] = []
    for index, raw in enumerate(parsed.obligations):
        try:
            deadline = raw.deadline.to_domain()
        except ValueError as exc:
            raise fail(("obligations", index, "deadline"), str(exc)) from None
        fields = raw.model_dump(exclude={"deadline", "metric", "conditions", "depends_on"})
        depends_on = tuple(dict.fromkeys([*raw.depends_on, *raw.conditions]))
        obligations.append(Obligation(**fields, deadline=deadline, metric=raw.metric, depends_on=depends_on))

    catalogue = Catalogue(
        agreements=tuple(parsed.agreements),
        parties=tuple(parsed.parties),
        obligations=tuple(obligations),
        monitors=tuple(parsed.monitors),
        reason_codes=tuple(parsed.reason_codes),
    )
    _check_references(catalogue, fail)
    return catalogue


def _check_references(catalogue: Catalogue, fail: Any) -> None:
    groups: tuple[tuple[str, tuple[Agreement | Party | Obligation, ...]], ...] = (
        ("agreements", catalogue.agreements),
        ("parties", catalogue.parties),
        ("obligations", catalogue.obligations),
    )
    for kind, items in groups:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                raise fail((kind, index, "id"), f"duplicate id '{item.id}'; ids must be unique")
            seen.add(item.id)
    party_ids = {p.id for p in catalogue.parties}
    agreements = {a.id: a for a in catalogue.agreements}
    for index, monitor in enumerate(catalogue.monitors):
        if monitor.id in party_ids or monitor.id == ANALYST:
            raise fail(("monitors", index, "id"), f"'{monitor.id}' is already a party (or the analyst); give the monitor its own id")
    for index, signed in enumerate(catalogue.agreements):
        if signed.ended_on is not None and signed.ended_on < signed.signed_on:
            raise fail(("agreements", index, "ended_on"), f"ended_on {signed.ended_on} is before signing ({signed.signed_on})")
    for index, signed in enumerate(catalogue.agreements):
        for party in signed.parties:
            if party not in party_ids:
                raise fail(("agreements", index, "parties"), _unknown("party", party, party_ids))
        for number, person in enumerate(signed.people):
            if person.party is not None and person.party not in party_ids:
                raise fail(("agreements", index, "people", number, "party"), _unknown("party", person.party, party_ids))
    obligation_ids = {o.id for o in catalogue.obligations}
    for index, ob in enumerate(catalogue.obligations):
        agreement = agreements.get(ob.agreement)
        if agreement is None:
            raise fail(("obligations", index, "agreement"), _unknown("agreement", ob.agreement, set(agreements)))
        if agreement.parts and ob.part not in agreement.parts:
            raise fail(("obligations", index, "part"), _unknown("part", ob.part, set(agreement.parts)))
        for field in ("obligor", "beneficiary"):
            for party in getattr(ob, field):
                if party not in party_ids:
                    raise fail(("obligations", index, field), _unknown("party", party, party_ids))
        themes = {t.id for t in agreement.themes}
        for theme in ob.themes:
            if themes and theme not in themes:
                raise fail(("obligations", index, "themes"), _unknown("theme", theme, themes))
        for condition in ob.depends_on:
            if condition not in obligation_ids:
                raise fail(("obligations", index, "depends_on"), _unknown("obligation", condition, obligation_ids))
        if ob.restates is not None and (ob.restates not in obligation_ids or ob.restates == ob.id):
            raise fail(("obligations", index, "restates"), _unknown("obligation", ob.restates, obligation_ids - {ob.id}))
        if ob.deadline.kind == "absolute" and ob.deadline.on and ob.deadline.on < agreement.signed_on:
            raise fail(
                ("obligations", index, "deadline"),
                f"deadline {ob.deadline.on} is before the agreement was signed ({agreement.signed_on})",
            )
    cycle = find_condition_cycle(catalogue.obligations)
    if cycle:
        index = next(i for i, o in enumerate(catalogue.obligations) if o.id == cycle[0])
        raise fail(
            ("obligations", index, "depends_on"),
            "conditions form a cycle: " + " -> ".join(cycle) + "; an obligation cannot depend on itself",
        )


def _unknown(kind: str, value: str, known: set[str]) -> str:
    from tracker.domain.nearest import nearest

    near = nearest(value, known)
    hint = f" (did you mean {', '.join(near)}?)" if near else f" (known: {', '.join(sorted(known))})"
    return f"unknown {kind} '{value}'{hint}"


def find_condition_cycle(obligations: tuple[Obligation, ...] | list[Obligation]) -> list[str] | None:
    graph = {o.id: list(o.depends_on) for o in obligations}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None
