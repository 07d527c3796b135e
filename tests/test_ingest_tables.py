"""Task tables (issue 11, item 4): every row of an assignment table is an obligation with its
lead, partners, deadline and product, its section path from the row number under the table's
place in the document; tables of procedures and budgets give none. The same table written as
text rows, as a Word table (merged cells) and in a PDF (a ruled table) reads the same.

The documents are written here, modelled on the forms of real plans (appendix after the
signature, group rows, a row split over two lines, a table inside a numbered section)."""

from pathlib import Path

import pytest
from rdflib import Literal

from policykg.gazetteer import Gazetteer
from policykg.ingest import ingest_paths
from policykg.namespaces import PKG

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

HEAD = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND
An Giang, ngày 10 tháng 12 năm 2025
KẾ HOẠCH
Số hóa hồ sơ hành chính năm 2026
"""
SIGNATURE = """Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""
BODY = """I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm hồ sơ được số hóa đầy đủ, đúng tiến độ.
II. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.
III. TỔ CHỨC THỰC HIỆN
Sở Nội vụ chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch này.
"""
APPENDIX = """PHỤ LỤC I
DANH MỤC NHIỆM VỤ
(Kèm theo Kế hoạch số 45/KH-UBND ngày 10/12/2025 của Ủy ban nhân dân tỉnh)
STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |
I | Nhiệm vụ chung |  |  |  |  |
1 | Rà soát danh mục hồ sơ cần số hóa | Sở Nội vụ | Sở Tư pháp; Ủy ban nhân dân các xã, phường | Quý I/2026 | Danh mục hồ sơ |
2 | Xây dựng kho dữ liệu hồ sơ số của tỉnh | Sở Khoa học và Công nghệ | Sở Tài chính | Tháng 6/2026 | Kho dữ liệu được vận hành |
II. NHIỆM VỤ CỦA CÁC ĐỊA PHƯƠNG |
3 | Số hóa hồ sơ đang giải quyết tại bộ phận một cửa | Ủy ban nhân dân các xã, phường | Sở Nội vụ | Thường xuyên |
4 | Tập huấn nghiệp vụ lưu trữ số cho công chức | Sở Nội vụ |
Ủy ban nhân dân các xã, phường | Năm 2026 | Lớp tập huấn |
"""  # noqa: E501 (a table row is one line)
NOT_TASKS = """PHỤ LỤC II
DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỐ HÓA
STT | Tên thủ tục hành chính | Lĩnh vực | Cơ quan thực hiện |
1. | Cấp bản sao trích lục hộ tịch | Hộ tịch | Sở Tư pháp |
2. | Chứng thực bản sao từ bản chính | Chứng thực | Ủy ban nhân dân các xã, phường |
PHỤ LỤC III
ĐỊNH MỨC KINH PHÍ
TT | Nội dung | Đơn vị tính | Định mức |
1 | Số hóa một trang hồ sơ khổ A4 | trang | 1.500 |
"""


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


def _obligations(path: Path, gazetteer) -> dict[str, dict]:
    """sectionPath -> what the graph says of that obligation."""
    graph = ingest_paths([path], gazetteer).graph
    out = {}
    for node in graph.subjects(PKG.sectionPath, None):
        values = {
            "text": str(graph.value(node, PKG.text)),
            "owners": sorted(_local(o) for o in graph.objects(node, PKG.owner)),
            "coordinators": sorted(_local(o) for o in graph.objects(node, PKG.coordinator)),
            "deadline": graph.value(node, PKG.deadline),
            "recurrence": graph.value(node, PKG.recurrence),
            "product": graph.value(node, PKG.product),
        }
        out[str(graph.value(node, PKG.sectionPath))] = values
    return out


def _local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_appendix_rows_are_obligations_with_their_columns(tmp_path, gazetteer):
    path = _write(tmp_path, "kh45.txt", HEAD + BODY + SIGNATURE + APPENDIX)
    found = _obligations(path, gazetteer)
    first = found["PL1.I.1"]  # appendix I, group I, row 1
    assert first["text"] == "Rà soát danh mục hồ sơ cần số hóa"
    assert first["owners"] == ["so-noi-vu"]
    assert first["coordinators"] == ["so-tu-phap", "uy-ban-nhan-dan-cap-xa"]
    assert first["deadline"] == Literal("2026-03-31", datatype=first["deadline"].datatype)
    assert first["product"] == Literal("Danh mục hồ sơ", lang="vi")
    second = found["PL1.I.2"]
    assert second["owners"] == ["so-khoa-hoc-va-cong-nghe"]
    assert second["coordinators"] == ["so-tai-chinh"]
    assert str(second["deadline"]) == "2026-06"
    assert str(second["product"]) == "Kho dữ liệu được vận hành"


def test_group_row_in_one_cell_and_a_row_split_over_two_lines(tmp_path, gazetteer):
    path = _write(tmp_path, "kh45.txt", HEAD + BODY + SIGNATURE + APPENDIX)
    found = _obligations(path, gazetteer)
    third = found["PL1.II.3"]  # "II. NHIỆM VỤ CỦA CÁC ĐỊA PHƯƠNG |": a group written in one cell
    assert third["owners"] == ["uy-ban-nhan-dan-cap-xa"]
    assert third["deadline"] is None and str(third["recurrence"]).endswith("CONT")
    split = found["PL1.II.4"]  # lead on the first line, partner, time and product on the next
    assert split["owners"] == ["so-noi-vu"]
    assert split["coordinators"] == ["uy-ban-nhan-dan-cap-xa"]
    assert str(split["deadline"]) == "2026" and str(split["product"]) == "Lớp tập huấn"
    assert not any(p.startswith("PL1.II.4.") for p in found)  # not a row of its own
    # the body's own items are untouched; group rows are path segments, not obligations
    assert {"III", "PL1.I.1"} <= set(found) and "PL1.I" not in found


def test_tables_of_procedures_and_budgets_give_no_obligations(tmp_path, gazetteer):
    path = _write(tmp_path, "kh45.txt", HEAD + BODY + SIGNATURE + APPENDIX + NOT_TASKS)
    found = _obligations(path, gazetteer)
    assert not any(p.startswith(("PL2", "PL3")) for p in found)
    texts = " ".join(values["text"] for values in found.values())
    assert "Cấp bản sao" not in texts and "Số hóa một trang" not in texts
    assert len([p for p in found if p.startswith("PL1.")]) == 4


def test_a_table_inside_a_numbered_section(tmp_path, gazetteer):
    body = """I. NHIỆM VỤ
1. Phân công thực hiện như sau:
STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Tiến độ |
1. | Ban hành quy chế khai thác kho hồ sơ số | Sở Tư pháp | Sở Nội vụ | Quý II/2026 |
2. | Kết nối kho hồ sơ số với Cổng dịch vụ công | Sở Khoa học và Công nghệ | Văn phòng Ủy ban nhân dân tỉnh | Tháng 10/2026 |
2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch này.
"""  # noqa: E501 (a table row is one line)
    found = _obligations(_write(tmp_path, "kh46.txt", HEAD + body + SIGNATURE), gazetteer)
    row = found["I.1.T1.1"]  # under item I.1, its first table, row 1
    assert row["owners"] == ["so-tu-phap"] and row["coordinators"] == ["so-noi-vu"]
    assert str(row["deadline"]) == "2026-06-30"
    assert found["I.1.T1.2"]["owners"] == ["so-khoa-hoc-va-cong-nghe"]
    # "2. | Kết nối …" is a table row, not item I.2; the item after the table is
    assert found["I.2"]["text"].startswith("Sở Tài chính bố trí kinh phí")
    assert found["I.2"]["owners"] == ["so-tai-chinh"]


def test_word_table_with_merged_cells(tmp_path, gazetteer):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (HEAD + BODY + SIGNATURE + "PHỤ LỤC\nDANH MỤC NHIỆM VỤ").splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=5, cols=5)
    rows = [
        ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"),
        ("I", "Nhiệm vụ chung", "", "", ""),
        ("1", "Số hóa sổ hộ tịch", "Sở Tư pháp", "Sở Nội vụ", "Quý III/2026"),
        ("2", "Cập nhật dữ liệu hộ tịch", "", "Công an tỉnh", "Năm 2027"),
        ("3", "Tập huấn sử dụng kho dữ liệu", "Sở Nội vụ", "Sở Tư pháp", "Tháng 5/2026"),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(1, 4))  # the group row spans the table
    table.cell(1, 1).text = "Nhiệm vụ chung"
    table.cell(2, 2).merge(table.cell(3, 2))  # one lead for rows 1 and 2 (vertical merge)
    table.cell(2, 2).text = "Sở Tư pháp"
    path = tmp_path / "kh47.docx"
    document.save(path)
    found = _obligations(path, gazetteer)
    assert found["PL.I.1"]["owners"] == ["so-tu-phap"]
    merged = found["PL.I.2"]  # the merged lead cell is carried down
    assert merged["owners"] == ["so-tu-phap"] and merged["coordinators"] == ["cong-an-tinh"]
    assert str(merged["deadline"]) == "2027"
    assert found["PL.I.3"]["owners"] == ["so-noi-vu"]
    assert str(found["PL.I.3"]["deadline"]) == "2026-05"


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_pdf_table(tmp_path, gazetteer):
    fpdf = pytest.importorskip("fpdf")
    pytest.importorskip("pdfplumber")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.add_font("DejaVu", style="B", fname=str(DEJAVU_BOLD))
    pdf.set_font("DejaVu", size=10)
    pdf.multi_cell(0, 6, HEAD + "I. MỤC ĐÍCH\nBảo đảm đồng bộ.\nII. NHIỆM VỤ\nPhân công như sau:")
    rows = [
        ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm"),
        ("1", "Xây dựng cơ sở dữ liệu dùng chung của tỉnh", "Sở Khoa học và Công nghệ",
         "Sở Tài chính", "Cơ sở dữ liệu dùng chung"),
        ("2", "Tập huấn kỹ năng số cho cán bộ cấp xã", "Sở Nội vụ",
         "Ủy ban nhân dân các xã, phường", "Lớp tập huấn"),
    ]
    with pdf.table(col_widths=(10, 60, 40, 40, 30)) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.multi_cell(0, 6, SIGNATURE)
    path = tmp_path / "kh48.pdf"
    pdf.output(str(path))
    found = _obligations(path, gazetteer)
    first = found["II.T1.1"]  # a table in section II (no appendix heading)
    assert first["text"] == "Xây dựng cơ sở dữ liệu dùng chung của tỉnh"  # a wrapped cell, joined
    assert first["owners"] == ["so-khoa-hoc-va-cong-nghe"]
    assert first["coordinators"] == ["so-tai-chinh"]
    assert str(first["product"]) == "Cơ sở dữ liệu dùng chung"
    assert found["II.T1.2"]["coordinators"] == ["uy-ban-nhan-dan-cap-xa"]


INDICATORS = """PHỤ LỤC I
DANH MỤC CÁC CHỈ TIÊU CỤ THỂ
TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá |
I | Giai đoạn 2026-2027 |  |  |  |
I.1 | Hồ sơ hành chính |  |  |  |
1 | Tỉ lệ hồ sơ hành chính được số hóa. | % | 100% | Sở Nội vụ |
2 | Số xã có kho dữ liệu dùng chung. | xã | Tối thiểu 20 | Sở Khoa học và Công nghệ |
II | Giai đoạn 2028-2030 |  |  |  |
1 | Tỉ lệ người dân hài lòng với dịch vụ công trực tuyến. | % | 95% | Sở Nội vụ |
"""


def test_an_indicator_table_gives_goals_due_by_their_period(tmp_path, gazetteer):
    """'TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi …': each row a goal of the
    body that monitors it, its value from the result column, its unit from the unit column
    when the value prints none, its year the end of the period its group row names (a
    sub-group without a period keeps it)."""
    path = _write(tmp_path, "kh45.txt", HEAD + BODY + SIGNATURE + INDICATORS)
    graph = ingest_paths([path], gazetteer).graph
    goals = {}
    for node in graph.subjects(PKG.sectionPath, None):
        for target in graph.objects(node, PKG.hasTarget):
            goals[str(graph.value(node, PKG.sectionPath))] = (
                str(graph.value(target, PKG.indicator)),
                str(graph.value(target, PKG.comparator)).rsplit("/", 1)[-1],
                float(graph.value(target, PKG.targetValue)),
                str(graph.value(target, PKG.unit)),
                str(graph.value(target, PKG.targetYear)),
                _local(graph.value(node, PKG.owner)),
            )
    assert goals["PL1.I.1.1"][0] == "hồ sơ hành chính được số hóa"
    assert goals["PL1.I.1.1"][2:] == (100.0, "%", "2027", "so-noi-vu")
    assert goals["PL1.I.1.2"][2:5] == (20.0, "xã", "2027")
    assert goals["PL1.II.1"][2:5] == (95.0, "%", "2030")
