"""SPARQL text handling in one place: a tokenizer (strings, IRIs and comments skipped, brace
depth tracked), the keyword view of a query (strings, IRIs, comments, variables and prefixed
names blanked), and the lexical rewrites of the protocol endpoint: the protocol's dataset
parameters become FROM / FROM NAMED (queries) or USING / USING NAMED (updates), the result cap
becomes a LIMIT, and a BASE is prepended. Working on text keeps the rewrites store-agnostic: they
work for the embedded store and every remote endpoint.

Syntax errors are not detected here; the query is checked separately (policykg/sparql_check.py),
which also tells the query form (`query_form`)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policykg.errors import PolicykgError
from policykg.iri import iri_ref

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<word>[A-Za-z_][\w\-.]*:?[\w\-.%:]*|[?$]\w+|:[\w\-.%:]*|\d[\w.+\-]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


# Strings, IRIs and comments: the parts of a query's text that are not SPARQL syntax.
NOT_CODE = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_STRIP = re.compile(NOT_CODE + r"|[?$]\w+|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]+")


def sparql_keywords(sparql: str) -> str:
    """The query text with strings, IRIs, comments, variables and prefixed names blanked
    (same length, so positions still index the original)."""
    return _STRIP.sub(lambda m: " " * len(m.group(0)), sparql)


def has_from(sparql: str) -> bool:
    """A query with FROM / FROM NAMED states its own dataset (no union default graph)."""
    return re.search(r"\bFROM\b", sparql_keywords(sparql), re.I) is not None


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int
    depth: int  # nesting of {} () [] before this token

    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens (no spaces or comments) with their nesting depth."""
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        if kind == "close":
            depth = max(depth - 1, 0)
        yield Token(kind, m.group(), m.start(), m.end(), depth)
        if kind == "open":
            depth += 1


def names_a_graph(text: str) -> bool:
    """Whether the text has `GRAPH <iri>` or `GRAPH prefix:name` (a graph given by name)."""
    toks = list(tokens(text))
    for t, following in zip(toks, toks[1:], strict=False):
        if t.keyword() == "GRAPH" and (following.kind == "iri" or (
                following.kind == "word" and ":" in following.text
                and not following.text.startswith(("?", "$")))):
            return True
    return False


def _dataset_clauses(keyword: str, default: list[str], named: list[str]) -> str:
    parts = [f"{keyword} {iri_ref(g, 'graph IRI')}" for g in default]
    parts += [f"{keyword} NAMED {iri_ref(g, 'graph IRI')}" for g in named]
    return "\n" + "\n".join(parts) + "\n"


def _edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace text[start:end] by each new text (non-overlapping spans, original offsets)."""
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out.append(text[pos:start])
        out.append(new)
        pos = max(pos, end)
    out.append(text[pos:])
    return "".join(out)


def _splice(text: str, cuts: list[tuple[int, int]], insert_at: int, insertion: str) -> str:
    """Remove the spans in `cuts`, insert `insertion` at `insert_at` (original offsets)."""
    return _edit(text, [(s, e, "") for s, e in cuts] + [(insert_at, insert_at, insertion)])


def _skip_group(toks: list[Token], i: int) -> int:
    """Index just after the group opened at toks[i]."""
    depth = toks[i].depth
    j = i + 1
    while j < len(toks) and not (toks[j].kind == "close" and toks[j].depth == depth):
        j += 1
    return j + 1


def _form_index(toks: list[Token]) -> int:
    for i, t in enumerate(toks):
        if t.depth == 0 and t.keyword() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return i
    raise PolicykgError("not a SPARQL query (no SELECT, CONSTRUCT, DESCRIBE or ASK)")


def _where_index(toks: list[Token], form: int) -> int:
    """Where the dataset clauses go: before the top-level WHERE or the group pattern that starts
    the WHERE clause; after a DESCRIBE without one, before its solution modifiers."""
    i = form + 1
    if toks[form].keyword() == "CONSTRUCT" and i < len(toks) and toks[i].text == "{":
        i = _skip_group(toks, i)  # the template
    for t in toks[i:]:
        if t.depth == 0 and (t.keyword() == "WHERE" or t.text == "{"):
            return t.start
        if t.depth == 0 and t.keyword() in ("ORDER", "GROUP", "LIMIT", "OFFSET", "VALUES"):
            return t.start
    return toks[-1].end


def with_dataset(query: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """The protocol's default-graph-uri / named-graph-uri replace any FROM / FROM NAMED in the
    query (SPARQL 1.1 Protocol §2.1.4)."""
    if not default_graphs and not named_graphs:
        return query
    toks = list(tokens(query))
    form = _form_index(toks)
    cuts = []
    for i, t in enumerate(toks):
        if t.depth == 0 and t.keyword() == "FROM":
            j = i + 1
            if j < len(toks) and toks[j].keyword() == "NAMED":
                j += 1
            if j < len(toks):
                cuts.append((t.start, toks[j].end))
    at = _where_index(toks, form)
    return _splice(query, cuts, at, _dataset_clauses("FROM", default_graphs, named_graphs))


def with_limit(query: str, cap: int) -> str:
    """Cap the solutions of a SELECT, CONSTRUCT or DESCRIBE: lower an outer LIMIT above `cap`,
    or add one (a graph result is cut to `cap` triples afterwards, as one solution can make
    several triples)."""
    toks = list(tokens(query))
    form = _form_index(toks)
    if toks[form].keyword() == "ASK":
        return query
    for i, t in enumerate(toks):
        if t.depth == 0 and t.keyword() == "LIMIT" and i + 1 < len(toks):
            n = toks[i + 1]
            if n.text.isdigit() and int(n.text) <= cap:
                return query
            return _splice(query, [(n.start, n.end)], n.start, str(cap))
    body_seen = False
    for t in toks[form:]:
        if t.depth == 0 and t.text == "{":
            body_seen = True
        if body_seen and t.depth == 0 and t.keyword() == "VALUES":
            return _splice(query, [], t.start, f"\nLIMIT {cap}\n")
    return query + f"\nLIMIT {cap}\n"


def with_base(text: str, base: str) -> str:
    """Relative IRIs resolve against the endpoint (the protocol's service-defined base)."""
    return f"BASE {iri_ref(base, 'base IRI')}\n{text}"


def _operations(toks: list[Token]) -> list[list[Token]]:
    ops, current = [], []
    for t in toks:
        if t.depth == 0 and t.text == ";":
            ops.append(current)
            current = []
        else:
            current.append(t)
    ops.append(current)
    return [op for op in ops if op]


def _operation_body(op: list[Token]) -> list[Token]:
    """Drop the prologue (PREFIX p: <iri>, BASE <iri>) in front of an update operation."""
    i = 0
    while i < len(op):
        k = op[i].keyword()
        if k == "PREFIX":
            i += 3
        elif k == "BASE":
            i += 2
        else:
            break
    return op[i:]


def with_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """using-graph-uri / using-named-graph-uri become USING clauses of every DELETE/INSERT ...
    WHERE operation. A request that gives them and also uses USING or WITH is an error (§2.2.3)."""
    if not default_graphs and not named_graphs:
        return update
    inserts = []
    for op in _operations(list(tokens(update))):
        body = _operation_body(op)
        if not body:
            continue
        words = [t.keyword() for t in body if t.depth == 0]
        if "USING" in words or words[0] == "WITH":
            raise PolicykgError(
                "using-graph-uri / using-named-graph-uri conflict with USING or WITH in the update"
            )
        if words[0] not in ("DELETE", "INSERT") or (
            len(words) > 1 and words[1] in ("DATA", "WHERE")
        ):
            continue
        where = next((t for t in body if t.depth == 0 and t.keyword() == "WHERE"), None)
        if where is not None:
            inserts.append(where.start)
    clauses = _dataset_clauses("USING", default_graphs, named_graphs)
    for at in sorted(inserts, reverse=True):
        update = _splice(update, [], at, clauses)
    return update


# -- rewrites for servers that depart from SPARQL 1.1 (used by store/dialects.py) ---------------
def inline_data_as_subqueries(text: str) -> str:
    """`VALUES ?v { ... }` inside a group becomes `{ SELECT ?v WHERE { VALUES ?v { ... } } }`:
    the same solutions joined the same way (Virtuoso 7.2 takes a sub-select's variables, but
    not inline data, as the start of a property path)."""
    toks = list(tokens(text))
    edits = []
    for i, t in enumerate(toks):
        if t.keyword() != "VALUES" or t.depth == 0 or i + 1 >= len(toks):
            continue
        j = i + 1
        if toks[j].text == "(":
            end = _skip_group(toks, j)
            names = " ".join(v.text for v in toks[j + 1:end - 1])
        else:
            end, names = j + 1, toks[j].text
        if end >= len(toks) or toks[end].text != "{":
            continue
        block_end = toks[_skip_group(toks, end) - 1].end
        edits += [(t.start, t.start, f"{{ SELECT {names} WHERE {{ "),
                  (block_end, block_end, " } }")]
    return _edit(text, edits)


def _arguments(toks: list[Token], open_index: int) -> list[tuple[int, int]]:
    """The comma-separated arguments of the call whose `(` is toks[open_index], as
    [start, end) token index ranges."""
    depth, close = toks[open_index].depth + 1, _skip_group(toks, open_index) - 1
    commas = [k for k in range(open_index + 1, close)
              if toks[k].depth == depth and toks[k].text == ","]
    bounds = [open_index, *commas, close]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def regex_patterns_prefixed(text: str, prefix: str) -> str:
    """Each literal pattern of REGEX( , pattern) and REPLACE( , pattern, ) starts with
    `prefix` (a regex option such as PCRE's `(*UCP)`)."""
    toks = list(tokens(text))
    edits = []
    for i, t in enumerate(toks[:-1]):
        if t.keyword() not in ("REGEX", "REPLACE") or toks[i + 1].text != "(":
            continue
        args = _arguments(toks, i + 1)
        if len(args) < 2 or args[1][1] - args[1][0] != 1 or toks[args[1][0]].kind != "string":
            continue
        pattern = toks[args[1][0]]
        at = pattern.start + (3 if pattern.text[:3] in ('"""', "'''") else 1)
        if not text[at:].startswith(prefix):
            edits.append((at, at, prefix))
    return _edit(text, edits)


# Calls and words whose value is an xsd:boolean
_BOOLEAN_CALLS = {
    "EXISTS", "NOT", "BOUND", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX",
    "CONTAINS", "STRSTARTS", "STRENDS", "LANGMATCHES", "SAMETERM", "TRUE", "FALSE",
}
_BOOLEAN_OPERATORS = {"=", "<", ">", "!", "&", "|"}  # and IN


def _is_boolean(toks: list[Token], start: int, end: int) -> bool:
    """Whether the expression toks[start:end] has a boolean value, told from its outermost
    operator or call (comparisons, logic, IN, EXISTS, boolean functions; IF and COALESCE when
    every branch is boolean)."""
    if start >= end:
        return False
    depth = toks[start].depth
    if any(t.depth == depth and (t.text in _BOOLEAN_OPERATORS or t.keyword() == "IN")
           for t in toks[start:end]):
        return True
    first = toks[start]
    if first.text == "(" and _skip_group(toks, start) == end:
        return _is_boolean(toks, start + 1, end - 1)
    if first.keyword() in _BOOLEAN_CALLS:
        return True
    if first.keyword() in ("IF", "COALESCE") and start + 1 < end and toks[start + 1].text == "(":
        args = _arguments(toks, start + 1)
        branches = args[1:] if first.keyword() == "IF" else args
        return all(_is_boolean(toks, a, b) for a, b in branches)
    return False


def boolean_casts(text: str, cast: str) -> str:
    """Each expression bound by `(expr AS ?v)` (BIND or a projection) whose value is a boolean
    wrapped in `cast(...)` (e.g. `<xsd:boolean>(expr)`: servers that compute booleans as
    integers keep the type)."""
    toks = list(tokens(text))
    edits = []
    for i, t in enumerate(toks):
        if t.keyword() != "AS" or t.depth == 0:
            continue
        opening = next((k for k in range(i - 1, -1, -1)
                        if toks[k].kind == "open" and toks[k].depth == t.depth - 1), None)
        if opening is None or toks[opening].text != "(" or opening + 1 >= i:
            continue
        if _is_boolean(toks, opening + 1, i):
            edits += [(toks[opening + 1].start, toks[opening + 1].start, f"{cast}("),
                      (toks[i - 1].end, toks[i - 1].end, ")")]
    return _edit(text, edits)
