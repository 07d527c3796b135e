"""Reading: every format to the same normalised text; noise removed; bad input refused."""

import unicodedata
from pathlib import Path

import pytest

from policykg.errors import PolicykgError
from policykg.ingest.read import read_file, read_source

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SOURCES = Path(__file__).resolve().parent.parent / "graph" / "sources"

PLAN = (
    "TỈNH ỦY LÂM ĐỒNG\n"
    "Số 12 -KH/TU\n"
    "Lâm Đồng, ngày 08 tháng 3 năm 2024\n"
    "KẾ HOẠCH\n"
    "Thực hiện Chỉ thị số 28-CT/TW của Bộ Chính trị\n"
    "\n"
    "I. NHIỆM VỤ\n"
    "1. Sở Y tế chủ trì rà soát chính sách về trẻ em.\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8.txt", lambda s: s.encode("utf-8")),
        ("bom.txt", lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")),
        ("le.txt", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
        ("be.txt", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
        ("crlf.md", lambda s: s.replace("\n", "\r\n").encode("utf-8")),
        ("cr.txt", lambda s: s.replace("\n", "\r").encode("utf-8")),
        ("nfd.txt", lambda s: unicodedata.normalize("NFD", s).encode("utf-8")),
    ],
)
def test_encodings_and_line_ends_give_the_same_text(tmp_path, name, encode):
    reference = read_file(_write(tmp_path, "ref.txt", PLAN.encode("utf-8")))
    text = read_file(_write(tmp_path, name, encode(PLAN)))
    assert text == reference
    assert "\r" not in text and "\ufeff" not in text
    assert unicodedata.is_normalized("NFC", text)
    assert "Số 12 -KH/TU" in text


def test_markdown_markup_is_stripped(tmp_path):
    raw = (
        "**ỦY BAN NHÂN DÂN  \nTỈNH SÓC TRĂNG**\n\n## II- MỤC ĐÍCH\n\n"
        "#### **2. Đẩy mạnh tuyên truyền**\n\nSóc Trăng, ngày **23** tháng 10 năm 2024\n"
        "- Ban Bí thư (*báo cáo*),\n\\- escaped \\*star\\*\n"
    )
    text = read_file(_write(tmp_path, "m.md", raw.encode()))
    assert "**" not in text and "#" not in text and "\\" not in text
    assert "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG" in text
    assert "II- MỤC ĐÍCH" in text and "2. Đẩy mạnh tuyên truyền" in text
    assert "ngày 23 tháng 10" in text
    assert "(báo cáo)" in text
    assert "- escaped *star*" in text  # escaped characters are literal text
    assert "(báo cáo)" in text


def test_page_numbers_paths_and_signature_metadata_are_removed(tmp_path):
    raw = (
        "KẾ HOẠCH\nDòng một của văn bản.\n\n 4  \n\n"
        "\\\\10.34.6.102\\Danhmay2\\TL WORD 2024\\KHTU\\T hien CT28.doc\n"
        "- b A B A }\\ A A x .; . ¥ r\n"
        "Dòng hai 2024 của văn bản.\n"
        "\t\tCỤC CHỨNG THỰC SỐ VÀ BẢO MẬT THÔNG TIN - Email: ca@bcy.gov.vn\n"
        "\t2026-01-13T14:23:56+0700\n\tỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ\n"
    )
    source = read_source(_write(tmp_path, "n.txt", raw.encode()))
    assert source.text == "KẾ HOẠCH\nDòng một của văn bản.\n\nDòng hai 2024 của văn bản.\n"
    assert source.signature_lines[-1] == "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"


def test_seed_002_signature_block_is_kept_out_of_the_text_but_known():
    source = read_source(SOURCES / "002_16ccb72622a0b9ba.txt")
    assert "CHỨNG THỰC" not in source.text and "2026-01-13" not in source.text
    assert source.text.rstrip().endswith("Nguyễn Thị Ngọc Điệp")
    assert any("CẦN THƠ" in line for line in source.signature_lines)


def test_seed_003_file_path_and_page_number_lines_are_removed():
    text = read_file(SOURCES / "003_9da1952008248b1f.txt")
    assert "Danhmay2" not in text
    assert "\n2\n" not in text
    assert "I1I- TO CHUC THUC HIEN" in text  # the OCR heading itself is kept as printed


def test_reading_is_reproducible():
    path = SOURCES / "004_626193b0675de070.txt"
    assert read_file(path) == read_file(path)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("I. NHIỆM VỤ")
    document.add_paragraph("1. Sở Y tế chủ trì.")
    path = tmp_path / "plan.docx"
    document.save(path)
    text = read_file(path)
    expected = ("TỈNH SÓC TRĂNG", "CỘNG HÒA", "KẾ HOẠCH", "I. NHIỆM VỤ", "1. Sở")
    order = [text.index(s) for s in expected]
    assert order == sorted(order)


def _pdf(path: Path, lines: list[str]) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_pdf_with_a_text_layer_reads_vietnamese(tmp_path):
    path = _pdf(tmp_path / "plan.pdf", ["KẾ HOẠCH", "I. NHIỆM VỤ", "1. Sở Lao động chủ trì."])
    text = read_file(path)
    assert "KẾ HOẠCH" in text and "Sở Lao động chủ trì" in text
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font not installed")
def test_pdf_without_a_text_layer_is_refused(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # drawing only: what a scan without OCR looks like
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(PolicykgError, match=r"scan\.pdf.*no text layer"):
        read_file(path)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \r\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("plan.xlsx", b"some text", "unknown format"),
        ("latin.txt", "Kế hoạch".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", "UTF-8"),
        ("fake.pdf", b"KE HOACH plain text", "not a PDF"),
        ("fake.docx", b"KE HOACH plain text", "not a .docx"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "legacy Word"),
    ],
)
def test_bad_input_names_the_file_and_why(tmp_path, name, data, reason):
    path = _write(tmp_path, name, data)
    with pytest.raises(PolicykgError) as error:
        read_file(path)
    assert name in str(error.value)
    assert reason in str(error.value)


def test_a_space_before_a_combining_accent_is_rejoined(tmp_path):
    raw = "KẾ HOA \u0323CH\nho \u0323ch toa \u0301n\n"
    assert read_file(_write(tmp_path, "p.txt", raw.encode())) == "KẾ HOẠCH\nhọch toán\n"


_TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml">
 <mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
   <w:p><w:r><w:t>TỈNH ỦY SÓC TRĂNG</w:t></w:r></w:p>
  </w:txbxContent></wps:txbx></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:textbox><w:txbxContent>
   <w:p><w:r><w:t>TỈNH ỦY SÓC TRĂNG</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></w:pict></mc:Fallback>
 </mc:AlternateContent>
</w:r>"""


def test_docx_text_boxes_are_read_once(tmp_path):
    docx = pytest.importorskip("docx")
    from lxml import etree

    document = docx.Document()
    anchor = document.add_paragraph("KẾ HOẠCH")
    anchor._p.insert(0, etree.fromstring(_TEXT_BOX))
    document.add_paragraph("I. NHIỆM VỤ")
    path = tmp_path / "boxed.docx"
    document.save(path)
    text = read_file(path)
    assert text.count("TỈNH ỦY SÓC TRĂNG") == 1
    assert text.index("TỈNH ỦY SÓC TRĂNG") < text.index("KẾ HOẠCH") < text.index("I. NHIỆM VỤ")
