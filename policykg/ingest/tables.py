"""Task tables: rows that assign a task to a lead agency, with partners, a deadline and a product.

Plans and decisions often put their assignments in a table, usually an appendix ("PHỤ LỤC",
"DANH MỤC NHIỆM VỤ", "PHÂN CÔNG NHIỆM VỤ"): "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp |
Thời gian hoàn thành | Sản phẩm". A table reaches this module as text rows, one per line, cells
separated by "|" (the corpus form; read.py renders Word and PDF tables the same way), so one parser
serves every format. It reads the lines structure.py has already cut (no second pass over the text).

The header row decides what a table is. A task table has a lead column (chủ trì, cơ quan / đơn vị
thực hiện) and a task column (nhiệm vụ, nội dung, công việc, giải pháp, hoạt động), and no word of
a procedure (thủ tục, TTHC, trình tự, bước, người thực hiện, bộ phận). Lists of procedures,
indicators, budgets, places or people lack the first two or carry the last; their rows are data,
never obligations. Every table's lines, task table or not, are kept out of the numbered structure,
so a row "1. | Thủ tục …" or "A. | BỘ XÂY DỰNG |" never opens an item.

Rows as printed on real pages: a row split over two lines, trailing empty cells, a cell that wraps
onto the next line, a header glued to the title before it ("PHỤ LỤC II … | TT | Nhiệm vụ | …") or
with its "STT" cell on the line above, vertically merged cells that are absent from the rows under
the first (an unnumbered row with fewer cells: a further task of the row above, its missing cells
carried down) or left empty (an empty lead cell takes the lead of the row above).

Section paths (docs/architecture.md, "Task tables"): a table in an appendix is "PL<n>" (the printed
appendix number as a decimal; "PL" when unnumbered), a table inside the numbered body is
"<enclosing item>.T<k>", then the group rows' labels ("I", "A", "I.1") and the row's number:
"PL1.II.3"; a further task of a row (a merged-cell continuation) adds its position: "PL1.A.1.2".
A second table under the same prefix is "<prefix>T2"; a path that is still taken gets a repeat
suffix, so paths are unique and stable (the same text gives the same paths)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.ingest.model import Item, Span
from policykg.ingest.scan import Line, fold_same_length, upper_ratio

ROLES = ("task", "owner", "coordinator", "deadline", "product", "indicator", "unit")

# header cells (folded, footnote marks removed) -> column role; first match wins
_COLUMN_ROLES: tuple[tuple[str, re.Pattern], ...] = (
    ("number", re.compile(r"^(?:s\.? ?tt|tt|so tt|so thu tu|thu tu)$")),
    ("group", re.compile(r"^thuoc (?:nhom|linh vuc)")),
    ("coordinator", re.compile(r"^(?:(?:co quan|don vi)(?:,? ?don vi)? )?phoi hop")),
    (
        "owner",
        re.compile(
            r"^(?:co quan|don vi|bo, nganh|bo|dia phuong)(?:,? ?(?:don vi|dia phuong))?"
            r" (?:chu tri|thuc hien|phu trach|chiu trach nhiem)"
            r"|^chu tri|^trach nhiem(?: thuc hien| chu tri)?$"
        ),
    ),
    ("deadline", re.compile(r"^(?:thoi gian|thoi han|tien do|moc thoi gian|thoi diem)")),
    ("product", re.compile(r"^(?:san pham|ket qua|chi tieu dat|dau ra|muc tieu|gia tri)")),
    # an indicator table: "TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi …"; each
    # row a goal, its value in the result column, its unit in the unit column
    ("indicator", re.compile(r"^(?:ten |cac )?chi tieu(?! dat)")),
    ("unit", re.compile(r"^(?:don vi tinh|dvt|don vi)$")),
    (
        "task",
        re.compile(
            r"^(?:ten )?(?:cac )?(?:nhiem vu|noi dung|cong viec|hoat dong|giai phap|de an"
            r"|du an,? nhiem vu)"
            # a table of the provinces' proposals, each given to a ministry to settle
            r"|^(?:thong tin|noi dung) (?:de xuat|kien nghi)|^(?:de xuat|kien nghi)$"
            # "Tên thông tin thống kê" beside "Đơn vị chịu trách nhiệm …": what each row's body
            # must deliver (a table with no lead column stays a list, whatever it names)
            r"|^ten (?!thu tuc|don vi|co quan|to chuc|ca nhan)"
        ),
    ),
)
# other words header cells start with: they make a header, not a task table
_HEADER_WORDS = re.compile(
    r"^(?:ghi chu|don vi tinh|dvt|so luong|chi tieu|ma |ten |linh vuc|can cu|muc |dia diem"
    r"|nguon|kinh phi|tong|nam |tinh trang|phi|le phi|trinh tu|buoc|cach thuc|thanh phan"
    r"|danh muc|dia phuong|tieu chi|diem|dien tich|cong suat|vi tri|mo ta|ho ten|hinh thuc"
    r"|ty le|ti le|don gia|thanh tien|loai|hang muc|thong so|bo phan|don vi|co quan|tham quyen"
    r"|van ban|du an|dinh muc)"
)
# a procedure, not an assignment: the steps of a thủ tục hành chính and who handles each
_PROCEDURE = re.compile(
    r"thu tuc|tthc|trinh tu|(?<![a-z])buoc(?![a-z])|thu tu cong viec|nguoi thuc hien|bo phan"
)
_FOOTNOTE = re.compile(r"\[\d+\]|(?<=[a-z])\d+$|\*+")

# a row number as printed: "1", "1.", "I", "II.", "A.", "a)", "1.2", "I.1"
_LABEL = re.compile(
    r"^(?P<label>[IVXLC]{1,6}|[A-ZĐ]|[a-zđ]|\d{1,3}|(?:[IVXLC]{1,6}|\d{1,3})(?:\.\d{1,3}){1,3})"
    r"[.)]?$"
)
# a group row written in one cell: "I. NÂNG CAO NHẬN THỨC …"
_GLUED_GROUP = re.compile(r"^(?P<label>[IVXLC]{1,6}|[A-ZĐ])[.)]\s+(?P<rest>\S.*)$")
_APPENDIX = re.compile(r"^phu luc\s*(?:so\s*)?(?P<num>[ivxlc]+|\d{1,2})?(?![a-z0-9])")
_CLOSER = re.compile(r"^(?:noi nhan|t/m|tm\.|kt\.|tl\.|tuq\.)")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# what a cell holds, to place the cells of a row that lacks some
_AGENCY = re.compile(
    r"^[-+•\s]*(?:cac |mot so )?(?:so|bo|ubnd|uy ban|hdnd|cong an|bo chi huy|ban (?:quan ly|chi "
    r"dao|dan|tuyen|to chuc|thuong vu|can su|chi huy)|trung tam|van phong|cuc|chi cuc|vien|truong"
    r"|hoi|lien (?:hiep|doan|minh)|tinh doan|doan|mat tran|bao|dai|dang uy|thanh uy|tinh uy"
    r"|ngan hang|kho bac|toa an|vien kiem sat|thanh tra|quan khu|bo tu lenh|doanh nghiep|co quan"
    r"|don vi|dia phuong|tap doan|tong cong ty|cong ty|nganh|thu tuong|chinh phu|quoc hoi)"
    r"(?![a-z])"
)
_TIME = re.compile(
    r"(?<![a-z0-9])(?:(?:19|20)\d\d|quy [ivx1-4]|thang \d|thuong xuyen|hang (?:nam|quy|thang)"
    r"|dinh ky|giai doan|truoc ngay|khi co|lien tuc|hang tuan)"
)


@dataclass(frozen=True)
class Cell:
    start: int  # span of the value in the document text (start == end: an empty cell)
    end: int
    text: str  # the value, wraps joined

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class _Row:
    cells: list[Cell]
    start: int
    end: int
    closed: bool  # the line ended with "|" (a row left open continues on the next line)


@dataclass
class Table:
    start: int  # offset of the header's first cell
    end: int
    roles: list[str | None]  # per column
    task: bool  # a task table: its rows are obligations
    appendix: str | None  # "PL1", "PL" (an appendix table) or None (in the body)
    lines: list[int] = field(default_factory=list)  # starts of the table's lines
    rows: list[_Row] = field(default_factory=list)


# --- finding tables -----------------------------------------------------------------------------


def find_tables(lines: list[Line]) -> list[Table]:
    """Every table with a recognisable header row among `lines`, in order."""
    tables: list[Table] = []
    current: Table | None = None
    appendix: str | None = None  # the last appendix heading seen, as a path prefix
    closed = False  # past a "Nơi nhận" or signature line: what follows is an appendix
    recent: list[int] = []  # indexes of the last non-table lines (an appendix heading nearby)
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        cells = _cells(line) if "|" in text else None
        header = _header_at(cells) if cells else None
        if header is not None:
            if current is not None and header > 0:
                _add_row(current, cells[: _title_cut(cells, header)], line)
            title = _APPENDIX.match(fold_same_length(cells[header - 1].text)) if header else None
            if title:  # "PHỤ LỤC II … | TT | Nhiệm vụ | …": the heading glued to the header
                appendix = _appendix_prefix(title.group("num"))
            near = title or any(_APPENDIX.match(lines[i].folded) for i in recent[-6:])
            current = _open_table(cells[header:], line, appendix if (closed or near) else None)
            tables.append(current)
            continue
        if current is not None and (cells or _continues(current)):
            current.lines.append(line.start)
            if cells:
                _add_row(current, cells, line)
            else:
                _extend_last_cell(current, line)
            current.end = line.end
            continue
        current = None
        folded = line.folded
        match = _APPENDIX.match(folded)
        if match and (upper_ratio(text) > 0.6 or len(text) < 40):
            appendix = _appendix_prefix(match.group("num"))
        if _CLOSER.match(folded):
            closed = True
        recent.append(index)
    return tables


def _cells(line: Line) -> list[Cell]:
    """The cells of a row line, trailing empty cells dropped (they cannot be told from the end
    of the row)."""
    cells: list[Cell] = []
    pos = line.start
    for part in line.text.split("|"):
        value = part.strip()
        start = pos + (len(part) - len(part.lstrip()))
        cells.append(Cell(start, start + len(value), " ".join(value.split())))
        pos += len(part) + 1
    while cells and cells[-1].empty:
        cells.pop()
    return cells


def _column_role(text: str) -> str | None:
    folded = " ".join(_FOOTNOTE.sub("", fold_same_length(text)).split())
    for role, pattern in _COLUMN_ROLES:
        if pattern.search(folded):
            return role
    return None


def _header_at(cells: list[Cell]) -> int | None:
    """Where a header row starts among a line's cells: at 0, or at an "STT"/"TT" cell after a
    title the page glued to it; None for a data row."""
    for start in range(len(cells)):
        if start and _column_role(cells[start].text) != "number":
            continue
        if _is_header(cells[start:]):
            return start
    return None


def _is_header(cells: list[Cell]) -> bool:
    filled = [c.text for c in cells if not c.empty]
    if len(filled) < 2 or any(len(t) > 90 or t.endswith((".", ";")) for t in filled):
        return False
    known = 0
    for text in filled:
        folded = fold_same_length(text).strip()
        if _column_role(text) is not None or _HEADER_WORDS.match(folded):
            known += 1
    return known >= 2 and known * 2 >= len(filled)


def _open_table(cells: list[Cell], line: Line, appendix: str | None) -> Table:
    roles = [_column_role(c.text) for c in cells]
    folded = " ".join(fold_same_length(c.text) for c in cells)
    listed = "task" in roles or "indicator" in roles
    task = "owner" in roles and listed and not _PROCEDURE.search(folded)
    return Table(cells[0].start, line.end, roles, task, appendix, [line.start])


def _title_cut(cells: list[Cell], header: int) -> int:
    """Cells before a glued header: the last row of the table above, then the title of the
    next table ("PHỤ LỤC II …"), which is not a cell of that row."""
    before = cells[header - 1]
    folded = fold_same_length(before.text)
    if _APPENDIX.match(folded) or upper_ratio(before.text) > 0.6:
        return header - 1
    return header


def _add_row(table: Table, cells: list[Cell], line: Line) -> None:
    if not cells:
        return
    closed = line.text.rstrip().endswith("|")
    last = table.rows[-1] if table.rows else None
    if last is not None and not last.closed and not _LABEL.match(cells[0].text):
        # the row above left its last cell open: this line continues it
        last.cells[-1] = _join(last.cells[-1], cells[0])
        last.cells.extend(cells[1:])
        last.end, last.closed = line.end, closed
        return
    table.rows.append(_Row(cells, line.start, line.end, closed))


def _continues(table: Table) -> bool:
    return bool(table.rows) and not table.rows[-1].closed


def _extend_last_cell(table: Table, line: Line) -> None:
    """A line without bars inside a row left open: the wrapped rest of its last cell."""
    row = table.rows[-1]
    stripped = line.text.strip()
    start = line.start + (len(line.text) - len(line.text.lstrip()))
    row.cells[-1] = _join(row.cells[-1], Cell(start, start + len(stripped), stripped))
    row.end = line.end


def _join(first: Cell, second: Cell) -> Cell:
    if first.empty:
        return second
    if second.empty:
        return first
    return Cell(first.start, second.end, f"{first.text} {second.text}")


def _appendix_prefix(number: str | None) -> str:
    if not number:
        return "PL"
    if number.isdigit():
        return f"PL{int(number)}"
    total, prev = 0, 0
    for char in reversed(number):
        value = _ROMAN[char]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return f"PL{total}"


def table_line_starts(tables: list[Table]) -> set[int]:
    """Starts of every table line (header included): they are no part of the numbered
    structure and never open an item."""
    return {start for table in tables for start in table.lines}


# --- rows to items ------------------------------------------------------------------------------


@dataclass
class _Group:
    kind: str
    segments: list[str]


@dataclass
class _Builder:
    """Row items of one document, with the paths already taken."""

    used: set[str]
    items: list[Item] = field(default_factory=list)
    prefixes: set[str] = field(default_factory=set)

    def unique(self, path: str) -> str:
        base, repeat = path, 1
        while path in self.used:
            repeat += 1
            path = f"{base}{_REPEATS.get(repeat, f'r{repeat}')}"
        self.used.add(path)
        return path


_REPEATS = {2: "bis", 3: "ter", 4: "quater"}


def table_items(tables: list[Table], items: list[Item]) -> list[Item]:
    """Items of the task tables' rows, for a document whose structure items are `items`; a
    table in the body hangs under the item it follows."""
    builder = _Builder({item.path for item in items})
    counts: dict[str, int] = {}
    for table in tables:
        if not table.task:
            continue
        enclosing = None if table.appendix else _enclosing(items, table.start)
        base = table.appendix or (f"{enclosing.path}.T" if enclosing else "T")
        counts[base] = counts.get(base, 0) + 1
        prefix = base if table.appendix and counts[base] == 1 else f"{base}{counts[base]}"
        if table.appendix and counts[base] > 1:
            prefix = f"{base}T{counts[base]}"
        _table_rows(table, prefix, enclosing, builder)
    return builder.items


def _enclosing(items: list[Item], offset: int) -> Item | None:
    before = [item for item in items if item.span.start < offset]
    return before[-1] if before else None


@dataclass
class _State:
    """Reading one table's rows: the group path and the last full row (for merged cells)."""

    table: Table
    prefix: str
    parent: Item | None
    groups: list[_Group] = field(default_factory=list)
    main: Item | None = None  # the last numbered (or full) row
    main_cells: dict[str, Cell] = field(default_factory=dict)
    last_cells: dict[str, Cell] | None = None  # the last row's cells, to complete a split row
    last_item: Item | None = None
    subrows: int = 0
    unnamed: int = 0  # group rows without a label
    rows_in_group: int = 0
    period: Cell | None = None  # a group row naming a period ("Giai đoạn 2025-2027")


# a group row that names when its rows are due
_PERIOD = re.compile(r"(?<![0-9])(?:19|20)\d\d(?![0-9])")


def _table_rows(table: Table, prefix: str, parent: Item | None, builder: _Builder) -> None:
    state = _State(table, prefix, parent)
    for row in table.rows:
        _read_row(row, state, builder)


def _read_row(row: _Row, state: _State, builder: _Builder) -> None:
    roles = state.table.roles
    label, data = _label_and_data(row.cells, roles)
    filled = [c for c in data if not c.empty]
    if not filled:
        return
    glued = _GLUED_GROUP.match(filled[0].text) if label is None and len(filled) == 1 else None
    if glued and upper_ratio(glued.group("rest")) > 0.6:
        _open_group(state, glued.group("label"), builder)
        _note_period(state, filled[0])
        return
    if _is_group(label, filled):
        _open_group(state, label, builder)
        _note_period(state, filled[0])
        return
    offset = roles.index("number") + 1 if roles and roles[0] == "number" else 0
    if label is not None or len(data) >= len(roles) - offset:
        cells = _by_role(data, roles[offset:])
        _main_row(row, label, cells, state, builder)
        return
    placed, at = _place(data, roles, offset)
    if state.last_cells is not None and "task" not in placed and _fills_gap(state, at, roles):
        _complete_split_row(placed, state)
        return
    _sub_row(row, placed, state, builder)


def _note_period(state: _State, cell: Cell) -> None:
    """A group row naming a period dates the rows under it, its sub-groups' rows too; a group
    beside it without one ends it."""
    if _PERIOD.search(fold_same_length(cell.text)):
        state.period = cell
    elif len(state.groups) <= 1:
        state.period = None


def _label_and_data(cells: list[Cell], roles: list[str | None]) -> tuple[str | None, list[Cell]]:
    """The printed row number and the cells after it. A table whose header has no number
    column (its "STT" cell on the line above) still prints numbers in its rows."""
    first = cells[0]
    match = _LABEL.match(first.text)
    if roles and roles[0] == "number":
        if match or first.empty:
            return (match.group("label") if match else None), cells[1:]
        return None, cells  # the number cell is merged away: the cells start one column on
    if match and len(cells) > 1:
        return match.group("label"), cells[1:]
    return None, cells


def _is_group(label: str | None, filled: list[Cell]) -> bool:
    """A row spanning the table: a group heading ("I | CƠ CHẾ, CHÍNH SÁCH |  |  |")."""
    if len(filled) != 1:
        return False
    text = filled[0].text
    if label is None:
        return upper_ratio(text) > 0.6 or (len(text) <= 100 and not text.endswith("."))
    if re.fullmatch(r"[IVXLC]+|[A-ZĐ]|[IVXLC]+(?:\.\d+)+", label):
        return True
    return upper_ratio(text) > 0.6


def _group_kind(label: str) -> str:
    if "." in label:
        return "dotted"
    if re.fullmatch(r"[IVXLC]+", label):
        return "roman"
    if re.fullmatch(r"[A-ZĐ]", label):
        return "upper"
    return "number"


def _open_group(state: _State, label: str | None, builder: _Builder) -> None:
    if label is None:
        state.unnamed += 1
        label, kind = f"G{state.unnamed}", "unnamed"
    else:
        kind = _group_kind(label)
        if kind == "roman" and len(label) == 1 and _next_letter(state.groups, label):
            kind = "upper"  # "C", "I", "L" after "B", "H", "K": letters, not roman numerals
    if kind == "dotted" and state.groups and label.split(".")[0] == state.groups[0].segments[0]:
        segments = label.split(".")  # "I.1" under "I": numbered from the top
    else:
        kinds = [g.kind for g in state.groups]
        if kind in kinds:
            del state.groups[kinds.index(kind) :]
        segments = (state.groups[-1].segments if state.groups else []) + [label]
    state.groups.append(_Group(kind, segments))
    state.main, state.main_cells, state.last_cells = None, {}, None
    state.rows_in_group = 0


_UPPER_ORDERS = ("ABCDĐEGHIKLMNOPQRSTUVXY", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _next_letter(groups: list[_Group], label: str) -> bool:
    """Does `label` follow the last letter group in the alphabet (Vietnamese or Latin)?"""
    letters = [g.segments[-1] for g in groups if g.kind == "upper"]
    if not letters:
        return False
    return any(
        letters[-1] in order and order.find(letters[-1]) + 1 == order.find(label)
        for order in _UPPER_ORDERS
    )


def _by_role(cells: list[Cell], roles: list[str | None]) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    for cell, role in zip(cells, roles, strict=False):
        if role in ROLES + ("group",) and role not in out and not cell.empty:
            out[role] = cell
    return out


def _row_path(state: _State, label: str | None) -> str:
    state.rows_in_group += 1
    own = label.split(".") if label else [str(state.rows_in_group)]
    segments = (state.groups[-1].segments if state.groups else []) + own
    return ".".join([state.prefix] + segments)


def _main_row(
    row: _Row, label: str | None, cells: dict[str, Cell], state: _State, builder: _Builder
) -> None:
    if "owner" not in cells and "owner" in state.main_cells:
        cells["owner"] = state.main_cells["owner"]  # a lead cell merged down, left empty
        if "deadline" not in cells and "deadline" in state.main_cells:
            cells["deadline"] = state.main_cells["deadline"]  # merged with it, as a rule
    if "deadline" not in cells and "deadline" not in state.table.roles and state.period:
        cells["deadline"] = state.period  # the rows of "Giai đoạn 2025-2027" are due by 2027
    path = builder.unique(_row_path(state, label))
    parent = state.parent.path if state.parent else None
    if label and "." in label and state.main is not None:
        head = ".".join(state.main.path.split(".")[:-1] + [label.split(".")[0]])
        if head == state.main.path:  # "5.1" under row "5"
            parent = state.main.path
    item = _row_item(row, path, label or "", cells, parent)
    if item is None:
        return
    _attach(item, builder)
    state.main, state.main_cells, state.last_cells = item, cells, cells
    state.last_item, state.subrows = item, 0


def _sub_row(row: _Row, placed: dict[str, Cell], state: _State, builder: _Builder) -> None:
    """An unnumbered row with fewer cells: a further task of the row above, whose merged cells
    (lead, partners, often deadline and product) it shares."""
    if state.main is None:
        _main_row(row, None, placed, state, builder)
        return
    cells = {**state.main_cells, **placed}
    if "task" not in placed:
        return
    state.subrows += 1
    path = builder.unique(f"{state.main.path}.{state.subrows}")
    item = _row_item(row, path, "", cells, state.main.path)
    if item is None:
        return
    _attach(item, builder)
    state.main.children.append(item.path)
    state.last_cells, state.last_item = cells, item


def _attach(item: Item, builder: _Builder) -> None:
    builder.items.append(item)


def _fills_gap(state: _State, at: int, roles: list[str | None]) -> bool:
    """Does a short row continue the row above (a row split over two lines): its cells land
    after the last column the row above filled?"""
    item = state.last_item
    if item is None:
        return False
    filled = [roles.index(role) for role in item.fields if role in roles and role != "task"]
    filled += [roles.index("task")] if "task" in roles else []
    return at > max(filled, default=-1)


def _complete_split_row(placed: dict[str, Cell], state: _State) -> None:
    item = state.last_item
    for role, cell in placed.items():
        if role in ROLES and role not in item.fields:
            item.fields[role] = Span(cell.start, cell.end)
            state.last_cells[role] = cell
    item.span = Span(item.span.start, max(item.span.end, max(c.end for c in placed.values())))


def _place(cells: list[Cell], roles: list[str | None], first: int) -> tuple[dict[str, Cell], int]:
    """Cells of a row that lacks some columns, placed where they fit best: agencies in the lead
    and partner columns, times in the time column, prose in the task and product columns."""
    best, best_at = None, first
    for at in range(first, max(first, len(roles) - len(cells)) + 1):
        score = sum(_fit(c, roles[at + i]) for i, c in enumerate(cells) if at + i < len(roles))
        if best is None or score > best:
            best, best_at = score, at
    return _by_role(cells, roles[best_at:]), best_at


def _fit(cell: Cell, role: str | None) -> int:
    if cell.empty or role is None:
        return 0
    folded = fold_same_length(cell.text)
    agency = bool(_AGENCY.match(folded))
    time = bool(_TIME.search(folded)) and len(folded) < 120
    if role in ("owner", "coordinator"):
        return 2 if agency else -2
    if role == "deadline":
        return 2 if time else -1
    if role in ("task", "product", "group"):
        return -2 if agency and len(folded) < 80 else 1
    return 0


def _row_item(
    row: _Row, path: str, marker: str, cells: dict[str, Cell], parent: str | None
) -> Item | None:
    task = cells.get("task") or cells.get("indicator") or cells.get("group")
    if task is None:
        return None
    fields = {role: Span(cell.start, cell.end) for role, cell in cells.items() if role in ROLES}
    return Item(
        path=path,
        marker=marker,
        kind="row",
        heading="",
        text=task.text,
        span=Span(row.start, row.end),
        section_kind="tasks",
        parent=parent,
        fields=fields,
    )


# --- the hooks structure.py calls ---------------------------------------------------------------

# a row line of a table without a recognised header: "1. | Thủ tục … | … |"
_BARE_ROW = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-ZĐ]|[a-zđ]|\d{1,3}(?:\.\d{1,3})*)[.)]?\s*\|.*\|")


def without_tables(lines: list[Line], tables: list[Table]) -> list[Line]:
    """The prose lines: table lines are data, and a row number before a bar is no item marker."""
    rows = table_line_starts(tables)
    return [ln for ln in lines if ln.start not in rows and not _BARE_ROW.match(ln.text)]


def with_table_items(items: list[Item], tables: list[Table]) -> list[Item]:
    """The structure items and the task tables' row items, in document order."""
    rows = table_items(tables, items)
    if not rows:
        return items
    return sorted(items + rows, key=lambda item: item.span.start)
