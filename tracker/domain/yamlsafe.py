"""YAML for files people edit: safe types only, no aliases, no duplicate keys,
and every problem as one line with its file and line number.

PyYAML's safe loader still expands aliases (a few lines can grow into
gigabytes), lets a repeated key silently win, and raises plain Python errors
for values such as `2020-02-30`. This loader refuses all three.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node


class YamlProblem(ValueError):
    """One line: `file:line: what is wrong; how to fix it`."""


class _Refusal(ConstructorError):
    """Valid YAML that this loader refuses; its problem already says what to do."""


class _StrictLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refusal(
                None, None, "aliases (*name) are not allowed here; write the value out in full", event.start_mark
            )
        node: Node | None = super().compose_node(parent, index)
        return node

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: let PyYAML say so
                duplicate = False
            if duplicate:
                raise _Refusal(
                    None, None, f"the key '{key}' appears twice in this mapping; keep one", key_node.start_mark
                )
            if not isinstance(key, (list, dict)):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date that does not exist
            raise _Refusal(
                None, None, f"the value '{node.value}' cannot be read ({exc}); correct it", node.start_mark
            ) from None


def _line_of(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else 1


def _message(exc: yaml.YAMLError, filename: str) -> str:
    problem = " ".join(str(getattr(exc, "problem", None) or str(exc).splitlines()[0]).split())
    if isinstance(exc, _Refusal):
        return f"{filename}:{_line_of(exc)}: {problem}"
    return f"{filename}:{_line_of(exc)}: not valid YAML: {problem}; fix the syntax"


def compose_yaml(text: str, filename: str) -> Node | None:
    """The node tree (for line numbers), with the same refusals as load_yaml."""
    try:
        return yaml.compose(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise YamlProblem(_message(exc, filename)) from None
    except RecursionError:
        raise YamlProblem(f"{filename}:1: not valid YAML: nested too deeply; flatten it") from None


def load_yaml(text: str, filename: str) -> Any:
    """Parse YAML text safely; YamlProblem names the file, the line and what to fix."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise YamlProblem(_message(exc, filename)) from None
    except RecursionError:
        raise YamlProblem(f"{filename}:1: not valid YAML: nested too deeply; flatten it") from None
