"""Splitting and header fields of the five seeds (expected values read from the documents)."""

from datetime import date
from pathlib import Path

import pytest

from policykg.ingest import parse_file
from policykg.ingest.read import read_file
from policykg.ingest.split import split_documents

SOURCES = Path(__file__).resolve().parent.parent / "graph" / "sources"


@pytest.fixture(scope="module")
def seeds():
    return {path.name[:3]: parse_file(path) for path in sorted(SOURCES.glob("*.txt"))}


def test_seed_004_splits_into_the_letter_and_the_programme():
    text = read_file(SOURCES / "004_626193b0675de070.txt")
    spans = split_documents(text)
    assert len(spans) == 2
    assert spans[0].start == 0 and spans[0].end == spans[1].start and spans[1].end == len(text)
    assert text[spans[1].start :].startswith("CHƯƠNG TRÌNH")
    assert "Lâm Hoàng Nghiệp" in text[spans[0].start : spans[0].end]


def test_single_document_files_are_not_split(seeds):
    assert [len(seeds[k]) for k in ("000", "001", "002", "003", "004")] == [1, 1, 1, 1, 2]


# (seed, index) -> kind, number, issued, province, issuer phrase (folded prefix), signer
EXPECTED = {
    ("000", 0): ("Plan", "109-KH/TU", date(2024, 3, 8), "Lâm Đồng", "Ban Thường vụ Tỉnh ủy",
                 "Trần Đình Văn"),
    ("001", 0): ("Plan", None, None, "Thái Nguyên", "Ban Thường vụ Tỉnh ủy", "Phạm Hoàng Sơn"),
    ("002", 0): ("Programme", None, None, "Cần Thơ", "Ủy ban nhân dân thành phố",
                 "Nguyễn Thị Ngọc Điệp"),
    ("003", 0): ("Plan", "211-KH/TU", date(2024, 4, 25), "Kiên Giang", "Ban Thuong vu Tinh uy",
                 "Mai Van Huynh"),
    ("004", 0): ("OfficialLetter", "3452/UBND-VX", date(2024, 10, 23), "Sóc Trăng",
                 "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "Lâm Hoàng Nghiệp"),
    ("004", 1): ("Programme", "61-CTr/TU", date(2024, 10, 21), "Sóc Trăng",
                 "Ban Thường vụ Tỉnh uỷ", "Hồ Thị Cẩm Đào"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_header_fields(seeds, key):
    kind, number, issued, province, issuer, signer = EXPECTED[key]
    document = seeds[key[0]][key[1]]
    assert document.kind == kind
    assert document.number == number
    assert document.issued == issued
    assert document.province == province
    assert document.issuer_phrase == issuer
    assert document.signer == signer


def test_signer_roles(seeds):
    assert seeds["000"][0].signer_role == "PHÓ BÍ THƯ"
    assert seeds["001"][0].signer_role == "PHÓ BÍ THƯ THƯỜNG TRỰC"
    assert seeds["002"][0].signer_role == "PHÓ CHỦ TỊCH"
    assert seeds["004"][0].signer_role == "PHÓ CHỦ TỊCH"


def test_titles(seeds):
    assert seeds["000"][0].title.startswith("Thực hiện Chỉ thị số 28-CT/TW, ngày 25/12/2023")
    assert seeds["000"][0].title.endswith("phồn vinh, hạnh phúc")
    assert seeds["002"][0].title.startswith("Thực hiện Quyết định số 1183/QĐ-TTg")
    assert seeds["004"][0].title.startswith("V/v triển khai Chương trình")
    assert "28-CT/TW" in seeds["004"][0].title  # "28-\nCT/TW" joined across the wrap
    assert seeds["003"][0].title.startswith("thue hién Chi thi s6 28-CT/TW")
    # "CHƯƠNG TRÌNH / CỦA BAN THƯỜNG VỤ TỈNH ỦY" is the type heading, not the title
    assert seeds["004"][1].title.startswith("thực hiện Chỉ thị số 28-CT/TW, ngày 25/12/2023")


def test_recipients(seeds):
    recipients = seeds["000"][0].recipients
    assert recipients[0] == "Ban Bí thư Trung ương Đảng (Báo cáo)"
    assert "Các sở, ban, ngành, MTTQ, các tổ chức chính trị - xã hội tỉnh" in recipients
    assert not any(r.startswith("Lưu") for r in recipients)
    letter = seeds["004"][0].recipients
    assert letter[:2] == [
        "Sở Lao động - Thương binh và Xã hội",
        "Ủy ban nhân dân các huyện, thị xã, thành phố; tỉnh Sóc Trăng",
    ]
    # the OCR signature column fused into a recipient line is taken out of it
    assert not any("Mai Van Huynh" in r for r in seeds["003"][0].recipients)


def _refs(refs):
    return [(r.number, r.kind, r.issued) for r in refs]


def test_parents_and_cited_documents(seeds):
    lam_dong = seeds["000"][0]
    assert _refs(lam_dong.implements) == [
        ("28-CT/TW", "Directive", date(2023, 12, 25)),
        ("136-HD/BTGTW", "Guidance", date(2024, 1, 15)),  # "136-\nHD/BTGTW" joined
    ]
    assert lam_dong.implements[1].issuer_phrase == "Ban Tuyên giáo Trung ương"
    assert _refs(seeds["001"][0].implements) == [("28-CT/TW", "Directive", date(2023, 12, 25))]
    can_tho = seeds["002"][0]
    assert _refs(can_tho.implements) == [("1183/QĐ-TTg", "Decision", date(2024, 10, 14))]
    assert [r.number for r in can_tho.cites] == ["28-CT/TW"]
    kien_giang = seeds["003"][0]
    assert [r.number for r in kien_giang.implements] == ["28-CT/TW"]
    assert _refs(kien_giang.cites) == [("20-CT/TW", "Directive", date(2012, 11, 5))]
    letter, programme = seeds["004"]
    assert _refs(letter.implements) == [
        ("61-CTr/TU", "Programme", date(2024, 10, 21)),
        ("1965-CV/BCSD", "OfficialLetter", date(2024, 10, 23)),  # "1965 -CV/BCSD", "23 /10/2024"
    ]
    assert [r.number for r in letter.cites] == ["28-CT/TW"]
    assert [r.number for r in programme.implements] == ["28-CT/TW"]
    assert [r.number for r in programme.cites] == ["20-CT/TW"]


def test_header_of_an_unseen_layout(tmp_path):
    """A district People's Committee plan with a numeric date and a "Căn cứ" basis."""
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 45/KH-UBND\nThái Nguyên, ngày 05/6/2024\n\n"
        "KẾ HOẠCH\nTriển khai Kế hoạch số 109-KH/TU\n\n"
        "Căn cứ Luật Trẻ em năm 2016; Thực hiện Kế hoạch số 200-KH/TU ngày 01/4/2024 của Ban "
        "Thường vụ Tỉnh ủy; UBND tỉnh ban hành Kế hoạch như sau:\n\n"
        "I. NHIỆM VỤ\n1. Sở Y tế chủ trì theo dõi.\n2. Sở Tư pháp phối hợp.\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    (document,) = parse_file(path)
    assert (document.kind, document.number, document.issued) == (
        "Plan", "45/KH-UBND", date(2024, 6, 5)
    )
    assert document.province == "Thái Nguyên"
    # the header names the issuer; "UBND tỉnh ban hành" in the preamble adds nothing to it
    assert document.issuer_phrase == "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
    assert [r.number for r in document.implements] == ["109-KH/TU", "200-KH/TU"]
    assert document.implements[1].issued == date(2024, 4, 1)


DISTRICT_PLAN = """ĐẢNG BỘ TỈNH SÓC TRĂNG
HUYỆN ỦY CHÂU THÀNH
*
Số 45-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Châu Thành, ngày 12 tháng 11 năm 2024

KẾ HOẠCH
thực hiện Chương trình số 61-CTr/TU ngày 21/10/2024 của Ban Thường vụ Tỉnh ủy

Thực hiện Chương trình số 61-CTr/TU, ngày 21/10/2024 của Ban Thường vụ Tỉnh ủy Sóc Trăng thực \
hiện Chỉ thị số 28-CT/TW, ngày 25/12/2023 của Bộ Chính trị, Ban Thường vụ Huyện ủy ban hành Kế \
hoạch thực hiện như sau:

I. NHIỆM VỤ TRỌNG TÂM
1. Các chi, đảng bộ cơ sở tổ chức quán triệt.
2. Ủy ban nhân dân huyện chỉ đạo các ngành thực hiện.

Nơi nhận:
- Ban Thường vụ Tỉnh ủy (báo cáo),
- Lưu Văn phòng Huyện ủy.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn An
"""


def test_a_district_plan_names_its_district_and_level(tmp_path):
    from policykg.ingest import ingest_paths
    from policykg.namespaces import PKG, document_iri

    path = tmp_path / "district.txt"
    path.write_text(DISTRICT_PLAN, encoding="utf-8")
    result = ingest_paths([path])
    (document,) = result.documents
    assert document.issuer_phrase == "Ban Thường vụ Huyện ủy Châu Thành"
    assert document.province == "Sóc Trăng"
    assert [r.number for r in document.implements] == ["61-CTr/TU"]
    assert [r.number for r in document.cites] == ["28-CT/TW"]
    assert (document.signer, document.signer_role) == ("Nguyễn Văn An", "BÍ THƯ")
    assert result.graph.value(document_iri("45-KH/HU", "Sóc Trăng"), PKG.level) == PKG.DistrictLevel


CENTRAL_DIRECTIVE = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 99-CT/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 10 tháng 1 năm 2025

CHỈ THỊ
CỦA BỘ CHÍNH TRỊ
về tăng cường một công tác

Thời gian qua, tỉnh Sóc Trăng và tỉnh Sóc Trăng đã làm tốt. Bộ Chính trị yêu cầu:

1. Các tỉnh ủy, thành ủy tổ chức thực hiện.
2. Ban Tuyên giáo Trung ương hướng dẫn.

Nơi nhận:
- Các tỉnh ủy, thành ủy,
- Lưu Văn phòng Trung ương.
T/M BỘ CHÍNH TRỊ
Trương Thị Mai
"""


def test_a_central_directive_has_no_province(tmp_path):
    path = tmp_path / "directive.txt"
    path.write_text(CENTRAL_DIRECTIVE, encoding="utf-8")
    (document,) = parse_file(path)
    assert (document.kind, document.number, document.issued) == (
        "Directive",
        "99-CT/TW",
        date(2025, 1, 10),
    )
    assert document.issuer_phrase == "BỘ CHÍNH TRỊ"  # the body that signs, not the header's
    assert document.province is None  # neither the signing place nor provinces it mentions
    assert document.title == "về tăng cường một công tác"
    assert [item.path for item in document.items] == ["1", "2"]
    # numbered items of a document without section headings are its tasks
    assert {item.section_kind for item in document.items} == {"tasks"}


def test_stamps_and_attachments_stay_with_their_own_document(tmp_path):
    """A bundle: the signed Cần Thơ programme, then the Sóc Trăng letter and its attachment.
    The Cần Thơ signature stamps must not give the Sóc Trăng programme its province, and only
    the document right after the letter is its attachment."""
    bundle = tmp_path / "bundle.txt"
    bundle.write_bytes(
        (SOURCES / "002_16ccb72622a0b9ba.txt").read_bytes()
        + (SOURCES / "004_626193b0675de070.txt").read_bytes()
    )
    documents = parse_file(bundle)
    assert [(d.kind, d.number, d.province) for d in documents] == [
        ("Programme", None, "Cần Thơ"),
        ("OfficialLetter", "3452/UBND-VX", "Sóc Trăng"),
        ("Programme", "61-CTr/TU", "Sóc Trăng"),
    ]
    assert "CHỨNG THỰC" not in documents[0].text


def test_parents_joined_by_va_and_a_two_line_district_header(tmp_path):
    path = tmp_path / "district.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nHUYỆN QUỲNH LƯU\nSố: 87/KH-UBND\nQuỳnh Lưu, ngày 20 tháng 3 năm 2025\n\n"
        "KẾ HOẠCH\nThực hiện công tác trẻ em năm 2025\n\n"
        "Thực hiện Chỉ thị số 28-CT/TW, ngày 25/12/2023 của Bộ Chính trị (sau đây gọi tắt là "
        "Chỉ thị số 28-CT/TW) và Hướng dẫn số 136-\nHD/BTGTW, ngày 15/01/2024 của Ban Tuyên giáo "
        "Trung ương về thực hiện Chỉ thị số 20-CT/TW, Ủy ban nhân dân huyện ban hành Kế hoạch "
        "như sau:\n\nI. NHIỆM VỤ\n1. Phòng Y tế chủ trì.\n2. Phòng Tư pháp phối hợp.\n",
        encoding="utf-8",
    )
    (document,) = parse_file(path)
    assert [r.number for r in document.implements] == ["28-CT/TW", "136-HD/BTGTW"]
    assert [r.number for r in document.cites] == ["20-CT/TW"]  # inside 136's description
    assert document.issuer_phrase == "Ủy ban nhân dân huyện Quỳnh Lưu"


def test_an_issuer_named_with_its_province_resolves(tmp_path):
    from policykg.ingest import ingest_paths
    from policykg.namespaces import PKG, document_iri

    path = tmp_path / "letter.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NINH\nSố: 12/UBND-VX\nV/v triển khai Kế hoạch\n"
        "Quảng Ninh, ngày 02 tháng 12 năm 2024\n\nKính gửi: Sở Y tế.\n\n"
        "1. Giao Sở Y tế chủ trì thực hiện.\n2. Sở Tư pháp phối hợp.\n",
        encoding="utf-8",
    )
    graph = ingest_paths([path]).graph
    issuer = graph.value(document_iri("12/UBND-VX", "Quảng Ninh"), PKG.issuedBy)
    assert str(issuer).endswith("/agency/quang-ninh/uy-ban-nhan-dan-tinh")
    assert graph.value(issuer, PKG.unresolved) is None


# --- issue 11 items 5 and 6: real header forms, in-house examples modelled on them ----------


def _parse(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"


def test_a_department_under_its_ministry_issues_a_letter_whose_code_is_no_type(tmp_path):
    """'BỘ TÀI CHÍNH / CỤC THUẾ': the Cục issues; 'CT' after the slash is its code, not a
    Chỉ thị; 'tháng12' and the V/v line running long do not hide the date."""
    (doc,) = _parse(
        tmp_path,
        "BỘ TÀI CHÍNH\nCỤC THUẾ\n-------\n" + MOTTO + "Số: 6120/CT-QLRR\n"
        "V/v hướng dẫn rà soát dữ liệu người nộp thuế trên hệ thống quản lý thuế tập trung "
        "trong đợt cao điểm cuối năm 2025\nHà Nội, ngày 03 tháng12 năm 2025\n"
        "Kính gửi: Thuế các tỉnh, thành phố.\n"
        "Căn cứ Nghị định số 126/2020/NĐ-CP của Chính phủ, Cục Thuế đề nghị Thuế các tỉnh rà "
        "soát dữ liệu trước ngày 20/12/2025./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "TL. CỤC TRƯỞNG\nTRƯỞNG BAN\nĐỗ Văn Minh\n",
    )
    assert (doc.kind, doc.number, doc.issued) == (
        "OfficialLetter", "6120/CT-QLRR", date(2025, 12, 3)
    )
    assert doc.issuer_phrase == "CỤC THUẾ"
    assert doc.province is None  # a central body signing in Hà Nội


def test_the_header_not_a_body_sentence_names_the_issuer(tmp_path):
    """A council's resolution considers a submission 'của Ủy ban nhân dân'; a People's Committee
    decision cites the Prime Minister: neither is the issuer."""
    (resolution,) = _parse(
        tmp_path,
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ TĨNH\n-------\n" + MOTTO + "Số: 31/2025/NQ-HĐND\n"
        "Hà Tĩnh, ngày 04 tháng 12 năm 2025\nNGHỊ QUYẾT\nQUY ĐỊNH MỨC CHI HỖ TRỢ TRẺ EM\n"
        "Căn cứ Luật Trẻ em số 102/2016/QH13;\nXét Tờ trình số 77/TTr-UBND ngày 20 tháng 11 "
        "năm 2025 của Ủy ban nhân dân tỉnh về việc đề nghị ban hành Nghị quyết quy định mức chi;\n"
        "QUYẾT NGHỊ:\nĐiều 1. Quy định mức chi hỗ trợ trẻ em.\nĐiều 2. Giao Ủy ban nhân dân tỉnh "
        "tổ chức thực hiện.\n",
        "resolution.txt",
    )
    assert resolution.kind == "Resolution"
    assert resolution.issuer_phrase == "HỘI ĐỒNG NHÂN DÂN TỈNH HÀ TĨNH"
    (decision,) = _parse(
        tmp_path,
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\n-------\n" + MOTTO + "Số: 2801/QĐ-UBND\n"
        "Quảng Trị, ngày 25 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH\n"
        "Căn cứ Quyết định số 1085/QĐ-TTg ngày 15/9/2022 của Thủ tướng Chính phủ ban hành Kế "
        "hoạch rà soát, đơn giản hóa thủ tục hành chính nội bộ;\nCăn cứ Nghị định số "
        "63/2010/NĐ-CP của Chính phủ ban hành Kế hoạch kiểm soát;\nCăn cứ Quyết định số "
        "800/QĐ-BYT của Bộ trưởng Bộ Y tế về việc công bố thủ tục;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục.\n",
        "decision.txt",
    )
    assert decision.issuer_phrase == "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
    # the basis that issues a plan is carried out; a decree never is, a plain basis is cited
    assert [r.number for r in decision.implements] == ["1085/QĐ-TTg"]
    assert {r.number for r in decision.cites} == {"63/2010/NĐ-CP", "800/QĐ-BYT"}


def test_bodies_no_head_word_announces_and_a_consolidated_text(tmp_path):
    (audit,) = _parse(
        tmp_path,
        "KIỂM TOÁN NHÀ NƯỚC\n-------\n" + MOTTO + "Số:\n2044/QĐ-KTNN\n"
        "Hà Nội ngày 1 tháng 12 năm 2025\nQUYẾT ĐỊNH\nBAN HÀNH QUY TRÌNH KIỂM TOÁN\n"
        "Điều 1. Ban hành quy trình.\nĐiều 2. Quyết định có hiệu lực.\n",
        "audit.txt",
    )
    assert (audit.number, audit.issued) == ("2044/QĐ-KTNN", date(2025, 12, 1))
    assert audit.issuer_phrase == "KIỂM TOÁN NHÀ NƯỚC" and audit.province is None
    (office,) = _parse(
        tmp_path,
        "VĂN PHÒNG CHÍNH PHỦ\n-------\n" + MOTTO + "Số: 12040/VPCP-V.I\nV/v xử lý kiến nghị\n"
        "Hà Nội, ngày 2 tháng 12 năm 2025\nKính gửi: Bộ Tư pháp.\nXét đề nghị của Bộ Tư pháp, "
        "Văn phòng Chính phủ thông báo ý kiến chỉ đạo./.\n",
        "office.txt",
    )
    assert (office.kind, office.number) == ("OfficialLetter", "12040/VPCP-V.I")
    (consolidated,) = _parse(
        tmp_path,
        "BỘ XÂY DỰNG\n-------\n" + MOTTO + "Số: 15/VBHN-BXD\nHà Nội, ngày 20 tháng 11 năm 2025\n"
        "THÔNG TƯ\nQUY ĐỊNH VỀ ĐĂNG KIỂM\nThông tư số 30/2024/TT-BGTVT ngày 1 tháng 8 năm 2024 "
        "của Bộ trưởng Bộ Giao thông vận tải, có hiệu lực kể từ ngày 1 tháng 10 năm 2024.\n"
        "Điều 1. Phạm vi điều chỉnh.\nĐiều 2. Đối tượng áp dụng.\n",
        "consolidated.txt",
    )
    assert consolidated.kind == "ConsolidatedText"


def test_a_letter_printed_without_its_header_block(tmp_path):
    """The page starts at 'Kính gửi': the closing sentence names the ministry, the appendix's
    '(Kèm theo Công văn số …)' gives the number and date."""
    (letter,) = _parse(
        tmp_path,
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương\n"
        "Để chuẩn bị báo cáo năm 2025, Bộ Y tế đề nghị Ủy ban nhân dân các tỉnh chỉ đạo Sở Y tế "
        "gửi số liệu theo phụ lục kèm theo trước ngày 15/12/2025.\n"
        "Bộ Y tế trân trọng cảm ơn sự phối hợp của Quý Ủy ban./.\nNơi nhận:\n- Như trên;\n"
        "- Lưu: VT, KHTC.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Đức Luận\n"
        "PHỤ LỤC\nBIỂU MẪU SỐ LIỆU (Kèm theo Công văn số 7011/BYT-KHTC ngày 28 tháng 11 năm 2025 "
        "của Bộ Y tế)\nSTT | Chỉ tiêu | Số liệu |\n1 | Số trạm y tế | |\n",
    )
    assert (letter.kind, letter.number, letter.issued) == (
        "OfficialLetter", "7011/BYT-KHTC", date(2025, 11, 28)
    )
    assert letter.issuer_phrase == "Bộ Y tế"


def test_a_city_of_2025_is_its_own_province(tmp_path):
    (doc,) = _parse(
        tmp_path,
        "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HUẾ\n-------\n" + MOTTO + "Số: 40/2025/NQ-HĐND\n"
        "Huế, ngày 10 tháng 12 năm 2025\nNGHỊ QUYẾT\nVỀ CHÍNH SÁCH HỖ TRỢ\n"
        "Điều 1. Quy định chính sách.\nĐiều 2. Tổ chức thực hiện.\n",
    )
    assert doc.province == "Huế"


def test_every_parent_of_a_list_and_none_inside_a_parents_description(tmp_path):
    (plan,) = _parse(
        tmp_path,
        "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n" + MOTTO + "Số: 990/KH-UBND\n"
        "Nghệ An, ngày 21 tháng 11 năm 2025\nKẾ HOẠCH\nPhòng, chống đuối nước trẻ em năm 2026\n"
        "Để tiếp tục thực hiện nghiêm Chỉ thị số 18-CT/TU ngày 02/3/2025 của Ban Thường vụ Tỉnh "
        "ủy; Kế hoạch số 120/KH-BCĐ ngày 5/4/2025 của Ban Chỉ đạo tỉnh về thực hiện Nghị quyết "
        "số 7/NQ-CP và Chương trình số 3-CTr/TU; Hướng dẫn số 44/HD-SYT ngày 06/5/2025 của Sở "
        "Y tế và Văn bản số 9151-CV/BTCTW ngày 29/7/2025 của Ban Tổ chức Trung ương, Ủy ban "
        "nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n1. Giảm tử vong do đuối nước.\n",
    )
    assert [r.number for r in plan.implements] == [
        "18-CT/TU", "120/KH-BCĐ", "44/HD-SYT", "9151-CV/BTCTW"
    ]
    assert {"7/NQ-CP", "3-CTr/TU"} <= {r.number for r in plan.cites}


def test_laws_and_decrees_and_amended_acts_are_not_parents(tmp_path):
    (decision,) = _parse(
        tmp_path,
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n" + MOTTO + "Số: 80/2025/QĐ-UBND\n"
        "Hà Nội, ngày 27 tháng 11 năm 2025\nQUYẾT ĐỊNH\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA "
        "QUYẾT ĐỊNH SỐ 12/2024/QĐ-UBND\nThực hiện Nghị định số 94/2022/NĐ-CP ngày 07/11/2022 của "
        "Chính phủ và Kế hoạch số 50/KH-UBND ngày 01/3/2025 của Ủy ban nhân dân Thành phố;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Sửa đổi Điều 3.\n",
    )
    assert [r.number for r in decision.implements] == ["50/KH-UBND"]
    assert {"12/2024/QĐ-UBND", "94/2022/NĐ-CP"} <= {r.number for r in decision.cites}


SIGNED_IN_PERSON = """THỦ TƯỚNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 2701/QĐ-TTg
Hà Nội, ngày 29 tháng 11 năm 2025
QUYẾT ĐỊNH
BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT TRẺ EM
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thi hành Luật Trẻ em.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.
Điều 3. Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Quyết định này.
Nơi nhận:
- Như Điều 3;
- Lưu: VT, KGVX (2b).
THỦ TƯỚNG
Phạm Minh Chính
KẾ HOẠCH
TRIỂN KHAI THI HÀNH LUẬT TRẺ EM
(Kèm theo Quyết định số 2701/QĐ-TTg ngày 29 tháng 11 năm 2025 của Thủ tướng Chính phủ)
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm Luật được triển khai kịp thời, đồng bộ, thống nhất và hiệu quả trên phạm vi cả nước.
II. NỘI DUNG
1. Bộ Y tế chủ trì tổ chức phổ biến Luật cho cán bộ, công chức, viên chức trong năm 2026.
"""


def test_a_head_signing_in_person_signs_the_decision_and_its_plan(tmp_path):
    """'THỦ TƯỚNG / Phạm Minh Chính' with no TM./KT. line is the decision's signature, not the
    header of the attached plan; the plan carries the decision's signer."""
    docs = _parse(tmp_path, SIGNED_IN_PERSON)
    assert [d.kind for d in docs] == ["Decision", "Plan"]
    assert [(d.signer, d.signer_role) for d in docs] == [("Phạm Minh Chính", "THỦ TƯỚNG")] * 2


@pytest.mark.parametrize(
    ("block", "signer", "role"),
    [
        # a digital stamp line before the printed block does not swallow it
        ("Ký bởi: Hoàng Văn Lãng\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Ánh",
         "Lê Văn Ánh", "PHÓ CHỦ TỊCH"),
        # "K/T", a rank before the name, a rarer surname
        ("K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nNgô Đông Hải", "Ngô Đông Hải", "PHÓ TRƯỞNG BAN"),
        ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Lê Huy Vịnh", "Lê Huy Vịnh", "THỨ TRƯỞNG"),
        ("TL. CỤC TRƯỞNG\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nMạnh Thị Tuyết Mai",
         "Mạnh Thị Tuyết Mai", "PHÓ TRƯỞNG BAN"),
    ],
)
def test_signature_blocks_of_real_documents(tmp_path, block, signer, role):
    text = SIGNED_IN_PERSON.split("Nơi nhận:")[0] + "Nơi nhận:\n- Lưu: VT.\n" + block + "\n"
    (doc,) = _parse(tmp_path, text)
    assert (doc.signer, doc.signer_role) == (signer, role)
