"""YAML files the firm edits (playbooks, checklists) read as nodes, so that every problem names
its file and line. The loaders share this: the parse with its messages, and a reader of mappings
whose errors are raised as the loader's own error type."""

from __future__ import annotations

from typing import Any

import yaml

from contractreview.errors import ContractReviewError


def compose_yaml(
    data: bytes,
    source: str,
    what: str,
    error: type[ContractReviewError],
    loader: Any = yaml.SafeLoader,
) -> yaml.Node:
    """The root node of ``data`` (UTF-8 YAML); ``error`` naming ``source`` and the line where
    it is not text, not YAML or empty (``what``: "playbook", "checklist")."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"{source}: the file is not UTF-8 text") from e
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f", line {mark.line + 1}" if mark else ""
        raise error(f"{source}{line}: not valid YAML ({e.problem or e.context})") from e
    except yaml.YAMLError as e:
        raise error(f"{source}: not valid YAML ({e})") from e
    if root is None:
        raise error(f"{source}: the {what} is empty")
    return root


class NodeReader:
    """Turns YAML nodes into values, naming the file and line of every problem; a loader's
    subclass sets ``error`` and adds the readers of its own values."""

    error: type[ContractReviewError] = ContractReviewError

    def __init__(self, source: str) -> None:
        self.source = source
        self.key_of: dict[int, yaml.Node] = {}  # value node -> its key (for "has no ..." lines)

    def fail(self, node: yaml.Node | None, problem: str) -> ContractReviewError:
        where = f", line {node.start_mark.line + 1}" if node is not None else ""
        return self.error(f"{self.source}{where}: {problem}")

    def mapping(
        self, node: yaml.Node, what: str, allowed: set[str] | None = None
    ) -> dict[str, yaml.Node]:
        """The entries of a mapping node; plain-text keys, each once (and each in ``allowed``)."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of 'name: value' entries")
        out: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, f"a key in {what} must be plain text")
            if key.value in out:
                raise self.fail(key, f"'{key.value}' appears twice in {what}")
            if allowed is not None:
                self.only({key.value: key}, allowed, what)
            out[key.value] = value
            self.key_of[id(value)] = key
        return out

    def only(self, fields: dict[str, yaml.Node], allowed: set[str], what: str) -> None:
        for key, value in fields.items():
            if key not in allowed:
                raise self.fail(
                    value, f"unknown setting '{key}' in {what} "
                    f"(expected: {', '.join(sorted(allowed))})"
                )  # fmt: skip
