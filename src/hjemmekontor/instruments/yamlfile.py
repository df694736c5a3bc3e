"""A strict YAML reader for instrument files.

PyYAML follows YAML 1.1, whose habits are dangerous in a questionnaire
file: the answer codes ``yes`` and ``no`` become booleans, ``15_30`` becomes
the number 1530 and ``1:30`` the number 90; and a key written twice (two
``text:`` under one item) silently keeps the last one. This reader resolves
booleans, integers and floats by the YAML 1.2 core schema and rejects
duplicate keys. It also keeps the node tree so that errors found later can
name the line they come from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


# libyaml's parser is about ten times faster than the pure-Python one; the
# constructor and resolvers below are Python either way.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2 core scalars and no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key!r} appears twice (first on line {seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


# Copy the resolver table before changing it, so yaml.safe_load elsewhere keeps
# its usual behaviour.
StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG)
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(_INT_TAG, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))


def _construct_int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    # YAML 1.1 reads a leading zero as octal (012 == 10); YAML 1.2 does not.
    return int(str(loader.construct_scalar(node)), 10)


StrictLoader.add_constructor(_INT_TAG, _construct_int)
StrictLoader.add_implicit_resolver(
    _FLOAT_TAG,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def parse(source: str) -> tuple[Any, yaml.Node | None]:
    """Parse ``source`` and return the data and the root node (for line numbers).

    Raises
    ------
    yaml.YAMLError
        With ``problem_mark`` giving line and column where PyYAML knows them.
    """
    loader = StrictLoader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def line_of(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the node at ``path`` (keys and list indices), if found.

    Walks as deep as the path exists, so a missing key reports the line of its
    parent mapping.
    """
    node = root
    if node is None:
        return None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            found = node.value[step] if 0 <= step < len(node.value) else None
        else:
            found = None
        if found is None:
            break
        node = found
    return node.start_mark.line + 1
