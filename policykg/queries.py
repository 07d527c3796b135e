"""The named query library (queries/*.rq): header parsing, parameters, VALUES injection.

A query file starts with comment lines
    # title: ...
    # description: ...
    # param: name — meaning [optional] [default: today | default: <literal>]
A parameter `name` is the SPARQL variable ?name. A given value is injected as
`VALUES ?name { term }` at the start of the query's outermost WHERE group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from policykg import resources
from policykg.errors import NotFoundError, PolicykgError
from policykg.iri import iri_ref
from policykg.namespaces import PREFIXES
from policykg.sparql_text import NOT_CODE, sparql_keywords

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.I)
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*(?:—|–|-{1,2}|:)?\s*(.*)$")
_DEFAULT = re.compile(r"default\s*:\s*(.+?)\s*(?:[;)]|$)", re.I)
_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_PREFIXED = re.compile(r"^([A-Za-z][\w-]*):(\S+)$")


@dataclass
class Param:
    name: str
    meaning: str = ""
    optional: bool = False
    default: str | None = None  # "today" or a literal value as written

    def value_or_default(self) -> str | None:
        if self.default is None:
            return None
        return date.today().isoformat() if self.default.lower() == "today" else self.default


@dataclass
class NamedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query text with given (or default) parameter values injected."""
        return bind(self, values or {})


def parse_query(text: str, name: str = "query", path: Path | None = None) -> NamedQuery:
    """Read the comment header of a query file."""
    query = NamedQuery(name=name, text=text, path=path)
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            query.title = value
        elif key == "description":
            query.description = (query.description + " " + value).strip()
        else:
            query.params.append(_parse_param(value))
    return query


def _parse_param(value: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise PolicykgError(f"malformed '# param:' header: {value!r}")
    name, meaning = match.group(1), match.group(2).strip()
    default = _DEFAULT.search(meaning)
    return Param(
        name=name,
        meaning=meaning,
        optional=bool(re.search(r"\boptional\b", meaning, re.I)) or default is not None,
        default=default.group(1).strip().strip("\"'") if default else None,
    )


def query_files(directory: Path | None = None) -> dict[str, Path]:
    directory = directory or resources.queries_dir()
    if not directory.is_dir():
        return {}
    return {p.stem: p for p in sorted(directory.glob("*.rq"))}


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    return [load_query(n, directory) for n in query_files(directory)]


def load_query(name: str, directory: Path | None = None) -> NamedQuery:
    files = query_files(directory)
    if name not in files:
        known = ", ".join(files) or "none"
        raise NotFoundError(f"unknown query {name!r} (known: {known})")
    path = files[name]
    return parse_query(path.read_text(encoding="utf-8"), name=name, path=path)


def resolve(spec: str, directory: Path | None = None) -> NamedQuery:
    """NAME (queries/NAME.rq), a FILE path, or the SPARQL text itself."""
    spec = spec.strip()
    if _NAME.match(spec) and not spec.endswith(".rq"):
        return load_query(spec, directory)
    if "{" not in spec:
        path = Path(spec)
        if path.suffix in (".rq", ".sparql") or path.exists():
            if not path.is_file():
                raise PolicykgError(f"{spec}: no such query file")
            text = path.read_text(encoding="utf-8")
            return parse_query(text, name=path.stem, path=path)
        raise PolicykgError(f"not a query name, file or SPARQL text: {spec!r}")
    return parse_query(spec, name="query")


# ----------------------------------------------------------------------------------------------
def sparql_term(value: str) -> str:
    """A parameter value as a SPARQL term (see the module docstring)."""
    value = value.strip()
    if re.match(r"^https?://\S+$", value):
        return iri_ref(value)
    if value.startswith("<") and value.endswith(">"):
        return sparql_term(value[1:-1])
    prefixed = _PREFIXED.match(value)
    if prefixed and prefixed.group(1) in PREFIXES and not value.startswith(("http:", "https:")):
        return sparql_term(str(PREFIXES[prefixed.group(1)]) + prefixed.group(2))
    if _DATE.match(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise PolicykgError(f"not a valid date: {value!r}") from None
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#date>'
    if _INTEGER.match(value):
        return f'"{int(value)}"^^<http://www.w3.org/2001/XMLSchema#integer>'
    if _DECIMAL.match(value):
        try:
            return f'"{Decimal(value)}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
        except InvalidOperation:
            pass
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(13), "")}"'


def outer_where_brace(sparql: str) -> int:
    """Index of the '{' opening the outermost WHERE group (comments, strings, IRIs ignored)."""
    masked = _mask(sparql)
    depth = 0
    form_seen = False
    where_pending = False
    for match in re.finditer(r"\{|\}|\b(WHERE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", masked, re.I):
        token = match.group(0)
        if token == "{":
            if depth == 0 and (where_pending or (form_seen and not _is_construct(masked))):
                return match.start()
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            if token.upper() == "WHERE":
                where_pending = True
            else:
                form_seen = True
    raise PolicykgError("cannot find the query's WHERE clause")


def _is_construct(masked: str) -> bool:
    return re.search(r"\bCONSTRUCT\b", masked, re.I) is not None


def _mask(sparql: str) -> str:
    return sparql_keywords(sparql)


_NOT_CODE = re.compile(NOT_CODE)


def _strip_comments(text: str) -> str:
    """Strings, IRIs and comments blanked; variables kept."""
    return _NOT_CODE.sub(" ", text)


def bind(query: NamedQuery, values: dict[str, str]) -> str:
    """Inject VALUES for given parameters (and defaults); check names and required ones."""
    declared = {p.name: p for p in query.params}
    variables = set(re.findall(r"[?$]([A-Za-z_]\w*)", _strip_comments(query.text)))
    for name in values:
        if declared and name not in declared:
            raise PolicykgError(
                f"unknown parameter {name!r} for query {query.name} "
                f"(parameters: {', '.join(declared) or 'none'})"
            )
        if not declared and name not in variables:
            raise PolicykgError(f"unknown parameter {name!r}: the query has no variable ?{name}")
    chosen: dict[str, str] = {}
    for param in query.params:
        value = values.get(param.name)
        if value is None:
            value = param.value_or_default()
        if value is None:
            if not param.optional:
                raise PolicykgError(
                    f"query {query.name} needs --param {param.name}=... ({param.meaning})"
                )
            continue
        chosen[param.name] = value
    for name, value in values.items():
        chosen.setdefault(name, value)
    if not chosen:
        return query.text
    inline = " ".join(f"VALUES ?{n} {{ {sparql_term(v)} }}" for n, v in chosen.items())
    brace = outer_where_brace(query.text)
    return f"{query.text[: brace + 1]} {inline}\n{query.text[brace + 1 :]}"


def with_prefixes(sparql: str) -> str:
    """Declare the project's prefixes (pkg:, id:, org:, ...) that the query uses without
    declaring them, so `policykg query 'SELECT ?d WHERE { ?d a pkg:Plan }'` just works."""
    declared = {m.lower() for m in re.findall(r"\bPREFIX\s+([\w-]*):", sparql, re.I)}
    code = _strip_comments(sparql)
    missing = [
        f"PREFIX {p}: <{ns}>\n"
        for p, ns in PREFIXES.items()
        if p.lower() not in declared and re.search(rf"(?<![\w?$]){p}:", code)
    ]
    return "".join(missing) + sparql


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """['k=v', ...] -> {'k': 'v'}; a malformed pair is bad input."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        if "=" not in pair or not pair.split("=", 1)[0].strip():
            raise PolicykgError(f"bad --param {pair!r}: expected name=value")
        key, value = pair.split("=", 1)
        out[key.strip()] = value
    return out
