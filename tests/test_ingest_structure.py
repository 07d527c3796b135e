"""Structure: section paths in the document's own numbering, wraps joined, section kinds."""

from pathlib import Path

import pytest

from policykg.errors import PolicykgError
from policykg.ingest import parse_file
from policykg.ingest.model import Span
from policykg.ingest.structure import parse_structure, section_kind_of

SOURCES = Path(__file__).resolve().parent.parent / "graph" / "sources"


@pytest.fixture(scope="module")
def seeds():
    return {path.name[:3]: parse_file(path) for path in sorted(SOURCES.glob("*.txt"))}


def _items(document):
    return {item.path: item for item in document.items}


def _parse(text: str):
    return parse_structure(text, Span(0, len(text)), 0)


def test_roman_sections_in_every_printed_form(seeds):
    assert [i.heading for i in seeds["000"][0].items if i.kind == "roman"] == [
        "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ VÀ GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN",
    ]
    programme = [i.path for i in seeds["004"][1].items if i.kind == "roman"]
    assert programme == ["I", "II", "III", "IV", "V"]  # "I-", "## II-", "### III-", ...
    ocr = _items(seeds["003"][0])
    assert ocr["III"].marker == "I1I" and ocr["III"].section_kind == "implementation"
    assert [p for p in ocr if p.startswith("III.")] == [f"III.{n}" for n in range(1, 7)]


def test_letter_items_with_d_stroke(seeds):
    items = _items(seeds["002"][0])
    letters = [p.split(".")[-1] for p in items if p.startswith("III.1.")]
    assert letters == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert items["III.1"].heading == "Sở Y tế"
    assert items["III.1.đ"].text.startswith("Củng cố, phát triển đội ngũ làm công tác trẻ em")
    assert items["III.1.đ"].parent == "III.1"
    assert "III.1.đ" in items["III.1"].children


def test_bullets_take_their_position(seeds):
    items = _items(seeds["000"][0])
    assert [p for p in items if p.startswith("II.3.")] == [f"II.3.{n}" for n in range(1, 6)]
    assert items["II.3.2"].kind == "bullet" and items["II.3.2"].marker == "-"
    assert items["II.3.2"].text.startswith("Hằng năm, đưa các mục tiêu")


def test_decimal_and_parenthesised_items(seeds):
    items = _items(seeds["004"][1])
    assert items["III.2.1"].kind == "decimal" and items["III.2.1"].marker == "2.1."
    assert items["III.2.1.2"].kind == "paren" and items["III.2.1.2"].marker == "(2)"
    assert "giảm còn dưới 6%" in items["III.2.1.2"].text
    assert items["III.2.1.2"].section_kind == "targets"


def test_hard_wraps_are_joined(seeds):
    item = _items(seeds["000"][0])["III.2"]
    assert "\n" not in item.text
    assert item.text.startswith(
        "Đảng đoàn Hội đồng nhân dân tỉnh chỉ đạo, rà soát các cơ chế, chính sách để kịp thời"
    )


def test_section_kinds(seeds):
    kinds = {i.path: i.section_kind for i in seeds["004"][1].items if i.kind == "roman"}
    assert kinds == {"I": "situation", "II": "purpose", "III": "targets", "IV": "tasks",
                     "V": "implementation"}
    reporting = _items(seeds["002"][0])["III.8"]
    assert reporting.section_kind == "reporting" and reporting.heading == "Chế độ báo cáo"
    assert section_kind_of("NHIEM VU VA GIAI PHAP TRONG TAM") == "tasks"
    assert section_kind_of("CHẾ ĐỘ THÔNG TIN, BÁO CÁO") == "reporting"
    assert section_kind_of("KINH PHÍ THỰC HIỆN") == "other"
    assert section_kind_of("TO CHUC THUC HlEN") == "implementation"  # OCR slip


def test_spans_cover_the_item_passage(seeds):
    for documents in seeds.values():
        for document in documents:
            for item in document.items:
                passage = document.text[item.span.start : item.span.end]
                assert passage.strip() == passage
                words = (item.heading + " " + item.text).split()
                assert words[0] in passage and words[-1] in passage


def test_letter_body_paragraph_is_an_item(seeds):
    (item,) = seeds["004"][0].items
    assert item.kind == "paragraph" and item.section_kind == "implementation"
    assert item.text.startswith("Giao Sở Lao động - Thương binh và Xã hội chủ trì")
    assert item.text.endswith("trong tháng 11/2024.")


def test_wrapped_numbers_and_dashes_stay_in_their_sentence():
    text = (
        "I. NHIỆM VỤ\n"
        "1. Thực hiện chương trình giai đoạn 2021 -\n"
        "2025 và năm\n"
        "2024. Tiếp tục hoàn thiện văn học\n"
        "- nghệ thuật cho trẻ em.\n"
        "2. Sở Y tế chủ trì.\n"
        "Il. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Sở Tư pháp.\n"
    )
    items = {i.path: i for i in _parse(text)}
    assert list(items) == ["I", "I.1", "I.2", "II", "II.1"]
    assert items["I.1"].text == (
        "Thực hiện chương trình giai đoạn 2021 - 2025 và năm 2024. Tiếp tục hoàn thiện văn học "
        "- nghệ thuật cho trẻ em."
    )
    assert items["II"].section_kind == "implementation"


def test_nested_bullets_and_lists_under_letters():
    text = (
        "I. NHIỆM VỤ VÀ GIẢI PHÁP\n"
        "1. Sở Y tế\n"
        "a) Rà soát chính sách;\n"
        "- Trước hết rà soát văn bản;\n"
        "+ Văn bản cấp tỉnh;\n"
        "+ Văn bản cấp xã;\n"
        "- Sau đó đề xuất sửa đổi.\n"
        "b) Báo cáo kết quả.\n"
        "(1) Chỉ tiêu một.\n"
        "(2) Chỉ tiêu hai.\n"
    )
    paths = [i.path for i in _parse(text)]
    assert paths == [
        "I", "I.1", "I.1.a", "I.1.a.1", "I.1.a.1.1", "I.1.a.1.2", "I.1.a.2", "I.1.b",
        "I.1.b.1", "I.1.b.2",
    ]


def test_text_without_structure_is_refused(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Một đoạn văn bình thường không có tiêu đề hay mục nào cả.\n" * 3)
    with pytest.raises(PolicykgError, match=r"note\.txt: not an administrative document"):
        parse_file(path)


DECISION = """ỦY BAN NHÂN DÂN
TỈNH BẮC KẠN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 1234/QĐ-UBND
Bắc Kạn, ngày 15 tháng 7 năm 2024

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch thực hiện Chỉ thị số 28-CT/TW

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Điều 3. Giám đốc các sở chịu trách nhiệm thi hành Quyết định này:

* Sở Y tế chủ trì;
* Sở Tư pháp phối hợp.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đỗ Thị Minh Hoa
"""


def test_an_unseen_decision_with_articles_and_a_markdown_list(tmp_path):
    path = tmp_path / "decision.md"
    path.write_text(DECISION, encoding="utf-8")
    (document,) = parse_file(path)
    assert (document.kind, document.number, document.province) == (
        "Decision",
        "1234/QĐ-UBND",
        "Bắc Kạn",
    )
    assert document.recipients == []  # "Như Điều 3" and the archive line are not recipients
    items = _items(document)
    assert list(items) == ["Điều 1", "Điều 2", "Điều 3", "Điều 3.1", "Điều 3.2"]
    assert items["Điều 3"].section_kind == "implementation"
    assert items["Điều 3.1"].kind == "bullet" and items["Điều 3.1"].text == "Sở Y tế chủ trì;"


def test_letters_with_a_full_stop():
    text = "I. NHIỆM VỤ\n1. Sở Y tế:\na. Rà soát chính sách;\nb. Báo cáo kết quả.\n"
    assert [i.path for i in _parse(text)] == ["I", "I.1", "I.1.a", "I.1.b"]


def test_parts_above_roman_sections():
    text = (
        "A. MỤC TIÊU\n"
        "I. MỤC TIÊU CHUNG\n"
        "1. Bảo đảm quyền trẻ em.\n"
        "B. NHIỆM VỤ, GIẢI PHÁP\n"
        "I. NHIỆM VỤ CHUNG\n"
        "1. Sở Y tế chủ trì.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Tư pháp phối hợp.\n"
    )
    items = {i.path: i for i in _parse(text)}
    assert list(items) == ["A", "A.I", "A.I.1", "B", "B.I", "B.I.1", "B.II", "B.II.1"]
    assert items["A.I.1"].section_kind == "targets"
    assert items["B.I.1"].section_kind == "tasks"
    assert items["B.II.1"].section_kind == "implementation"


def test_roman_without_punctuation_and_symbol_bullets():
    text = (
        "II NHIỆM VỤ TRỌNG TÂM\n1. Sở Y tế chủ trì.\n• Rà soát văn bản.\n• Báo cáo.\n"
        "III TỔ CHỨC THỰC HIỆN\n1. Giao Sở Tư pháp.\n"
    )
    items = {i.path: i for i in _parse(text)}
    assert list(items) == ["II", "II.1", "II.1.1", "II.1.2", "III", "III.1"]
    assert items["II.1.2"].marker == "•" and items["III.1"].section_kind == "implementation"


def test_a_letter_with_numbered_items_assigns_work(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\nSố: 100/UBND-VX\nV/v triển khai Kế hoạch\n"
        "Sóc Trăng, ngày 02 tháng 12 năm 2024\n\nKính gửi: Các sở, ngành tỉnh.\n\n"
        "Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:\n\n"
        "1. Giao Sở Y tế chủ trì, báo cáo trước ngày 15/12/2024.\n"
        "2. Sở Tư pháp phối hợp thực hiện.\n\nNơi nhận:\n- Như trên;\n",
        encoding="utf-8",
    )
    (document,) = parse_file(path)
    assert document.kind == "OfficialLetter"
    assert document.recipients == ["Các sở, ngành tỉnh"]  # addressed inline after "Kính gửi:"
    assert [(i.path, i.section_kind) for i in document.items] == [
        ("1", "implementation"),
        ("2", "implementation"),
    ]


def test_a_closing_paragraph_printed_with_a_blank_line_after_every_line():
    """A text that puts a blank line after each printed line (as seed 002 does) keeps its
    closing paragraph whole: the request in its second sentence is an item ('end.1') whose
    text is the sentence, its span the sentence in the document."""
    lines = [
        "I. NHIỆM VỤ",
        "1. Sở Y tế chủ trì tổ chức tập huấn cho cán bộ làm công tác trẻ em cấp xã.",
        "Trên đây là Chương trình hành động của Ủy ban nhân dân thành phố; yêu cầu các cơ",
        "quan, đơn vị nghiêm túc thực hiện. Trong quá trình thực hiện nếu có khó khăn,",
        "các cơ quan, đơn vị phản ánh về Sở Y tế để tổng hợp, báo cáo./.",
    ]
    text = "\n\n".join(lines) + "\n"
    items = {i.path: i for i in parse_structure(text, Span(0, len(text)), 0)}
    closing = items["end.1"]
    assert closing.text.startswith("Trong quá trình thực hiện") and "phản ánh" in closing.text
    assert " ".join(text[closing.span.start : closing.span.end].split()) == closing.text
