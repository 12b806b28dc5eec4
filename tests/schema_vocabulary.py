"""The schema.org vocabulary (release 30.0, a copy in tests/data), and a checker for JSON-LD.

The checker holds a page's graph to the vocabulary as published: every type is a class
that exists and is not superseded; every property exists, is not superseded and is
allowed on the node's type (through its superclasses); every value has a type the
property expects. A reference (``{"@id": ...}``) is resolved in the same graph and
checked by the types of the node it names.
"""

import json
import re
from functools import cached_property
from pathlib import Path

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "schemaorg-30.0-current-https.jsonld"
SCHEMA_PREFIX = "https://schema.org/"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$")
_URL = re.compile(r"^https?://\S+$")


def _ids(value):
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [item["@id"].removeprefix("schema:") for item in values]


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _described_nodes(value):
    """Every node, at any depth, that has an @id and says more than its @id."""
    if isinstance(value, list):
        for item in value:
            yield from _described_nodes(item)
    elif isinstance(value, dict):
        if "@id" in value and set(value) != {"@id"}:
            yield value
        for key, item in value.items():
            if not key.startswith("@"):
                yield from _described_nodes(item)


class Vocabulary:
    def __init__(self, path=VOCABULARY_FILE):
        graph = json.loads(Path(path).read_text())["@graph"]
        self.classes = {}  # name -> direct superclasses
        self.properties = {}  # name -> (domains, ranges)
        self.members = {}  # enumeration member -> its enumeration types
        self.superseded = set()
        for term in graph:
            if not term["@id"].startswith("schema:"):
                continue
            name = term["@id"].removeprefix("schema:")
            types = _as_list(term["@type"])
            if "schema:supersededBy" in term:
                self.superseded.add(name)
            if "rdfs:Class" in types:
                self.classes[name] = [parent for parent in _ids(term.get("rdfs:subClassOf"))]
            elif "rdf:Property" in types:
                self.properties[name] = (
                    set(_ids(term.get("schema:domainIncludes"))),
                    set(_ids(term.get("schema:rangeIncludes"))),
                )
            else:
                self.members[name] = {kind.removeprefix("schema:") for kind in types}

    def ancestors(self, name):
        """The class and every class above it."""
        seen, queue = set(), [name]
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            seen.add(current)
            queue.extend(self.classes.get(current, []))
        return seen

    @cached_property
    def _descendants(self):
        below = {}
        for name in self.classes:
            for ancestor in self.ancestors(name):
                below.setdefault(ancestor, set()).add(name)
        return below

    def descendants(self, name):
        return self._descendants.get(name, {name})

    def check_graph(self, document):
        """Every problem found in one JSON-LD document, as readable lines (none: valid)."""
        problems = []
        if document.get("@context") not in ("https://schema.org", SCHEMA_PREFIX):
            problems.append(f"@context is {document.get('@context')!r}, not https://schema.org")
        nodes = document.get("@graph", [document])
        by_id = {}
        for node in _described_nodes(nodes):
            if node["@id"] in by_id and by_id[node["@id"]] != node:
                problems.append(f"{node['@id']} is described twice, differently")
            by_id[node["@id"]] = node
        for node in nodes:
            problems += self._check_node(node, by_id, node.get("@id", node.get("@type")))
        return problems

    def _types_of(self, node):
        return [kind.removeprefix(SCHEMA_PREFIX) for kind in _as_list(node.get("@type", []))]

    def _check_node(self, node, by_id, where):
        problems = []
        types = self._types_of(node)
        if not types:
            return [f"{where}: a node without @type"]
        for kind in types:
            if kind not in self.classes:
                problems.append(f"{where}: type {kind} does not exist")
            elif kind in self.superseded:
                problems.append(f"{where}: type {kind} is superseded")
        allowed_domains = set().union(*(self.ancestors(kind) for kind in types))
        for prop, value in node.items():
            if prop.startswith("@"):
                continue
            here = f"{where} {prop}"
            if prop not in self.properties:
                problems.append(f"{here}: no such property")
                continue
            if prop in self.superseded:
                problems.append(f"{here}: property is superseded")
            domains, ranges = self.properties[prop]
            if not domains & allowed_domains:
                problems.append(f"{here}: not a property of {'/'.join(types)} (only of {sorted(domains)})")
            for item in _as_list(value):
                problems += self._check_value(item, ranges, by_id, here)
        return problems

    def _check_value(self, value, ranges, by_id, where):
        accepted = set().union(*(self.descendants(kind) for kind in ranges)) if ranges else set()
        if isinstance(value, dict):
            if set(value) == {"@id"}:
                target = by_id.get(value["@id"])
                if target is None:
                    return [f"{where}: refers to {value['@id']}, which is not in the graph"]
                types = self._types_of(target)
                problems = []
            else:
                types = self._types_of(value)
                problems = self._check_node(value, by_id, where)
            if not set(types) & accepted:
                problems.append(f"{where}: a {'/'.join(types)} where {sorted(ranges)} is expected")
            return problems
        if isinstance(value, bool):
            ok = "Boolean" in accepted
        elif isinstance(value, int | float):
            ok = bool({"Number", "Integer", "Float"} & accepted)
        elif isinstance(value, str):
            ok = self._string_fits(value, accepted)
        else:
            ok = False
        return [] if ok else [f"{where}: {value!r} is not one of {sorted(ranges)}"]

    def _string_fits(self, value, accepted):
        member = value.removeprefix(SCHEMA_PREFIX) if value.startswith(SCHEMA_PREFIX) else None
        if member and member in self.members:
            return bool(self.members[member] & accepted)
        if "Text" in accepted:
            return True
        checks = (
            ("URL", _URL),
            ("Date", _DATE),
            ("DateTime", _DATETIME),
            ("Time", _TIME),
        )
        return any(kind in accepted and pattern.match(value) for kind, pattern in checks)
