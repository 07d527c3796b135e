"""The named query library (queries/*.rq): header parsing, parameters, VALUES injection.

A query file starts with comment lines
    # title: ...            (English)      # title-vi: ...        (Vietnamese, shown first)
    # description: ...                     # description-vi: ...
    # param: name — meaning [optional] [default: today | default: <literal>]
    # param-vi: name — the meaning in Vietnamese (after its # param: line)
A parameter `name` is the SPARQL variable ?name. A given value is injected as
`VALUES ?name { term }` at the start of the query's outermost WHERE group. Dates are accepted as
ISO (2025-07-01) or as Vietnamese write them (01/07/2025, 1/7/2025); a parameter whose meaning
says it is a date or an IRI refuses other text rather than match nothing.
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

_HEADER = re.compile(
    r"^#\s*(title(?:-vi)?|description(?:-vi)?|param(?:-vi)?)\s*:\s*(.*)$", re.I)
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*(?:—|–|-{1,2}|:)?\s*(.*)$")
_DEFAULT = re.compile(r"default\s*:\s*(.+?)\s*(?:[;)]|$)", re.I)
_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VI_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_PREFIXED = re.compile(r"^([A-Za-z][\w-]*):(\S+)$")


@dataclass
class Param:
    name: str
    meaning: str = ""
    optional: bool = False
    default: str | None = None  # "today" or a literal value as written
    meaning_vi: str = ""

    def meaning_in(self, lang: str) -> str:
        return self.meaning_vi if lang == "vi" and self.meaning_vi else self.meaning

    @property
    def kind(self) -> str:
        """'date', 'iri' or 'text', from what the header says the parameter is."""
        if self.default and self.default.lower() == "today" or re.search(
            r"\bdate\b", self.meaning, re.I
        ):
            return "date"
        if re.search(r"\bIRI\b|\bclass\b", self.meaning):
            return "iri"
        return "text"

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
    title_vi: str = ""
    description_vi: str = ""
    params: list[Param] = field(default_factory=list)
    path: Path | None = None

    def title_in(self, lang: str) -> str:
        """The title in `lang` ('vi' or 'en'), else the other one, else the file name."""
        first, second = (self.title_vi, self.title) if lang == "vi" else (self.title, self.title_vi)
        return first or second or self.name

    def description_in(self, lang: str) -> str:
        if lang == "vi":
            return self.description_vi or self.description
        return self.description or self.description_vi

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
        if key in ("title", "title-vi"):
            setattr(query, key.replace("-", "_"), value)
        elif key in ("description", "description-vi"):
            attr = key.replace("-", "_")
            setattr(query, attr, (getattr(query, attr) + " " + value).strip())
        elif key == "param-vi":
            _add_meaning_vi(query, value)
        else:
            query.params.append(_parse_param(value))
    return query


def _add_meaning_vi(query: NamedQuery, value: str) -> None:
    match = _PARAM.match(value)
    param = query.param(match.group(1)) if match else None
    if param is None:
        raise PolicykgError(f"'# param-vi:' for an undeclared parameter: {value!r}")
    param.meaning_vi = match.group(2).strip()


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
    if _DATE.match(value) or _VI_DATE.match(value):
        return f'"{parse_date(value).isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'
    if _INTEGER.match(value):
        return f'"{int(value)}"^^<http://www.w3.org/2001/XMLSchema#integer>'
    if _DECIMAL.match(value):
        try:
            return f'"{Decimal(value)}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
        except InvalidOperation:
            pass
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(13), "")}"'


def parse_date(value: str) -> date:
    """'2025-07-01', '01/07/2025' or '1/7/2025' (day first, as Vietnamese write dates)."""
    value = value.strip()
    vi = _VI_DATE.match(value)
    try:
        if vi:
            return date(int(vi[3]), int(vi[2]), int(vi[1]))
        if _DATE.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise PolicykgError(
        f"not a date: {value!r} (write 01/07/2025 or 2025-07-01)",
        key="error.not_date", value=value,
    )


def looks_like_iri(value: str) -> bool:
    """An absolute IRI or a prefixed name (id:doc/..., pkg:Plan)."""
    value = value.strip()
    return bool(re.match(r"^<?https?://", value) or _PREFIXED.match(value))


def checked_value(param: Param, value: str) -> str:
    """A value for `param` as the query needs it: dates read (and refused when they are not
    dates), IRI parameters refused plain text, which would match nothing and look like 'no
    rows'."""
    if param.kind == "date":
        return parse_date(value).isoformat()
    if param.kind == "iri" and not looks_like_iri(value):
        example = re.search(r"\(e\.g\. ([^)]+)\)", param.meaning)
        raise PolicykgError(
            f"parameter {param.name} expects an IRI"
            f"{' such as ' + example[1] if example else ''}, not {value!r}",
            key="error.not_iri", name=param.name, value=value,
            example=example[1] if example else "id:…",
        )
    return value


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
        else:
            value = checked_value(param, value)
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
