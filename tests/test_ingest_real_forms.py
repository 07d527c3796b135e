"""The forms real administrative documents take (issue 11): an unnumbered letter, a decision
with an attached plan and an execution clause, labelled assignment fields, a heading that names
a body and its role. The texts are written here, modelled on the forms of the real corpus."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from policykg.ingest import ingest_paths
from policykg.namespaces import ID, PKG

LETTER = """VĂN PHÒNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 9001/VPCP-KGVX
V/v tăng cường bảo vệ trẻ em trên môi trường mạng
Hà Nội, ngày 10 tháng 12 năm 2025
Kính gửi: Bộ Y tế; Bộ Giáo dục và Đào tạo; Bộ Công an.
Xét báo cáo của Bộ Y tế về công tác bảo vệ trẻ em, Phó Thủ tướng có ý kiến như sau:
Bộ Y tế chủ trì, phối hợp với Bộ Giáo dục và Đào tạo rà soát quy định về bảo vệ trẻ em trên \
môi trường mạng, báo cáo Thủ tướng Chính phủ trong quý I năm 2026.
Bộ Công an chủ động triển khai các biện pháp phòng ngừa xâm hại trẻ em trên không gian mạng.
Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, KGVX.
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Nguyễn Văn An
"""

DECISION = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 812/QĐ-UBND
Lâm Đồng, ngày 03 tháng 11 năm 2025
QUYẾT ĐỊNH
VỀ VIỆC BAN HÀNH KẾ HOẠCH PHÒNG, CHỐNG ĐUỐI NƯỚC TRẺ EM NĂM 2026
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Theo đề nghị của Giám đốc Sở Y tế.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống đuối nước trẻ em năm 2026.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Y tế; Thủ trưởng các sở, ban, \
ngành; Chủ tịch Ủy ban nhân dân các xã, phường và các tổ chức, cá nhân có liên quan chịu \
trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
KẾ HOẠCH
PHÒNG, CHỐNG ĐUỐI NƯỚC TRẺ EM NĂM 2026
(Kèm theo Quyết định số 812/QĐ-UBND ngày 03/11/2025 của Chủ tịch Ủy ban nhân dân tỉnh)
I. MỤC ĐÍCH, YÊU CẦU
Giảm số trẻ em bị tử vong do đuối nước trên địa bàn tỉnh.
II. NHIỆM VỤ CỤ THỂ
1. Xây dựng bộ tài liệu hướng dẫn kỹ năng an toàn trong môi trường nước cho trẻ em
- Cơ quan chủ trì: Sở Giáo dục và Đào tạo
- Cơ quan phối hợp: Sở Y tế, Sở Văn hóa, Thể thao và Du lịch
- Thời gian hoàn thành: Quý I/2026
- Sản phẩm: Bộ tài liệu được phát hành
2. Rà soát các điểm có nguy cơ đuối nước cao
- Cơ quan chủ trì: Ủy ban nhân dân các xã, phường
- Thời gian hoàn thành: Tháng 6/2026
III. TỔ CHỨC THỰC HIỆN
1. Sở Lao động - Thương binh và Xã hội - Cơ quan thường trực
- Theo dõi, đôn đốc việc thực hiện Kế hoạch.
- Tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh.
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> dict[str, Graph]:
    folder = tmp_path_factory.mktemp("forms")
    out = {}
    for name, text in (("letter", LETTER), ("decision", DECISION)):
        path = Path(folder) / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        out[name] = ingest_paths([path]).graph
    return out


def _obligations(graph: Graph, document: URIRef) -> list[URIRef]:
    return sorted(graph.subjects(PKG.statedIn, document))


def _with_text(graph: Graph, document: URIRef, words: str) -> URIRef:
    found = [o for o in _obligations(graph, document) if words in str(graph.value(o, PKG.text))]
    assert len(found) == 1, (words, found)
    return found[0]


def _slugs(graph: Graph, document: URIRef, words: str, prop=PKG.owner) -> set[str]:
    """The last IRI segment of each agency `prop` names on the one obligation holding words."""
    node = _with_text(graph, document, words)
    return {str(a).rsplit("/", 1)[-1] for a in graph.objects(node, prop)}


def _owner_labels(graph: Graph, obligation: URIRef, prop=PKG.owner) -> set[str]:
    return {
        str(graph.value(a, PKG.ownerPhrase) or a).rsplit("/", 1)[-1]
        for a in graph.objects(obligation, prop)
    }


def test_an_unnumbered_letter_is_a_document_with_owned_dated_obligations(ingested):
    graph = ingested["letter"]
    letter = ID["doc/9001-vpcp-kgvx"]
    assert (letter, PKG.documentNumber, Literal("9001/VPCP-KGVX")) in graph
    review = _with_text(graph, letter, "rà soát quy định")
    assert set(graph.objects(review, PKG.owner)) == {ID["agency/vn/bo-y-te"]}
    assert ID["agency/vn/bo-giao-duc-va-dao-tao"] in set(graph.objects(review, PKG.coordinator))
    assert ID["agency/vn/thu-tuong-chinh-phu"] in set(graph.objects(review, PKG.reportsTo))
    assert str(graph.value(review, PKG.deadline)) == "2026-03-31"
    police = _with_text(graph, letter, "phòng ngừa xâm hại")
    assert set(graph.objects(police, PKG.owner)) == {ID["agency/vn/bo-cong-an"]}


def test_a_letters_closing_formula_is_not_an_obligation(ingested):
    graph = ingested["letter"]
    texts = [str(graph.value(o, PKG.text)) for o in _obligations(graph, ID["doc/9001-vpcp-kgvx"])]
    assert len(texts) == 2
    assert not any("thông báo để" in t for t in texts)


def test_an_attached_plan_carries_its_decisions_number_date_and_issuer(ingested):
    graph = ingested["decision"]
    decision = ID["doc/lam-dong/812-qd-ubnd"]
    plan = URIRef(f"{decision}/kh")
    assert (decision, None, PKG.Decision) in graph or (decision, None, None) in graph
    assert (plan, PKG.issuedWith, decision) in graph
    assert str(graph.value(plan, PKG.documentNumber)) == "812/QĐ-UBND"
    assert str(graph.value(plan, PKG.issued)) == "2025-11-03"
    assert graph.value(plan, PKG.issuedBy) == graph.value(decision, PKG.issuedBy)
    assert graph.value(plan, PKG.issuedBy) is not None
    assert (plan, PKG.implements, decision) not in graph  # issued with it, not carrying it out


def test_the_execution_clause_is_an_obligation_of_the_bodies_whose_heads_it_names(ingested):
    graph = ingested["decision"]
    decision = ID["doc/lam-dong/812-qd-ubnd"]
    clause = _with_text(graph, decision, "chịu trách nhiệm thi hành")
    owners = {str(a) for a in graph.objects(clause, PKG.owner)}
    assert str(ID["agency/lam-dong/so-y-te"]) in owners  # "Giám đốc Sở Y tế"
    assert len(owners) >= 4  # Văn phòng, Sở Y tế, các sở ban ngành, UBND các xã, phường
    assert str(graph.value(clause, PKG.modality)) == str(PKG.Assigned)


def test_labelled_fields_give_owner_partners_deadline_and_product(ingested):
    graph = ingested["decision"]
    plan = URIRef(f"{ID['doc/lam-dong/812-qd-ubnd']}/kh")
    task = _with_text(graph, plan, "bộ tài liệu hướng dẫn")
    assert set(graph.objects(task, PKG.owner)) == {ID["agency/lam-dong/so-giao-duc-va-dao-tao"]}
    assert {ID["agency/lam-dong/so-y-te"]} <= set(graph.objects(task, PKG.coordinator))
    assert len(set(graph.objects(task, PKG.coordinator))) == 2
    assert str(graph.value(task, PKG.deadline)) == "2026-03-31"
    assert "tài liệu được phát hành" in str(graph.value(task, PKG.product))
    survey = _with_text(graph, plan, "điểm có nguy cơ")
    assert str(graph.value(survey, PKG.deadline)) == "2026-06"
    # the label lines themselves are fields of their task, not obligations of their own
    texts = [str(graph.value(o, PKG.text)) for o in _obligations(graph, plan)]
    assert not any(t.startswith(("Cơ quan chủ trì", "Thời gian")) for t in texts)


def test_a_heading_naming_a_body_and_its_role_owns_the_items_under_it(ingested):
    graph = ingested["decision"]
    plan = URIRef(f"{ID['doc/lam-dong/812-qd-ubnd']}/kh")
    for words in ("Theo dõi, đôn đốc", "Tổng hợp kết quả"):
        item = _with_text(graph, plan, words)
        owners = set(graph.objects(item, PKG.owner))
        assert owners == {ID["agency/lam-dong/so-lao-dong-thuong-binh-va-xa-hoi"]}, words


TAX_LETTER = """BỘ TÀI CHÍNH
CỤC THUẾ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 7001/CT-CS
V/v chính sách thuế thu nhập doanh nghiệp
Hà Nội, ngày 02 tháng 12 năm 2025
Kính gửi: Công ty TNHH Dệt may Hòa Bình.
Cục Thuế nhận được công văn số 12/2025/CV ngày 10/11/2025 của Công ty về chính sách thuế.
Căn cứ quy định tại Điều 9 Luật Thuế thu nhập doanh nghiệp.
Đề nghị Công ty căn cứ tình hình thực tế và quy định nêu trên để thực hiện kê khai đúng quy định.
Đề nghị Thuế tỉnh Lâm Đồng căn cứ hồ sơ thực tế để hướng dẫn Công ty thực hiện.
Cục Thuế trả lời để Công ty được biết./.
Nơi nhận:
- Như trên;
- Lưu: VT, CS.
TL. CỤC TRƯỞNG
KT. TRƯỞNG BAN CHÍNH SÁCH
PHÓ TRƯỞNG BAN
Lê Văn Cường
"""


def test_a_letter_asks_its_addressee_named_by_role_and_a_tax_office(tmp_path):
    """'Đề nghị Công ty …' in a reply to a company is a request to the company the letter is
    addressed to; 'Thuế tỉnh Lâm Đồng' (the tax office of 2025) is a body; the closing formula
    is not a duty."""
    path = tmp_path / "tax.txt"
    path.write_text(TAX_LETTER, encoding="utf-8")
    graph = ingest_paths([path]).graph
    letter = ID["doc/7001-ct-cs"]
    assert (letter, PKG.documentNumber, Literal("7001/CT-CS")) in graph
    declare = _with_text(graph, letter, "kê khai đúng quy định")
    owners = list(graph.objects(declare, PKG.owner))
    labels = {str(label) for o in owners for label in graph.objects(o, RDFS.label)}
    assert labels == {"Công ty TNHH Dệt may Hòa Bình"}
    assert graph.value(declare, PKG.modality) == PKG.Requested
    office = _with_text(graph, letter, "hồ sơ thực tế")
    labels = {
        str(label)
        for o in graph.objects(office, PKG.owner)
        for label in graph.objects(o, RDFS.label)
    }
    assert labels == {"Thuế tỉnh Lâm Đồng"}
    texts = [str(graph.value(o, PKG.text)) for o in _obligations(graph, letter)]
    assert len(texts) == 2


PLAN = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 640/KH-UBND
Lâm Đồng, ngày 12 tháng 11 năm 2025
KẾ HOẠCH
Bảo đảm an toàn cho trẻ em trong mùa mưa lũ năm 2025
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm an toàn tính mạng cho trẻ em trước, trong và sau mưa lũ.
II. ĐÁNH GIÁ CHUNG
Để bảo vệ trẻ em trong mùa mưa lũ, các sở, ban, ngành cần tập trung thực hiện tốt các nhiệm vụ sau:
1. Rà soát các điểm trường có nguy cơ sạt lở.
2. Chuẩn bị phương án sơ tán học sinh khi có mưa lũ.
III. NỘI DUNG
1. Sở Y tế - Cơ quan thường trực
- Thường xuyên theo dõi tình hình dịch bệnh sau lũ tại các địa phương.
- Tổng hợp kết quả thực hiện của các sở, ngành và địa phương, báo cáo Ủy ban nhân dân tỉnh \
trước ngày 15/12/2025.
Trong quá trình thực hiện nếu có khó khăn, vướng mắc đề nghị Sở Tài chính phản ánh về \
Sở Y tế để tổng hợp.
2. Xây dựng tài liệu hướng dẫn phòng, chống đuối nước cho trẻ em.
3. Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường
Căn cứ chức năng, nhiệm vụ, chủ động lồng ghép nội dung phòng, chống đuối nước trong kế hoạch năm.
IV. TỔ CHỨC THỰC HIỆN
1. Trách nhiệm của Sở Giáo dục và Đào tạo
a) Tổ chức dạy bơi an toàn cho học sinh tiểu học.
b) Hằng năm, tổng kết công tác phòng, chống đuối nước.
PHỤ LỤC
STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
1 | Xây dựng tài liệu hướng dẫn phòng, chống đuối nước cho trẻ em. | Sở Giáo dục và Đào tạo \
| Sở Y tế | Quí IV-2025 |
Trên đây là Kế hoạch bảo đảm an toàn cho trẻ em trong mùa mưa lũ năm 2025. Đề nghị các cơ \
quan, đơn vị nghiêm túc triển khai thực hiện. Định kỳ hằng năm báo cáo kết quả thực hiện về Sở \
Y tế để tổng hợp.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Hùng
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> tuple[Graph, URIRef]:
    path = Path(tmp_path_factory.mktemp("plan")) / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return ingest_paths([path]).graph, ID["doc/lam-dong/640-kh-ubnd"]


def _owners(graph: Graph, obligation: URIRef) -> set[str]:
    return {str(a).rsplit("/", 1)[-1] for a in graph.objects(obligation, PKG.owner)}


def test_a_lead_in_makes_duties_of_the_items_under_it(plan):
    """'… các sở, ban, ngành cần tập trung thực hiện tốt các nhiệm vụ sau:' in a section that is
    not a task section: its items are duties of its subject."""
    graph, doc = plan
    for words in ("Rà soát các điểm trường", "Chuẩn bị phương án sơ tán"):
        assert _owners(graph, _with_text(graph, doc, words)) == {"cac-so-ban-nganh-tinh"}


def test_a_standing_duty_and_a_paragraph_after_bullets(plan):
    graph, doc = plan
    watch = _with_text(graph, doc, "theo dõi tình hình dịch bệnh")
    assert str(graph.value(watch, PKG.recurrence)).endswith("/CONT")
    assert _owners(graph, watch) == {"so-y-te"}
    # the paragraph after the bullets is not the last bullet's, and it asks Sở Tài chính
    report = _with_text(graph, doc, "Tổng hợp kết quả thực hiện của các sở")
    assert "Trong quá trình" not in str(graph.value(report, PKG.text))
    ask = _with_text(graph, doc, "vướng mắc đề nghị Sở Tài chính")
    assert _owners(graph, ask) == {"so-tai-chinh"}
    assert graph.value(ask, PKG.modality) == PKG.Requested


def test_bodies_on_a_line_of_their_own_own_the_lines_below(plan):
    """'3. Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường' then the duty on the next
    line: the bodies named on the item's first line own it."""
    graph, doc = plan
    duty = _with_text(graph, doc, "chủ động lồng ghép")
    assert len(list(graph.objects(duty, PKG.owner))) == 2


def test_a_body_task_takes_its_table_rows_lead_and_a_quarter_spelled_qui(plan):
    graph, doc = plan
    tasks = [
        o
        for o in _obligations(graph, doc)
        if "tài liệu hướng dẫn phòng, chống đuối nước" in str(graph.value(o, PKG.text))
    ]
    assert len(tasks) == 2  # the body's item III.2 and the appendix row
    for task in tasks:
        assert _owners(graph, task) == {"so-giao-duc-va-dao-tao"}
    row = [t for t in tasks if str(graph.value(t, PKG.sectionPath)).startswith("PL")]
    assert [str(graph.value(t, PKG.deadline)) for t in row] == ["2025-12-31"]


def test_a_duty_heading_owns_its_items_and_an_annual_opening(plan):
    graph, doc = plan
    swim = _with_text(graph, doc, "dạy bơi an toàn")
    assert _owners(graph, swim) == {"so-giao-duc-va-dao-tao"}
    review = _with_text(graph, doc, "tổng kết công tác")
    assert str(graph.value(review, PKG.recurrence)).endswith("/ANNUAL")


def test_the_closing_paragraph_asks_and_its_next_sentence_goes_on(plan):
    graph, doc = plan
    ask = _with_text(graph, doc, "nghiêm túc triển khai thực hiện")
    follow = _with_text(graph, doc, "Định kỳ hằng năm báo cáo")
    assert _owners(graph, ask) == _owners(graph, follow) != set()
    assert str(graph.value(follow, PKG.recurrence)).endswith("/ANNUAL")
    assert ID["agency/lam-dong/so-y-te"] in set(graph.objects(follow, PKG.reportsTo))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-2030", ("2030", None, None)),
        ("Giai đoạn 2026 - 2030", ("2030", None, None)),
        ("Tháng 11 - 12/2025", ("2025-12", None, None)),
        ("Quý IV/2025 - Quý I/2026", ("2026-03-31", None, None)),
        ("Quí IV-2025", ("2025-12-31", None, None)),
        ("năm 2025 và các năm tiếp theo", (None, None, None)),
        ("12/2025", ("2025-12", None, None)),
        ("Thường xuyên", (None, "CONT", None)),
        ("Trước ngày 30/11/2025", ("2025-11-30", None, None)),
        # a period with a note after it; a period, then running on
        ("Giai đoạn 2026 - 2027. Thực hiện rà soát (nếu có)", ("2027", None, None)),
        ("2026 - 2027 và vận hành thường xuyên, liên tục", ("2027", "CONT", None)),
    ],
)
def test_a_time_cell_is_read_without_cue_words(value, expected):
    from policykg.ingest.fields import field_time

    assert field_time(value) == expected


NOTICE = """VĂN PHÒNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 901/TB-VPCP
Hà Nội, ngày 20 tháng 11 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH LÂM ĐỒNG
I. ĐÁNH GIÁ CHUNG
Sở Y tế đã triển khai tốt công tác chăm sóc sức khỏe trẻ em trong năm 2025.
II. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH
1. Về đề nghị Bộ Y tế hỗ trợ trang thiết bị cho các trạm y tế xã: Ủy ban nhân dân tỉnh Lâm \
Đồng rà soát nhu cầu, gửi Bộ Y tế trong tháng 12 năm 2025.
2. Về kiến nghị hoàn thiện quy định về bảo vệ trẻ em:
Các Bộ, cơ quan liên quan theo chức năng nhiệm vụ được giao nghiên cứu kiến nghị của tỉnh.
III. KINH PHÍ VÀ KHEN THƯỞNG
1. Sở Tài chính có trách nhiệm bố trí kinh phí thực hiện trong dự toán năm 2026.
2. Mỗi xã khen thưởng không quá 05 cá nhân có thành tích xuất sắc.
Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.
Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Trần Văn Sơn
"""


def test_a_notice_answers_requests_with_duties_outside_its_task_sections(tmp_path):
    """Sections that are not task sections ('VỀ KIẾN NGHỊ', 'KINH PHÍ') still assign duties
    when an item names who is to act; 'Về đề nghị Bộ Y tế …: X rà soát …' is X's duty, not the
    ministry's; what a body did ('đã triển khai') is no duty, a cap on awards no target; 'các
    Bộ, cơ quan liên quan' in a notice about a province are central bodies."""
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    graph = ingest_paths([path]).graph
    notice = ID["doc/901-tb-vpcp"]
    texts = [str(graph.value(o, PKG.text)) for o in _obligations(graph, notice)]
    assert not [t for t in texts if "đã triển khai" in t]
    answer = _with_text(graph, notice, "rà soát nhu cầu")
    assert [str(a) for a in graph.objects(answer, PKG.owner)] == [
        str(ID["agency/lam-dong/uy-ban-nhan-dan-tinh"])
    ]
    assert graph.value(answer, PKG.modality) == PKG.Assigned
    study = _with_text(graph, notice, "nghiên cứu kiến nghị")
    owners = list(graph.objects(study, PKG.owner))
    assert len(owners) == 1 and "lam-dong" not in str(owners[0])
    money = _with_text(graph, notice, "bố trí kinh phí")
    assert _owners(graph, money) == {"so-tai-chinh"}
    assert not list(graph.subjects(PKG.hasTarget, None))  # "không quá 05 cá nhân" is a cap


CHARTER = """BAN CHỈ ĐẠO
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 12/QĐ-BCĐ
Hà Nội, ngày 21 tháng 11 năm 2025
QUY CHẾ
Hoạt động của Ban Chỉ đạo về bảo vệ trẻ em
Điều 1. Trách nhiệm của Ủy viên thường trực
1. Điều hành công việc thường xuyên của Ban Chỉ đạo.
2. Chỉ đạo xây dựng chương trình công tác hằng năm.
Điều 2. Trách nhiệm của đối tượng được kiểm tra:
1. Chuẩn bị đầy đủ hồ sơ phục vụ đoàn kiểm tra.
Điều 3. Văn phòng Ban Chỉ đạo
Phó Trưởng Ban Chỉ đạo quyết định thành lập Văn phòng Ban Chỉ đạo để giúp việc Ban Chỉ đạo.
Điều 4. Các thành viên Ban Chỉ đạo có trách nhiệm tham gia đầy đủ các phiên họp.
Nơi nhận:
- Lưu: VT.
TRƯỞNG BAN
Nguyễn Văn An
"""


def test_a_charter_binds_the_offices_of_its_steering_committee(tmp_path):
    """A steering committee's charter assigns duties to its offices ('Ủy viên thường trực',
    'các thành viên Ban Chỉ đạo'), to whoever a duty heading names even when no gazetteer knows
    it ('đối tượng được kiểm tra'); an article's title ('Văn phòng Ban Chỉ đạo') is its topic,
    not the owner of the sentence under it."""
    path = tmp_path / "charter.txt"
    path.write_text(CHARTER, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("12/QĐ-BCĐ")))

    def owner_names(words):
        duty = _with_text(graph, doc, words)
        return {str(graph.value(a, RDFS.label)) for a in graph.objects(duty, PKG.owner)}

    assert owner_names("Điều hành công việc thường xuyên") == {"Ủy viên thường trực"}
    assert owner_names("Chỉ đạo xây dựng chương trình") == {"Ủy viên thường trực"}
    assert owner_names("Chuẩn bị đầy đủ hồ sơ") == {"đối tượng được kiểm tra"}
    assert owner_names("quyết định thành lập") == {"Phó Trưởng Ban Chỉ đạo"}
    assert owner_names("tham gia đầy đủ các phiên họp") == {"các thành viên Ban Chỉ đạo"}


LAW_PLAN = """THỦ TƯỚNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 2701/QĐ-TTg
Hà Nội, ngày 29 tháng 11 năm 2025
KẾ HOẠCH
Triển khai thi hành Luật Trẻ em (sửa đổi)
I. NHIỆM VỤ
1. Rà soát văn bản quy phạm pháp luật
Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương gửi kết quả \
rà soát về Bộ Y tế trước ngày 15 tháng 12 năm 2025.
II. KINH PHÍ
1. Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này có trách nhiệm lập \
dự toán, quyết toán kinh phí theo quy định của Luật Ngân sách nhà nước.
III. TỔ CHỨC THỰC HIỆN
1. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các \
tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm thực hiện Kế hoạch này.
Căn cứ nội dung Kế hoạch này, Bộ Giáo dục và Đào tạo xây dựng kế hoạch chi tiết triển khai thi \
hành Luật trong phạm vi quản lý, gửi Bộ Y tế trước ngày 31 tháng 12 năm 2025.
2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc các cơ quan, đơn vị, địa phương kịp thời \
phản ánh về Bộ Y tế để tổng hợp, báo cáo Thủ tướng Chính phủ.
Nơi nhận:
- Lưu: VT.
THỦ TƯỚNG
Phạm Minh Chính
"""


def test_a_law_plans_collectives_and_a_paragraph_of_its_own(tmp_path):
    """The Government's plans to implement a law: 'Các bộ, cơ quan ngang bộ, Ủy ban nhân dân
    các tỉnh …' is two collectives; 'Các cơ quan được phân công chủ trì …' a set defined by its
    assignment; a paragraph after a numbered item that names its own body is its own duty
    (N.p1), not the item's; '… vướng mắc các cơ quan …' names its subject without a comma."""
    path = tmp_path / "law-plan.txt"
    path.write_text(LAW_PLAN, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("2701/QĐ-TTg")))

    def owners(words):
        return set(graph.objects(_with_text(graph, doc, words), PKG.owner))

    assert len(owners("gửi kết quả rà soát")) == 2
    (assigned,) = owners("lập dự toán")
    assert str(graph.value(assigned, RDFS.label)) == (
        "Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này"
    )
    detail = _with_text(graph, doc, "xây dựng kế hoạch chi tiết")
    assert str(graph.value(detail, PKG.sectionPath)).endswith(".p1")
    assert {str(a).rsplit("/", 1)[-1] for a in graph.objects(detail, PKG.owner)} == {
        "bo-giao-duc-va-dao-tao"
    }
    whole = _with_text(graph, doc, "chịu trách nhiệm thực hiện")
    assert "Căn cứ nội dung" not in str(graph.value(whole, PKG.text))
    assert len(owners("kịp thời phản ánh")) == 1


ASKING_LETTER = """BỘ TÀI CHÍNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 18001/BTC-CT
V/v phổ biến cẩm nang nghiệp vụ
Hà Nội, ngày 19 tháng 11 năm 2025
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương
Bộ Tài chính đã xây dựng Cẩm nang nghiệp vụ dành cho công chức cấp xã.
Để phát huy hiệu quả của Cẩm nang, Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố \
quan tâm chỉ đạo:
1. Phổ biến rộng rãi nội dung Cẩm nang đến công chức cấp xã.
2. Lồng ghép nội dung Cẩm nang vào chương trình tập huấn hằng năm.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn Bình
"""


def test_a_letters_request_over_its_numbered_items(tmp_path):
    """'… Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố quan tâm chỉ đạo:' before
    the numbered items: each item is requested of the bodies asked, not of the ministry."""
    path = tmp_path / "asking.txt"
    path.write_text(ASKING_LETTER, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("18001/BTC-CT")))
    for words in ("Phổ biến rộng rãi", "Lồng ghép nội dung"):
        duty = _with_text(graph, doc, words)
        owners = list(graph.objects(duty, PKG.owner))
        assert len(owners) == 1 and "bo-tai-chinh" not in str(owners[0])
        assert graph.value(duty, PKG.modality) == PKG.Requested


def test_what_a_body_did_is_no_duty_the_request_after_it_is(tmp_path):
    """'Trên cơ sở …, Bộ Nội vụ đã xây dựng … . Để …, đề nghị bộ, ngành, địa phương khẩn trương
    tổng hợp …' in a letter's paragraph: the ministry's past work is no duty; the request in the
    next sentence is."""
    head, _, tail = ASKING_LETTER.partition("Bộ Tài chính đã xây dựng")
    body = (
        "Trên cơ sở định hướng của Ban Tổ chức Trung ương, Bộ Tài chính đã xây dựng nguyên tắc "
        "đề xuất biên chế (gửi kèm theo). Để việc đề xuất được thống nhất, đề nghị Ủy ban nhân "
        "dân các tỉnh, thành phố khẩn trương tổng hợp đề xuất biên chế, gửi Bộ Tài chính.\n"
    )
    text = head + body + tail[tail.index("Nơi nhận:") :]
    path = tmp_path / "done.txt"
    path.write_text(text, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("18001/BTC-CT")))
    duty = _with_text(graph, doc, "khẩn trương tổng hợp")
    owners = [str(o) for o in graph.objects(duty, PKG.owner)]
    assert owners and not any("bo-tai-chinh" in o for o in owners)
    assert graph.value(duty, PKG.modality) == PKG.Requested


def test_a_short_name_the_text_defines_stands_for_its_body(tmp_path):
    """'Trung tâm chính trị xã, phường, đặc khu (sau đây gọi tắt là Trung tâm)', then 'Hằng năm,
    Trung tâm tổ chức …' in an article about results: the centre owns it (an article rules, it
    does not narrate, whatever its title says)."""
    head = CHARTER.split("Điều 1.")[0]
    body = (
        "Điều 1. Phạm vi điều chỉnh\n"
        "Quy chế này quy định hoạt động của Trung tâm chính trị xã, phường, đặc khu (sau đây gọi "
        "tắt là Trung tâm).\n"
        "Điều 2. Đánh giá kết quả bồi dưỡng\n"
        "1. Hằng năm, Trung tâm tổ chức lấy ý kiến phản hồi của học viên về nội dung bồi dưỡng.\n"
    )
    path = tmp_path / "centre.txt"
    path.write_text(head + body + "Nơi nhận:\n- Lưu: VT.\nTRƯỞNG BAN\nNguyễn Văn An\n", "utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("12/QĐ-BCĐ")))
    duty = _with_text(graph, doc, "lấy ý kiến phản hồi")
    labels = {str(graph.value(a, RDFS.label)) for a in graph.objects(duty, PKG.owner)}
    assert labels == {"Trung tâm chính trị xã, phường, đặc khu"}


def test_a_topic_label_then_the_body_that_acts(tmp_path):
    """'1. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp …': the topic before the colon is no
    subject; the body after it acts."""
    anchor = "chủ động lồng ghép nội dung phòng, chống đuối nước trong kế hoạch năm.\n"
    text = PLAN.replace(
        anchor,
        anchor + "4. Khen thưởng cấp tỉnh: Sở Nội vụ phối hợp với các cơ quan liên quan lựa chọn "
        "tập thể, cá nhân tiêu biểu.\n",
    )
    assert text != PLAN
    path = tmp_path / "topic.txt"
    path.write_text(text, encoding="utf-8")
    graph = ingest_paths([path]).graph
    duty = _with_text(graph, ID["doc/lam-dong/640-kh-ubnd"], "lựa chọn tập thể")
    assert _owners(graph, duty) == {"so-noi-vu"}


def test_a_section_title_and_a_quota_are_no_duties(tmp_path):
    """Outside the task sections, 'IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG' (a title in capitals that
    opens with 'Số') and 'Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân' (a quota) name no
    one who is to act; 'Khen thưởng cấp tỉnh: Sở Nội vụ phối hợp …' does."""
    head = PLAN.split("I. MỤC ĐÍCH, YÊU CẦU")[0]
    body = (
        "I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm khen thưởng kịp thời, đúng người.\n"
        "II. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG\n"
        "1. Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân.\n"
        "2. Khen thưởng cấp tỉnh: Sở Nội vụ phối hợp với các cơ quan liên quan lựa chọn tập thể, "
        "cá nhân tiêu biểu.\n"
    )
    path = tmp_path / "quota.txt"
    path.write_text(
        head + body + "Nơi nhận:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Hùng\n",
        encoding="utf-8",
    )
    graph = ingest_paths([path]).graph
    doc = ID["doc/lam-dong/640-kh-ubnd"]
    texts = {
        str(graph.value(o, PKG.sectionPath)): str(graph.value(o, PKG.text))
        for o in _obligations(graph, doc)
    }
    assert set(texts) == {"II.2"}, texts


STEERING_RULES = """BAN CHỈ ĐẠO NHÀ NƯỚC VỀ BẢO VỆ TRẺ EM
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 171/QĐ-BCĐ
Hà Nội, ngày 12 tháng 11 năm 2025
QUYẾT ĐỊNH
BAN HÀNH QUY CHẾ HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO
TRƯỞNG BAN CHỈ ĐẠO
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế hoạt động của Ban Chỉ đạo.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Lưu: VT.
TRƯỞNG BAN
Nguyễn Văn Hùng
QUY CHẾ
HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO
Điều 1. Kiểm tra
1. Văn phòng Ban Chỉ đạo xây dựng kế hoạch kiểm tra hằng năm trình Trưởng Ban Chỉ đạo xem \
xét, quyết định. Căn cứ vào tình hình thực tế, các bộ thành viên Ban Chỉ đạo chủ động tổ chức \
kiểm tra việc bảo vệ trẻ em trong phạm vi quản lý. Văn phòng Ban Chỉ đạo tổng hợp kết quả \
kiểm tra, báo cáo Trưởng Ban Chỉ đạo.
2. Bộ Y tế chủ trì hướng dẫn việc chăm sóc trẻ em. Các bộ, ngành trên cơ sở nhiệm vụ được \
giao, hoàn thiện cơ sở dữ liệu về trẻ em, phối hợp với Bộ Công an thực hiện kết nối dữ liệu.
3. Sở Y tế chủ trì rà soát cơ sở chăm sóc trẻ em. Ủy ban nhân dân các xã phối hợp thực hiện \
rà soát trên địa bàn.
4. Các bộ thành viên định kỳ 6 tháng báo cáo về Ban Chỉ đạo kết quả thực hiện nhiệm vụ được giao.
"""


def test_a_report_to_the_steering_committee_is_to_the_issuer(tmp_path):
    """In a steering committee's own charter, "báo cáo về Ban Chỉ đạo" with no name after it
    is a report to that committee."""
    path = tmp_path / "steering-rules.txt"
    path.write_text(STEERING_RULES, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = [
        d
        for d in graph.subjects(PKG.documentNumber, Literal("171/QĐ-BCĐ"))
        if (d, RDF.type, PKG.Regulation) in graph
    ]
    report = _with_text(graph, doc, "định kỳ 6 tháng báo cáo")
    (recipient,) = graph.objects(report, PKG.reportsTo)
    assert "ban-chi-dao" in str(recipient)
    assert "BẢO VỆ TRẺ EM" in str(graph.value(recipient, RDFS.label)).upper()


def test_a_sentence_naming_another_body_is_a_part_of_its_own(tmp_path):
    """Inside one numbered clause, a sentence whose subject is another body ("… quyết định.
    Căn cứ …, các bộ thành viên … chủ động tổ chức kiểm tra") is that body's duty, a part of
    its own; a sentence of the same body stays in the clause (its report line with it), and a
    body that only joins in ("… phối hợp thực hiện") stays the clause's coordinator. A subject
    may be followed by "trên cơ sở …," before its verb."""
    path = tmp_path / "steering-rules.txt"
    path.write_text(STEERING_RULES, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = [
        d
        for d in graph.subjects(PKG.documentNumber, Literal("171/QĐ-BCĐ"))
        if (d, RDF.type, PKG.Regulation) in graph
    ]

    def slugs(obligation, prop=PKG.owner):
        return {str(a).rsplit("/", 1)[-1] for a in graph.objects(obligation, prop)}

    members = _with_text(graph, doc, "các bộ thành viên")
    assert str(graph.value(members, PKG.sectionPath)).endswith(".p1")
    assert "van-phong" not in " ".join(slugs(members))
    plan = _with_text(graph, doc, "xây dựng kế hoạch kiểm tra")
    assert "chủ động tổ chức" not in str(graph.value(plan, PKG.text))
    ministries = _with_text(graph, doc, "hoàn thiện cơ sở dữ liệu")
    assert slugs(ministries) and "bo-y-te" not in slugs(ministries)
    assert "bo-cong-an" in slugs(ministries, PKG.coordinator)
    review = _with_text(graph, doc, "rà soát cơ sở chăm sóc")
    assert "phối hợp thực hiện" in str(graph.value(review, PKG.text))
    assert slugs(review, PKG.coordinator)


PROCEDURES_DECISION = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 2899/QĐ-UBND
Đồng Nai, ngày 20 tháng 11 năm 2025
QUYẾT ĐỊNH
VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC TRẺ EM
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI
Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục \
hành chính;
Căn cứ Quyết định số 4300/QĐ-BYT ngày 14 tháng 11 năm 2025 của Bộ trưởng Bộ Y tế về việc công \
bố thủ tục hành chính mới ban hành lĩnh vực trẻ em;
Theo đề nghị của Giám đốc Sở Y tế.
QUYẾT ĐỊNH:
Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính lĩnh vực trẻ em.
Điều 2.
Sở Y tế có trách nhiệm tổ chức niêm yết, công khai danh mục thủ tục hành chính đã được công bố \
tại trụ sở làm việc và trên trang thông tin điện tử của cơ quan.
Văn phòng Ủy ban nhân dân tỉnh có trách nhiệm chủ trì, phối hợp Sở Y tế cập nhật nội dung thủ \
tục hành chính lên Cơ sở dữ liệu quốc gia về thủ tục hành chính.
Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Y tế, Tài chính; Chủ tịch Ủy ban nhân \
dân các xã, phường và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định \
này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Minh
"""


def test_an_articles_paragraphs_each_name_their_own_body(tmp_path):
    """A decision's article whose paragraphs each name a body ("Điều 2." over "Sở Y tế có trách
    nhiệm …" and "Văn phòng … có trách nhiệm chủ trì …") holds one duty per body; the execution
    clause printed as the paragraph after "Điều 3. Quyết định này có hiệu lực …" is a duty of the
    bodies it lists."""
    path = tmp_path / "procedures.txt"
    path.write_text(PROCEDURES_DECISION, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("2899/QĐ-UBND")))

    slugs = partial(_slugs, graph, doc)

    assert slugs("tổ chức niêm yết") == {"so-y-te"}
    assert slugs("cập nhật nội dung") == {"van-phong-uy-ban-nhan-dan-tinh"}
    assert slugs("cập nhật nội dung", PKG.coordinator) == {"so-y-te"}
    assert {"van-phong-uy-ban-nhan-dan-tinh", "so-tai-chinh"} <= slugs("chịu trách nhiệm thi hành")
    # the ministry's publication of the procedures is what the province's publication carries
    # out; the decree is its legal basis, cited
    parents = {str(graph.value(p, PKG.documentNumber)) for p in graph.objects(doc, PKG.implements)}
    assert parents == {"4300/QĐ-BYT"}


VISIT_NOTICE = """VĂN PHÒNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 701/TB-VPCP
Hà Nội, ngày 01 tháng 12 năm 2025
THÔNG BÁO
KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH ĐIỆN BIÊN
Ngày 20 tháng 11 năm 2025, Phó Thủ tướng Chính phủ đã làm việc với lãnh đạo tỉnh Điện Biên về \
công tác chăm sóc, giáo dục và bảo vệ trẻ em. Phó Thủ tướng Chính phủ kết luận như sau:
I. ĐÁNH GIÁ CHUNG
Tỉnh Điện Biên đã đạt nhiều kết quả trong công tác bảo vệ trẻ em.
II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI
1. Rà soát, xây dựng kế hoạch đầu tư trường học vùng cao giai đoạn 2026 - 2030.
2. Đẩy nhanh tiến độ các dự án nhà ở bán trú cho học sinh.
III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH
1. Về việc hỗ trợ xe đưa đón học sinh: Tỉnh căn cứ các quy định hiện hành để bố trí xe phục vụ \
học sinh, bảo đảm hiệu quả, tiết kiệm.
Trường hợp còn thiếu, Tỉnh tổng hợp nhu cầu, báo cáo Bộ Tài chính để được hướng dẫn.
2. Các Bộ, cơ quan: Tài chính, Giáo dục và Đào tạo, Tập đoàn Điện lực Việt Nam theo chức năng, \
nhiệm vụ được giao khẩn trương rà soát việc cấp điện cho các điểm trường, báo cáo Thủ tướng \
Chính phủ trước ngày 15 tháng 12 năm 2025.
Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Điện Biên và các Bộ, cơ quan liên quan \
biết, thực hiện./.
Nơi nhận:
- Lưu: VT, QHĐP.
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Đỗ Ngọc Huỳnh
"""


def test_a_visit_notice_speaks_to_the_province_it_visited(tmp_path):
    """The Government's conclusions after a working visit to one province: the tasks "in the
    time ahead" that name no body are the province's People's Committee's; "Tỉnh căn cứ …" /
    "Tỉnh tổng hợp …" is that committee too; "Các Bộ, cơ quan: Tài chính, …, Tập đoàn Điện lực
    Việt Nam" lists each body; the closing "… thông báo để … biết, thực hiện" is no duty."""
    path = tmp_path / "visit.txt"
    path.write_text(VISIT_NOTICE, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("701/TB-VPCP")))
    province = "https://w3id.org/policykg/id/agency/dien-bien/uy-ban-nhan-dan-tinh"

    def owners(words, prop=PKG.owner):
        return {str(a) for a in graph.objects(_with_text(graph, doc, words), prop)}

    assert owners("xây dựng kế hoạch đầu tư") == {province}
    assert owners("nhà ở bán trú") == {province}
    assert owners("bố trí xe phục vụ") == {province}
    assert any("bo-tai-chinh" in a for a in owners("bố trí xe phục vụ", PKG.reportsTo))
    ministries = owners("cấp điện cho các điểm trường")
    assert len(ministries) == 3 and any("tap-doan-dien-luc" in a for a in ministries)
    assert not [
        o for o in _obligations(graph, doc) if "thông báo để" in str(graph.value(o, PKG.text))
    ]
    assert not [o for o in _obligations(graph, doc) if "đã đạt" in str(graph.value(o, PKG.text))]


BARE_GREETING_LETTER = """VĂN PHÒNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 11700/VPCP-KGVX
V/v bảo đảm chỗ học cho trẻ em vùng lũ
Hà Nội, ngày 02 tháng 12 năm 2025
Kính gửi:
Chủ tịch Ủy ban nhân dân các tỉnh: Hưng Yên, Ninh Bình, Bắc Ninh, Phú Thọ, Tuyên Quang.
Xét báo cáo của Ủy ban nhân dân tỉnh Hưng Yên, Phó Thủ tướng Chính phủ có ý kiến như sau:
Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên khẩn trương rà soát chỗ học cho trẻ em vùng lũ; báo \
cáo Thủ tướng Chính phủ kết quả trước ngày 03 tháng 12 năm 2025. Ủy ban nhân dân các tỉnh: Ninh \
Bình, Bắc Ninh, Phú Thọ, Tuyên Quang đẩy nhanh việc sửa chữa trường học bị hư hỏng.
Văn phòng Chính phủ thông báo để các địa phương biết, thực hiện./.
Nơi nhận:
- Lưu: VT, KGVX.
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Phạm Mạnh Cường
"""


def test_a_bare_greeting_names_the_addressees_on_the_next_line(tmp_path):
    """'Kính gửi:' alone on its line: the next line is the addressees, no duty of its own; a
    sentence after a date ("… năm 2025. Ủy ban nhân dân các tỉnh: Ninh Bình, … đẩy nhanh …") is
    the duty of the provinces it names."""
    path = tmp_path / "bare-greeting.txt"
    path.write_text(BARE_GREETING_LETTER, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("11700/VPCP-KGVX")))
    texts = [str(graph.value(o, PKG.text)) for o in _obligations(graph, doc)]
    assert not [t for t in texts if t.startswith("Chủ tịch Ủy ban nhân dân các tỉnh")]
    repair = _with_text(graph, doc, "sửa chữa trường học")
    owners = graph.objects(repair, PKG.owner)
    provinces = {str(a).split("/agency/")[1].split("/")[0] for a in owners}
    assert provinces == {"ninh-binh", "bac-ninh", "phu-tho", "tuyen-quang"}
    review = _with_text(graph, doc, "rà soát chỗ học")
    assert "sửa chữa" not in str(graph.value(review, PKG.text))


SUPPLIES_DECISION = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 49/2025/QĐ-UBND
Gia Lai, ngày 25 tháng 11 năm 2025
QUYẾT ĐỊNH
QUY ĐỊNH DANH MỤC ĐỒ DÙNG CẤP CHO HỌC SINH NỘI TRÚ
ỦY BAN NHÂN DÂN TỈNH GIA LAI
QUYẾT ĐỊNH:
Điều 1. Phạm vi điều chỉnh
Quyết định này quy định danh mục đồ dùng cấp cho học sinh nội trú.
Điều 2. Danh mục đồ dùng
1. Danh mục đồ dùng cá nhân được cấp cho học sinh
Số TT | Tên đồ dùng | Đơn vị tính | Số lượng |
1 | Chăn cá nhân | Cái | 01 |
2
Quần áo học sinh
Bộ
02
Căn cứ khoản 1 Điều 2 của Quyết định này, Hiệu trưởng các trường chịu trách nhiệm mua và cấp đồ \
dùng cho học sinh.
Điều 3. Điều khoản thi hành
Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Giáo dục và Đào tạo chịu trách nhiệm thi hành \
Quyết định này./.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def test_table_cells_before_a_duty_are_no_bodies(tmp_path):
    """A table printed a cell per line before "…, Hiệu trưởng … chịu trách nhiệm …": neither its
    header ("Số TT | Tên đồ dùng") nor a unit cell run into the next line ("Bộ" + "Căn cứ …") is
    read as a body."""
    path = tmp_path / "supplies.txt"
    path.write_text(SUPPLIES_DECISION, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("49/2025/QĐ-UBND")))
    owners = {
        str(graph.value(a, RDFS.label))
        for o in _obligations(graph, doc)
        for a in graph.objects(o, PKG.owner)
    }
    assert owners and not [o for o in owners if "|" in o or "Căn cứ" in o]


MINISTRY_TELEGRAM = """BỘ XÂY DỰNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 97/CĐ-BXD
Hà Nội, ngày 22 tháng 11 năm 2025
CÔNG ĐIỆN
VỀ VIỆC BẢO ĐẢM AN TOÀN TRƯỜNG HỌC MÙA MƯA LŨ
BỘ XÂY DỰNG điện:
- Các Cục: Kinh tế - Quản lý đầu tư xây dựng, Kết cấu hạ tầng xây dựng;
- Ban Quản lý Dự án 85.
Triển khai chỉ đạo của Thủ tướng Chính phủ tại Công điện số 225/CĐ-TTg ngày 20/11/2025, Bộ \
Xây dựng yêu cầu các cơ quan, đơn vị:
1. Quán triệt, tổ chức thực hiện nghiêm chỉ đạo của Thủ tướng Chính phủ về an toàn trường học.
2. Cục Kết cấu hạ tầng xây dựng tham mưu việc hướng dẫn các địa phương rà soát hệ thống thoát \
nước của các trường học.
3. Cục Kinh tế - Quản lý đầu tư xây dựng
- Chỉ đạo các chủ đầu tư kiểm tra các công trình trường học đang thi công.
4. Ban Quản lý Dự án 85 chủ trì, phối hợp với Sở Xây dựng Lâm Đồng:
a) Khảo sát các điểm trường bị sạt lở.
b) Lập phương án khắc phục.
5. Giao Phó Thủ tướng Hồ Đức Phớc chỉ đạo, đôn đốc việc thực hiện Công điện này./.
Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn B
"""


def test_a_ministry_telegram_names_its_units_and_their_partners(tmp_path):
    """'…, Bộ Xây dựng yêu cầu các cơ quan, đơn vị:' asks the bodies it names though a
    noun-like 'chỉ đạo' comes first; a unit's name may hold 'xây dựng' ('Cục Kết cấu hạ tầng
    xây dựng tham mưu …', a heading line 'Cục Kinh tế - Quản lý đầu tư xây dựng'); the partners
    of 'X chủ trì, phối hợp với Y:' are each point's; 'Phó Thủ tướng' is a body."""
    path = tmp_path / "telegram.txt"
    path.write_text(MINISTRY_TELEGRAM, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("97/CĐ-BXD")))

    def labels(words, prop=PKG.owner):
        node = _with_text(graph, doc, words)
        return {
            str(graph.value(a, RDFS.label) or a).rsplit("/", 1)[-1]
            for a in graph.objects(node, prop)
        }

    assert labels("Quán triệt") == {"các cơ quan, đơn vị"}
    assert labels("thoát nước") == {"Cục Kết cấu hạ tầng xây dựng"}
    assert labels("chủ đầu tư kiểm tra") == {"Cục Kinh tế - Quản lý đầu tư xây dựng"}
    assert labels("Khảo sát các điểm trường", PKG.coordinator) == {"so-xay-dung"}
    assert labels("đôn đốc việc thực hiện") == {"pho-thu-tuong-chinh-phu"}


URGENT_TELEGRAM = """THỦ TƯỚNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 233/CĐ-TTg
Hà Nội, ngày 27 tháng 11 năm 2025
CÔNG ĐIỆN
VỀ VIỆC HỖ TRỢ SỬA CHỮA TRƯỜNG HỌC SAU MƯA LŨ
THỦ TƯỚNG CHÍNH PHỦ điện:
- Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Khánh Hòa.
1. Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Khánh Hòa chỉ đạo khẩn trương rà soát, thống kê:
(1) Số trường học bị hư hỏng nặng cần phải sửa chữa.
(2) Tổng kinh phí cần thiết để sửa chữa trường học.
Ủy ban nhân dân các tỉnh: Đắk Lắk, Khánh Hòa khẩn trương gửi Báo cáo về Văn phòng Chính phủ \
trước 17 giờ ngày 28/11/2025 để tổng hợp, báo cáo Thủ tướng Chính phủ.
2. Văn phòng Chính phủ theo dõi, đôn đốc các địa phương thực hiện Công điện này./.
Nơi nhận:
- Lưu: VT.
THỦ TƯỚNG
Phạm Minh Chính
"""


def test_a_paragraph_after_numbered_points_names_its_own_duty(tmp_path):
    """After "(1) … (2) …", a paragraph naming its own body ("Ủy ban nhân dân các tỉnh: … gửi
    Báo cáo về Văn phòng Chính phủ trước 17 giờ ngày 28/11/2025") is that body's duty with its
    own recipient and deadline, not the last point's."""
    path = tmp_path / "urgent.txt"
    path.write_text(URGENT_TELEGRAM, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("233/CĐ-TTg")))
    report = _with_text(graph, doc, "gửi Báo cáo")
    assert str(graph.value(report, PKG.sectionPath)).endswith(".p1")
    assert str(graph.value(report, PKG.deadline)) == "2025-11-28"
    recipients = {str(a).rsplit("/", 1)[-1] for a in graph.objects(report, PKG.reportsTo)}
    assert recipients == {"van-phong-chinh-phu"}
    cost = _with_text(graph, doc, "Tổng kinh phí")
    assert "gửi Báo cáo" not in str(graph.value(cost, PKG.text))


TELECOM_RULES = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 73/2025/QĐ-UBND
Bắc Ninh, ngày 01 tháng 12 năm 2025
QUYẾT ĐỊNH
BAN HÀNH QUY ĐỊNH VỀ AN TOÀN CHO TRẺ EM TẠI CÁC ĐIỂM VUI CHƠI
ỦY BAN NHÂN DÂN TỈNH BẮC NINH
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định về an toàn cho trẻ em tại các điểm vui chơi.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn C
QUY ĐỊNH
VỀ AN TOÀN CHO TRẺ EM TẠI CÁC ĐIỂM VUI CHƠI
Điều 5. Kiểm tra điểm vui chơi
1. Các điểm vui chơi cho trẻ em phải được kiểm tra an toàn trước khi đưa vào sử dụng.
Hàng năm Ủy ban nhân dân các xã, phường lồng ghép việc kiểm tra điểm vui chơi vào kế hoạch \
kiểm tra an toàn trên địa bàn.
2. Mặt trận Tổ quốc Việt Nam phối hợp giám sát việc thực hiện.
"""


def test_a_yearly_paragraph_names_its_body_without_a_comma(tmp_path):
    """'Hàng năm Ủy ban nhân dân các xã, phường lồng ghép …' under a rule: the communes' yearly
    duty, a part of its own ('lồng ghép' is a verb, no comma after the time opener)."""
    path = tmp_path / "rules.txt"
    path.write_text(TELECOM_RULES, encoding="utf-8")
    graph = ingest_paths([path]).graph
    docs = set(graph.subjects(PKG.documentNumber, Literal("73/2025/QĐ-UBND")))
    (rules,) = [d for d in docs if (d, RDF.type, PKG.Regulation) in graph]
    yearly = _with_text(graph, rules, "lồng ghép")
    owners = {str(a).rsplit("/", 1)[-1] for a in graph.objects(yearly, PKG.owner)}
    assert owners == {"uy-ban-nhan-dan-cap-xa"}
    assert str(graph.value(yearly, PKG.recurrence)).endswith("/ANNUAL")


RESOURCES_PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 640/KH-UBND
Hà Tĩnh, ngày 03 tháng 12 năm 2025
KẾ HOẠCH
BẢO ĐẢM NƯỚC SẠCH CHO TRƯỜNG HỌC NĂM 2026
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm nước sạch cho các trường học trên địa bàn tỉnh.
II. NHIỆM VỤ
1. Ủy ban nhân dân cấp xã tùy thuộc vào tình hình thực tiễn tại địa phương lựa chọn phương án \
cấp nước cho các điểm trường.
III. KINH PHÍ
1. Kinh phí thực hiện từ ngân sách nhà nước và các nguồn hợp pháp khác.
2. Trên cơ sở nhiệm vụ được giao, các cơ quan được phân công lập dự toán chi tiết theo quy \
định. Sở Tài chính có trách nhiệm tham mưu bố trí kinh phí thực hiện Kế hoạch.
"""


def test_a_responsibility_sentence_in_an_ownerless_item_is_its_own(tmp_path):
    """Under a funding heading, '… lập dự toán chi tiết theo quy định. Sở Tài chính có trách
    nhiệm tham mưu bố trí kinh phí …': the department's responsibility is a duty of its own;
    'Ủy ban nhân dân cấp xã tùy thuộc vào … lựa chọn …' names its subject."""
    path = tmp_path / "resources.txt"
    path.write_text(RESOURCES_PLAN, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("640/KH-UBND")))

    slugs = partial(_slugs, graph, doc)

    assert slugs("bố trí kinh phí") == {"so-tai-chinh"}
    assert slugs("lựa chọn phương án") == {"uy-ban-nhan-dan-cap-xa"}


MINISTRY_LETTER = """BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 6400/BVHTTDL-VP
V/v triển khai công tác gia đình năm 2026
Hà Nội, ngày 04 tháng 12 năm 2025
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương
1. Về kinh phí tổ chức Ngày Gia đình Việt Nam: Trên cơ sở ý kiến của Bộ Tài chính, Bộ đã hướng \
dẫn các địa phương xác định mức chi. Vì vậy, đề nghị Ủy ban nhân dân các tỉnh, thành phố trực \
thuộc Trung ương bố trí kinh phí theo hướng dẫn.
2. Thủ trưởng các cơ quan tham mưu, quản lý nhà nước thuộc Bộ
- Rà soát các chính sách về gia đình và trẻ em trong phạm vi quản lý. Giao Văn phòng Bộ tổng \
hợp chung về kết quả thực hiện, báo cáo Lãnh đạo Bộ.
- Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị - xã hội phát huy vai trò giám \
sát. Ủy ban Mặt trận Tổ quốc tỉnh và các tổ chức thành viên phát huy vai trò vận động nhân dân \
tham gia.
Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn D
"""


def test_a_letters_points_ask_in_later_sentences(tmp_path):
    """A top-level point that asks in a later sentence ("… . Vì vậy, đề nghị Ủy ban nhân dân
    các tỉnh … bố trí …") is the asked bodies' whole; under a heading that owns its bullets, a
    sentence assigning another body ("… . Giao Văn phòng Bộ tổng hợp …") is that body's own;
    a part is cut where it starts even when its first words occur earlier in the bullet."""
    path = tmp_path / "ministry-letter.txt"
    path.write_text(MINISTRY_LETTER, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("6400/BVHTTDL-VP")))

    slugs = partial(_slugs, graph, doc)

    assert slugs("Về kinh phí tổ chức") == {
        "uy-ban-nhan-dan-cac-tinh-thanh-pho-truc-thuoc-trung-uong"
    }
    assert slugs("Giao Văn phòng Bộ") and "van-phong" in " ".join(slugs("Giao Văn phòng Bộ"))
    assert "Giao Văn phòng" not in str(graph.value(_with_text(graph, doc, "Rà soát các"), PKG.text))
    supervise = _with_text(graph, doc, "vai trò giám sát")
    assert "vận động nhân dân" not in str(graph.value(supervise, PKG.text))


PROPOSALS_LETTER = """BAN CHỈ ĐẠO CỦA CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 175/CV-BCĐ
V/v xử lý kiến nghị của địa phương về trường học
Hà Nội, ngày 05 tháng 12 năm 2025
Kính gửi: Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ
Thực hiện Kết luận số 221-KL/TW ngày 28/11/2025 của Bộ Chính trị, Ban Bí thư, Ban Chỉ đạo yêu \
cầu các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ khẩn trương chỉ đạo thực hiện các nội \
dung sau:
1. Về sắp xếp trường học
1.1. Các Bộ, cơ quan ngang Bộ rà soát các quy định về trường học, hoàn thành trong tháng 12/2025.
2. Khẩn trương xử lý các kiến nghị của địa phương (Phụ lục kèm theo), hoàn thành trước ngày \
15/12/2025.
Nơi nhận:
- Lưu: VT.
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Nguyễn Văn E
PHỤ LỤC
TT | Tỉnh kiến nghị | Thông tin đề xuất | Bộ phụ trách tiếp nhận, xử lý |
1 | Lào Cai | Đề nghị hỗ trợ kinh phí sửa chữa trường học sau bão. | Bộ Tài chính |
2 | Cao Bằng | Đề nghị hướng dẫn tiêu chuẩn phòng học bán trú. | Bộ Giáo dục và Đào tạo |
"""


def test_a_table_of_proposals_gives_each_to_its_ministry(tmp_path):
    """A letter's appendix of the provinces' proposals ("Thông tin đề xuất | Bộ phụ trách tiếp
    nhận, xử lý"): each row the named ministry's duty; the heads asked "các đồng chí Bộ
    trưởng, Thủ trưởng cơ quan ngang Bộ" are the ministries, never the Politburo named in the
    conclusion the letter carries out."""
    path = tmp_path / "proposals.txt"
    path.write_text(PROPOSALS_LETTER, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("175/CV-BCĐ")))

    slugs = partial(_slugs, graph, doc)

    assert slugs("sửa chữa trường học sau bão") == {"bo-tai-chinh"}
    assert slugs("phòng học bán trú") == {"bo-giao-duc-va-dao-tao"}
    assert slugs("Về sắp xếp trường học") == {"cac-bo-nganh-trung-uong"}
    # the rows are the proposals the dated duty refers to: due when it is
    row = _with_text(graph, doc, "phòng học bán trú")
    assert str(graph.value(row, PKG.deadline)) == "2025-12-15"
    assert str(graph.value(_with_text(graph, doc, "rà soát các quy định"), PKG.deadline)) != (
        "2025-12-15"
    )


TAX_POINTS_LETTER = """CỤC THUẾ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 5436/CT-NVT
V/v cung cấp thông tin thuế đã nộp thay cho người lao động
Hà Nội, ngày 24 tháng 11 năm 2025
Kính gửi:
- Thuế tỉnh/thành phố;
- Chi cục Thuế doanh nghiệp lớn.
Nhằm hỗ trợ người nộp thuế trong quyết toán thuế thu nhập cá nhân năm 2025, Cục Thuế đề nghị các \
Thuế tỉnh, thành phố, Chi Cục trưởng Chi cục Thuế doanh nghiệp lớn quản lý tổ chức chi trả triển
khai thực hiện:
1. Tiếp tục tuyên truyền, hướng dẫn các tổ chức chi trả thu nhập cung cấp thông tin theo hướng dẫn.
2. Phân công cán bộ định kỳ hàng tháng tra cứu báo cáo tại chức năng (Mục 1.16
1.16 )/Báo cáo chi tiết để đôn đốc tổ chức chi trả thu nhập.
3. Nắm bắt, xử lý kịp thời các vướng mắc phát sinh, trường hợp cần thiết báo cáo Cục Thuế.
Cục Thuế thông báo để các đơn vị được biết và triển khai thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, NVT.
TL. CỤC TRƯỞNG
TRƯỞNG BAN NGHIỆP VỤ THUẾ
Nguyễn Thị Thu
"""


def test_a_three_point_letter_asks_its_addressees(tmp_path):
    """A three-point letter under a lead-in hard-wrapped over two lines ("… Cục Thuế đề nghị
    các Thuế tỉnh, thành phố, … triển" / "khai thực hiện:"): the asker is never the owner; the
    bodies asked, which the lexicon cannot read, are the letter's addressees; a wrapped line
    opening with a menu path ("1.16 )/Báo cáo …") is no numbered point."""
    path = tmp_path / "tax-letter.txt"
    path.write_text(TAX_POINTS_LETTER, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("5436/CT-NVT")))
    points = sorted(str(graph.value(o, PKG.sectionPath)) for o in _obligations(graph, doc))
    assert points == ["1", "2", "3"]
    for words in ("Tiếp tục tuyên truyền", "Phân công cán bộ", "Nắm bắt, xử lý"):
        node = _with_text(graph, doc, words)
        owners = {str(a).rsplit("/", 1)[-1] for a in graph.objects(node, PKG.owner)}
        assert owners and "cuc-thue" not in owners, (words, owners)
        assert str(graph.value(node, PKG.modality)).endswith("Requested")


PARTY_GUIDANCE = """BAN TỔ CHỨC TRUNG ƯƠNG
-------
ĐẢNG CỘNG SẢN VIỆT NAM
---------------
Số: 46-HD/BTCTW
Hà Nội, ngày 05 tháng 12 năm 2025
HƯỚNG DẪN
VỀ CÔNG TÁC CÁN BỘ PHỤ TRÁCH TRẺ EM
1. Trách nhiệm thực hiện
Lưu ý: Căn cứ Quy định 377 của Bộ Chính trị, các Kết luận số 187-KL/TW của Bộ Chính trị, Ban Bí \
thư và các quy định liên quan; đồng thời, trên cơ sở nguồn nhân sự quy hoạch, Ban Tổ chức Trung \
ương có trách nhiệm hướng dẫn việc bố trí cán bộ phụ trách công tác trẻ em.
2. Khi nhận được đề nghị hỗ trợ của chủ rừng, Ủy ban nhân dân tỉnh có trách nhiệm chỉ đạo kiểm \
tra các điểm vui chơi của trẻ em.
"""


def test_bodies_named_as_authors_are_no_owners(tmp_path):
    """'… của Bộ Chính trị, Ban Bí thư và các quy định liên quan; …, Ban Tổ chức Trung ương có
    trách nhiệm …': the bodies who issued what is cited are no owners (nor those joined on to
    them); 'của chủ rừng, Ủy ban nhân dân tỉnh có trách nhiệm' names its owner all the same."""
    path = tmp_path / "party-guidance.txt"
    path.write_text(PARTY_GUIDANCE, encoding="utf-8")
    graph = ingest_paths([path]).graph
    (doc,) = set(graph.subjects(PKG.documentNumber, Literal("46-HD/BTCTW")))

    slugs = partial(_slugs, graph, doc)

    owners = slugs("bố trí cán bộ phụ trách")
    assert owners and not {"ban-bi-thu", "bo-chinh-tri"} & owners
    assert slugs("điểm vui chơi") == {"uy-ban-nhan-dan-tinh"}
