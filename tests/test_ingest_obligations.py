"""Obligation semantics on the five seeds and on synthetic plans: owners (subjects, headings,
'Giao', 'Đề nghị', inherited), coordinators, recipients of reports, timing, modality, implied
owners by named rule, national programmes."""

from functools import cache
from pathlib import Path

import pytest
from rdflib import Literal

from policykg.gazetteer import Gazetteer
from policykg.ingest.obligations import (
    IMPLIED_RULES,
    RULE_GROUP_HEADING_ACTOR,
    RULE_ISSUER_OF_PARTY_PLAN,
    extract_obligations,
    new_agencies,
    parse_deadline,
    parse_recurrence,
)
from policykg.ingest.pipeline import parse_file
from policykg.namespaces import ID, PKG, agency_iri
from policykg.resources import sources_dir

SOURCES = Path(sources_dir())


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


@cache
def _documents(name: str):
    return tuple(parse_file(next(SOURCES.glob(f"{name}_*.txt"))))


def obligations(name: str, gazetteer, index: int = 0) -> dict:
    document = _documents(name)[index]
    return {o.item.path: o for o in extract_obligations(document, gazetteer)}


def iris(refs) -> list[str]:
    return [str(r.iri).rsplit("/id/agency/", 1)[1] for r in refs]


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clause, expected",
    [
        ("trình Ủy ban nhân dân tỉnh trong tháng 11/2024.", ("2024-11", None, None)),
        ("hoàn thành trước ngày 30/11/2024", ("2024-11-30", None, None)),
        ("báo cáo trước ngày 15 tháng 6 năm 2025", ("2025-06-15", None, None)),
        ("triển khai xong trong năm 2025", ("2025", None, None)),
        ("trong quý II/2025", ("2025-06-30", None, None)),
        ("trước tháng 01/2025", ("2024-12", None, None)),
        (
            "báo cáo kết quả định kỳ hằng năm (trước ngày 10 tháng \n\n12) về Sở Y tế",
            (None, "ANNUAL", "--12-10"),
        ),
        ("báo cáo định kỳ 6 tháng và hằng năm", (None, "SEMIANNUAL", None)),
        ("báo cáo hàng quý về Sở Y tế", (None, "QUARTERLY", None)),
        ("báo cáo hằng tháng", (None, "MONTHLY", None)),
        ("Thời gian thực hiện: Quý III/2024", ("2024-09-30", None, None)),
        ("báo cáo trước ngày 15/12 hằng năm", (None, "ANNUAL", "--12-15")),
        ("Hằng năm, bố trí ngân sách các cấp", (None, "ANNUAL", None)),
        # an hour of the day before the date (a telegram's urgent report)
        ("gửi Báo cáo trước 17 giờ ngày 27/11/2025 để tổng hợp", ("2025-11-27", None, None)),
        ("trước 10 giờ 30 phút, ngày 05/12/2025", ("2025-12-05", None, None)),
        ("Hàng năm Ủy ban nhân dân các xã lồng ghép việc chỉnh trang", (None, "ANNUAL", None)),
    ],
)
def test_deadlines_and_recurrence(clause, expected):
    assert parse_deadline(clause) == expected


@pytest.mark.parametrize(
    "clause",
    [
        "giảm tử vong trẻ em dưới 5 tuổi đến năm 2030",  # a target horizon
        "giai đoạn 2021 - 2025, định hướng đến năm 2030",
        "Quyết định số 1183/QĐ-TTg ngày 14 tháng 10 năm 2024 của Thủ tướng Chính phủ",
        "đưa vào kế hoạch phát triển kinh tế - xã hội hằng năm của tỉnh",  # a noun modifier
        "trong chương trình hoạt động hàng năm",
        "định kỳ báo cáo Ban Thường vụ Tỉnh ủy theo quy định",  # periodic, no frequency stated
        "trước ngày 31/02/2025",  # no such day
    ],
)
def test_what_is_not_a_deadline_nor_a_recurrence(clause):
    assert parse_deadline(clause) == (None, None, None)


def test_recurrence_prefers_the_shortest_period():
    assert parse_recurrence("định kỳ 6 tháng, hằng năm báo cáo") == "SEMIANNUAL"


# --- the seeds -------------------------------------------------------------------------------


def test_subjects_and_giao_in_a_party_plan(gazetteer):
    found = obligations("000", gazetteer)
    assert iris(found["III.2"].owners) == ["lam-dong/dang-doan-hoi-dong-nhan-dan-tinh"]
    assert iris(found["III.3"].owners) == ["lam-dong/ban-can-su-dang-uy-ban-nhan-dan-tinh"]
    iii4 = found["III.4"]
    assert iris(iii4.owners) == ["lam-dong/ban-tuyen-giao-tinh-uy"]
    assert iii4.owners[0].phrase == "Ban Tuyên giáo Tỉnh ủy"
    assert iris(iii4.reports_to) == ["lam-dong/ban-thuong-vu-tinh-uy"]  # tham mưu … báo cáo
    assert iii4.modality == "Assigned"
    # "định kỳ tổ chức sơ kết, tổng kết và báo cáo kết quả" names no recipient
    assert found["III.1"].reports_to == [] and len(found["III.1"].owners) >= 4
    assert "III" not in found  # a section title is not an obligation


def test_every_owner_span_points_at_its_phrase(gazetteer):
    for name in ("000", "002", "003"):
        document = _documents(name)[0]
        for obligation in extract_obligations(document, gazetteer):
            for ref in obligation.owners + obligation.coordinators + obligation.reports_to:
                assert document.text[ref.span.start : ref.span.end] == ref.phrase


def test_heading_agencies_own_the_lettered_items(gazetteer):
    found = obligations("002", gazetteer)
    for path in ("III.1", "III.1.a", "III.1.đ", "III.1.h"):
        assert iris(found[path].owners) == ["can-tho/so-y-te"], path
    assert iris(found["III.3.c"].owners) == ["can-tho/so-van-hoa-the-thao-va-du-lich"]
    e = found["III.1.e"]
    assert [r.phrase.split()[0] for r in e.coordinators] == ["các", "Ủy"]
    assert all(r.resolved for r in e.coordinators)
    assert found["III.3.a"].coordinators == []  # "Phối hợp, rà soát": no partner named
    # a People's Committee programme: no party-plan addressee, no owner stated, none implied
    assert found["II.1.a"].owners == [] and found["II.1.a"].implied_owners == []


def test_the_reporting_clause(gazetteer):
    reporting = obligations("002", gazetteer)["III.8"]
    assert reporting.reporting
    assert len(reporting.owners) == 2
    # "về Sở Y tế để tổng hợp, báo cáo Ủy ban nhân dân thành phố": the onward report is Sở Y tế's
    assert iris(reporting.reports_to) == ["can-tho/so-y-te"]
    assert (reporting.recurrence, reporting.due_day, reporting.deadline) == (
        "ANNUAL",
        "--12-10",
        None,
    )
    assert not obligations("002", gazetteer)["III.1.a"].reporting


def test_de_nghi_is_requested(gazetteer):
    front = obligations("002", gazetteer)["III.6"]
    assert front.modality == "Requested"
    assert iris(front.owners)[0] == "can-tho/uy-ban-mat-tran-to-quoc-viet-nam-thanh-pho"
    assert all(r.phrase != "các tổ chức thành viên" for r in front.owners)
    assert len(front.coordinators) == 2


def test_children_of_a_directing_subject_inherit_it(gazetteer):
    found = obligations("001", gazetteer)
    owner = ["thai-nguyen/ban-can-su-dang-uy-ban-nhan-dan-tinh"]
    assert iris(found["III.2"].owners) == owner
    assert iris(found["III.2.1"].owners) == owner  # "- Giao nhiệm vụ cho các sở …"
    assert iris(found["III.2.2"].owners) == owner
    assert found["III.2.2"].recurrence is None  # "kế hoạch … hằng năm của tỉnh"
    assert iris(found["III.6"].reports_to) == ["thai-nguyen/ban-thuong-vu-tinh-uy"]
    assert found["III.6"].recurrence is None


def test_ocr_plan_is_as_complete_as_the_clean_ones(gazetteer):
    found = obligations("003", gazetteer)
    assert iris(found["III.2"].owners) == ["kien-giang/dang-doan-hoi-dong-nhan-dan-tinh"]
    assert found["III.2"].owners[0].phrase == "Pang doan Hoi dong nhan dén tinh"
    assert iris(found["III.3"].owners) == ["kien-giang/ban-can-su-dang-uy-ban-nhan-dan-tinh"]
    six = found["III.6"]
    assert iris(six.owners) == ["kien-giang/ban-tuyen-giao-tinh-uy"]
    assert sorted(iris(six.coordinators)) == [
        "kien-giang/ban-can-su-dang-uy-ban-nhan-dan-tinh",
        "kien-giang/van-phong-tinh-uy",
    ]
    assert iris(six.reports_to) == ["kien-giang/ban-thuong-vu-tinh-uy"]
    for path in ("III.1", "III.2", "III.3", "III.4", "III.5", "III.6"):
        assert found[path].owners and all(r.resolved for r in found[path].owners), path


def test_the_letter_assigns_with_a_deadline(gazetteer):
    (letter,) = obligations("004", gazetteer, 0).values()
    assert iris(letter.owners) == ["soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"]
    assert letter.deadline == "2024-11" and letter.modality == "Assigned"
    assert len(letter.coordinators) == 2


def test_implied_owner_only_by_a_named_rule(gazetteer):
    found = obligations("000", gazetteer)
    bullet = found["II.5.1"]  # under "5. Tăng cường vai trò của Mặt trận Tổ quốc, …"
    assert bullet.owners == []
    assert {rule for _, rule in bullet.implied_owners} == {RULE_GROUP_HEADING_ACTOR}
    assert RULE_GROUP_HEADING_ACTOR in IMPLIED_RULES
    assert len(bullet.implied_owners) == 3
    assert found["II.1.2"].implied_owners == []  # "- Các cấp ủy chỉ đạo …" states its owner
    assert found["II.1.2"].owners
    # the group heading names no actor: the party plan's addressees (rule issuer-of-party-plan)
    (addressee, rule) = found["II.4.1"].implied_owners[0]
    assert rule == RULE_ISSUER_OF_PARTY_PLAN and rule in IMPLIED_RULES
    assert iris([addressee]) == ["lam-dong/cac-cap-uy-to-chuc-dang-tinh"]
    assert len(found["II.4.1"].implied_owners) == 1


def test_national_programmes_in_an_obligation(gazetteer):
    found = obligations("000", gazetteer)
    programmes = {str(p).rsplit("/", 1)[1] for p in found["II.3.2"].programmes}
    assert {
        "hanh-dong-quoc-gia-vi-tre-em-2021-2030",
        "chien-luoc-quoc-gia-ve-dinh-duong-2021-2030",
        "giam-tu-vong-tre-em-duoi-5-tuoi-2030",
    } <= programmes
    # "Chương trình hành động vì trẻ em tỉnh Thái Nguyên" is the province's own programme
    assert obligations("001", gazetteer)["III.2.2"].programmes == []
    ocr = {str(p).rsplit("/", 1)[1] for p in obligations("003", gazetteer)["II.2.1"].programmes}
    assert "phong-chong-tai-nan-thuong-tich-tre-em-2021-2030" in ocr


# --- a province not in the seeds -------------------------------------------------------------

BAC_NINH_PLAN = """TỈNH ỦY BẮC NINH
Số 45-KH/TU
Bắc Ninh, ngày 12 tháng 5 năm 2024

KẾ HOẠCH
Thực hiện Chỉ thị số 28-CT/TW, ngày 25/12/2023 của Bộ Chính trị

Ban Thường vụ Tỉnh ủy ban hành Kế hoạch thực hiện như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức về công tác trẻ em.

II. TỔ CHỨC THỰC HIỆN
1. Giao Sở Y tế chủ trì, phối hợp với Sở Tư pháp và Sở Giáo dục và Đào tạo xây
dựng kế hoạch cụ thể, hoàn thành trước ngày 30/11/2024.
2. Trung tâm Kiểm soát bệnh tật tỉnh chủ trì hướng dẫn các cơ sở y tế; định kỳ 6
tháng báo cáo kết quả về Sở Y tế.
3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã
hội tỉnh tăng cường giám sát.
4. Ủy ban nhân dân tỉnh giao Sở Lao động - Thương binh và Xã hội chủ trì tổng hợp, báo cáo
Ban Thường vụ Tỉnh ủy trước ngày 15/12 hằng năm.
5. Ban Thường vụ Tỉnh ủy đề nghị Hội Liên hiệp Phụ nữ tỉnh phối hợp với Tỉnh đoàn tuyên truyền.
6. Văn phòng Tỉnh ủy phối hợp chặt chẽ với Ban Tuyên giáo Tỉnh ủy theo dõi; phối hợp giữa gia
đình, nhà trường và xã hội.
7. Căn cứ chức năng, nhiệm vụ được giao, các sở, ban, ngành xây dựng kế hoạch thực hiện.
8. Căn cứ Kế hoạch này, tăng cường kiểm tra, giám sát việc thực hiện ở cơ sở.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Nguyễn Văn A
"""


@pytest.fixture(scope="module")
def bac_ninh(tmp_path_factory, gazetteer):
    path = tmp_path_factory.mktemp("bn") / "bac-ninh.txt"
    path.write_text(BAC_NINH_PLAN, encoding="utf-8")
    (document,) = parse_file(path)
    assert document.province == "Bắc Ninh"
    return {o.item.path: o for o in extract_obligations(document, gazetteer)}


def test_an_unseen_province_gets_its_own_bodies(bac_ninh):
    first = bac_ninh["II.1"]
    assert iris(first.owners) == ["bac-ninh/so-y-te"]
    assert iris(first.coordinators) == ["bac-ninh/so-tu-phap", "bac-ninh/so-giao-duc-va-dao-tao"]
    assert first.deadline == "2024-11-30" and first.modality == "Assigned"
    minted = first.new_agencies  # the province's bodies are reference bodies: none minted
    assert minted is None or (ID["agency/bac-ninh/so-tu-phap"], PKG.unresolved, None) not in minted


def test_an_unknown_body_is_kept_unresolved(bac_ninh):
    second = bac_ninh["II.2"]
    (owner,) = second.owners
    assert not owner.resolved
    assert owner.iri == agency_iri("Trung tâm Kiểm soát bệnh tật tỉnh", "Bắc Ninh")
    assert (owner.iri, PKG.unresolved, Literal(True)) in new_agencies(list(bac_ninh.values()))
    assert iris(second.reports_to) == ["bac-ninh/so-y-te"]
    assert second.recurrence == "SEMIANNUAL"


def test_a_request_in_an_unseen_province(bac_ninh):
    third = bac_ninh["II.3"]
    assert third.modality == "Requested"
    assert iris(third.owners)[0] == "bac-ninh/uy-ban-mat-tran-to-quoc-viet-nam-tinh"
    assert len(third.owners) == 2


def test_the_agency_named_after_giao_or_de_nghi_carries_the_duty(bac_ninh):
    fourth = bac_ninh["II.4"]
    assert iris(fourth.owners) == ["bac-ninh/so-lao-dong-thuong-binh-va-xa-hoi"]
    assert iris(fourth.reports_to) == ["bac-ninh/ban-thuong-vu-tinh-uy"]
    assert (fourth.recurrence, fourth.due_day, fourth.modality) == ("ANNUAL", "--12-15", "Assigned")
    fifth = bac_ninh["II.5"]
    assert fifth.modality == "Requested"
    assert [r.phrase for r in fifth.owners] == ["Hội Liên hiệp Phụ nữ tỉnh"]
    assert [r.phrase for r in fifth.coordinators] == ["Tỉnh đoàn"]
    sixth = bac_ninh["II.6"]  # "phối hợp chặt chẽ với" names a partner; "giữa gia đình …" none
    assert iris(sixth.coordinators) == ["bac-ninh/ban-tuyen-giao-tinh-uy"]


def test_a_subject_after_an_adverbial_opener(bac_ninh):
    assert [r.phrase for r in bac_ninh["II.7"].owners] == ["các sở, ban, ngành"]
    assert bac_ninh["II.8"].owners == []  # "Căn cứ …, tăng cường kiểm tra": no subject


BINH_DUONG_PLAN = """ỦY BAN NHÂN DÂN
TỈNH BÌNH DƯƠNG

Số: 1234/KH-UBND
Bình Dương, ngày 05 tháng 6 năm 2024

KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị

Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị, Ủy ban nhân dân tỉnh ban hành
Kế hoạch thực hiện như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của các cấp, các ngành về công tác trẻ em.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Tăng cường công tác tuyên truyền
- Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Lao động - Thương binh và Xã hội, Báo
Bình Dương, Đài Phát thanh và Truyền hình Bình Dương tuyên truyền về quyền trẻ em.
2. Phát triển giáo dục mầm non
a) Sở Giáo dục và Đào tạo: chủ trì triển khai phổ cập giáo dục mầm non cho trẻ em 5 tuổi;
hoàn thành trong năm 2025.
3. Tăng cường truyền thông về dinh dưỡng
Sở Y tế chủ trì tuyên truyền về dinh dưỡng cho trẻ em.
- Tổ chức các lớp tập huấn cho cán bộ y tế cơ sở.

III. TỔ CHỨC THỰC HIỆN
1. Sở Lao động - Thương binh và Xã hội
- Là cơ quan thường trực, chủ trì, phối hợp với các sở, ngành theo dõi việc thực hiện.
- Tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh và Bộ Lao động - Thương binh và
Xã hội trước ngày 15/12 hằng năm.
2. Sở Tài chính: tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện Kế hoạch.
3. Công an tỉnh, Bảo hiểm xã hội tỉnh phối hợp với Sở Y tế thực hiện các nhiệm vụ liên quan.
4. Chế độ báo cáo
- Các sở, ban, ngành gửi kết quả thực hiện về Sở Lao động - Thương binh và Xã hội trước ngày
30/11 hằng năm.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn B
"""


def test_a_peoples_committee_plan_of_an_unseen_province(tmp_path, gazetteer):
    path = tmp_path / "binh-duong.txt"
    path.write_text(BINH_DUONG_PLAN, encoding="utf-8")
    (document,) = parse_file(path)
    found = {o.item.path: o for o in extract_obligations(document, gazetteer)}
    press = found["II.1.1"]
    assert iris(press.owners) == ["binh-duong/so-thong-tin-va-truyen-thong"]
    assert [r.phrase for r in press.coordinators] == [
        "Sở Lao động - Thương binh và Xã hội",
        "Báo\nBình Dương",
        "Đài Phát thanh và Truyền hình Bình Dương",
    ]
    assert found["II.2.a"].deadline == "2025"
    assert iris(found["II.2.a"].owners) == ["binh-duong/so-giao-duc-va-dao-tao"]
    report = found["III.1.2"]  # a bullet under the heading "1. Sở Lao động - …"
    assert iris(report.owners) == ["binh-duong/so-lao-dong-thuong-binh-va-xa-hoi"]
    assert report.reporting and (report.recurrence, report.due_day) == ("ANNUAL", "--12-15")
    assert iris(report.reports_to) == [
        "binh-duong/uy-ban-nhan-dan-tinh",
        "vn/bo-lao-dong-thuong-binh-va-xa-hoi",
    ]
    assert not found["III.1.1"].reporting
    assert iris(found["III.2"].owners) == ["binh-duong/so-tai-chinh"]
    assert found["III.2"].reports_to == []  # "tham mưu … bố trí kinh phí": advice, no report
    assert iris(found["III.3"].owners) == [
        "binh-duong/cong-an-tinh",
        "binh-duong/bao-hiem-xa-hoi-tinh",
    ]
    assert iris(found["III.3"].coordinators) == ["binh-duong/so-y-te"]
    sent = found["III.4.1"]  # under "4. Chế độ báo cáo"
    assert sent.reporting and (sent.recurrence, sent.due_day) == ("ANNUAL", "--11-30")
    assert iris(sent.reports_to) == ["binh-duong/so-lao-dong-thuong-binh-va-xa-hoi"]
    assert [r.phrase for r in sent.owners] == ["Các sở, ban, ngành"]
    # a People's Committee's plan: no party-plan addressee is implied for ownerless tasks
    assert found["II.1"].owners == [] and found["II.1"].implied_owners == []
    # an owner stated in a group's own sentence does not extend to the bullets after it
    assert iris(found["II.3"].owners) == ["binh-duong/so-y-te"]
    assert found["II.3.1"].owners == []


# ----------------------------------------------------------------------------- a district's plan
DISTRICT_PLAN = Path(__file__).parent / "fixtures" / "ingest_district_party_plan.txt"


def test_a_district_party_plan_names_its_own_bodies():
    """A district plan (header names only the district) is the province's its body names; its
    bodies are the district's, at district level; nothing is filed under the centre."""
    from rdflib.namespace import RDF

    from policykg.ingest import ingest_paths

    graph = ingest_paths([DISTRICT_PLAN]).graph
    (doc,) = set(graph.subjects(PKG.issuedBy, None))
    district = "https://w3id.org/policykg/id/agency/nghe-an/dien-chau/"
    issuer = graph.value(doc, PKG.issuedBy)
    assert str(issuer) == district + "ban-thuong-vu-huyen-uy"
    assert graph.value(doc, PKG.level) == PKG.DistrictLevel
    by_path = {str(graph.value(o, PKG.sectionPath)): o for o in graph.subjects(PKG.statedIn, doc)}
    owners = {p: {str(a) for a in graph.objects(o, PKG.owner)} for p, o in by_path.items()}
    assert owners["III.1"] == {district + "ban-tuyen-giao-huyen-uy"}
    assert owners["III.3"] == {district + "cong-an"}
    assert set(graph.objects(by_path["III.3"], PKG.reportsTo)) == {issuer}
    assert owners["III.6"] == {"https://w3id.org/policykg/id/agency/nghe-an/dang-uy-cap-xa"}
    linked = {
        a for p in (PKG.owner, PKG.coordinator, PKG.reportsTo) for a in graph.objects(None, p)
    }
    assert linked and not any("/agency/vn/" in str(a) for a in linked)
    for agency in linked:
        if str(agency).startswith(district):
            assert graph.value(agency, PKG.level) == PKG.DistrictLevel
            assert (agency, RDF.type, PKG.Agency) in graph


def test_a_local_plans_recipients_are_its_own_bodies():
    """'Chủ tịch, các PCT UBND huyện' in a district plan's Nơi nhận is no provincial chairman."""
    from policykg.ingest import ingest_paths

    source = Path(__file__).parent / "unseen" / "b_quynh_luu_kh_ubnd.txt"
    graph = ingest_paths([source]).graph
    (doc,) = set(graph.subjects(PKG.issuedBy, None))
    recipients = {str(a).split("/agency/")[1] for a in graph.objects(doc, PKG.recipient)}
    assert "nghe-an/quynh-luu/uy-ban-nhan-dan" in recipients
    assert "nghe-an/chu-tich-uy-ban-nhan-dan-tinh" not in recipients
    assert "nghe-an/so-y-te" in recipients  # a provincial body stays the province's


def test_a_ward_plan_with_a_two_column_header():
    """'ỦY BAN NHÂN DÂN / PHƯỜNG HỒNG BÀNG' beside the motto, 'Số: … Hồng Bàng, ngày …' on one
    line: the ward's committee issues it on that date; its offices are the ward's."""
    from policykg.ingest import ingest_paths
    from policykg.ingest.pipeline import parse_file

    source = Path(__file__).parent / "fixtures" / "ingest_ward_plan.txt"
    (document,) = parse_file(source)
    assert document.issuer_phrase == "Ủy ban nhân dân phường Hồng Bàng"
    assert document.issued.isoformat() == "2025-09-15"
    graph = ingest_paths([source]).graph
    (doc,) = set(graph.subjects(PKG.issuedBy, None))
    ward = "https://w3id.org/policykg/id/agency/hai-phong/hong-bang/"
    assert str(graph.value(doc, PKG.issuedBy)) == ward + "uy-ban-nhan-dan"
    assert graph.value(doc, PKG.level) == PKG.CommuneLevel
    by_path = {str(graph.value(o, PKG.sectionPath)): o for o in graph.subjects(PKG.statedIn, doc)}
    assert {str(a) for a in graph.objects(by_path["II.2"], PKG.owner)} == {ward + "cong-an"}
    assert {str(a) for a in graph.objects(by_path["II.1"], PKG.reportsTo)} == {
        ward + "uy-ban-nhan-dan"
    }


# --- recipients of reports in the phrasings of real plans (in-house examples) ----------------

REPORTING_PLAN = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 77/KH-UBND
Bắc Ninh, ngày 02 tháng 6 năm 2025

KẾ HOẠCH
Chuyển đổi số trong quản lý chợ truyền thống

I. TỔ CHỨC THỰC HIỆN
1. Sở Công Thương chủ trì triển khai Kế hoạch; kịp thời báo cáo, đề xuất Ủy ban nhân dân tỉnh
chỉ đạo những vấn đề vượt thẩm quyền.
2. Sở Tư pháp rà soát thủ tục liên quan, gửi Sở Công Thương tổng hợp trước ngày 15/9/2025.
3. Sở Y tế kiểm tra an toàn thực phẩm tại chợ; nếu có vướng mắc kịp thời phản ánh về Sở Công
Thương tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét.
4. Sở Tài chính tổng hợp, báo cáo cấp có thẩm quyền (Ủy ban nhân dân tỉnh, Bộ Tài chính) kết
quả bố trí kinh phí.
5. Sở Nội vụ vận hành Hệ thống thông tin báo cáo Chính phủ tại cấp tỉnh.
6. Sở Xây dựng báo cáo Ban Chỉ đạo chuyển đổi số chợ tỉnh, Sở Công Thương về tiến độ cải tạo.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn B
"""


@pytest.fixture(scope="module")
def reporting_plan(tmp_path_factory, gazetteer):
    path = tmp_path_factory.mktemp("rp") / "bao-cao.txt"
    path.write_text(REPORTING_PLAN, encoding="utf-8")
    (document,) = parse_file(path)
    return {o.item.path: o for o in extract_obligations(document, gazetteer)}


def test_recipients_of_reports_in_real_phrasings(reporting_plan):
    found = reporting_plan
    # "báo cáo, đề xuất X": a second verb between the report and its recipient
    assert iris(found["I.1"].reports_to) == ["bac-ninh/uy-ban-nhan-dan-tinh"]
    # "gửi X tổng hợp": results sent up
    assert iris(found["I.2"].reports_to) == ["bac-ninh/so-cong-thuong"]
    # "phản ánh về X tổng hợp, báo cáo Y": Y is X's onward report, not this duty's
    assert iris(found["I.3"].reports_to) == ["bac-ninh/so-cong-thuong"]
    # "cấp có thẩm quyền (X, Y)": the bodies in brackets
    assert iris(found["I.4"].reports_to) == ["bac-ninh/uy-ban-nhan-dan-tinh", "vn/bo-tai-chinh"]
    # "Hệ thống thông tin báo cáo Chính phủ" is a system's name, not a report to the Government
    assert found["I.5"].reports_to == []
    # a body the gazetteer does not hold heads the list and stays a recipient
    sixth = [r.phrase for r in found["I.6"].reports_to]
    assert sixth == ["Ban Chỉ đạo chuyển đổi số chợ tỉnh", "Sở Công Thương"]


@pytest.mark.parametrize(
    "text, partners",
    [
        (
            "Phối hợp các lực lượng và Ủy ban nhân dân các xã, phường huy động ca nô.",
            ["Ủy ban nhân dân các xã, phường"],
        ),
        (
            "Phối hợp với các cơ quan Trung ương, Bộ Tài chính trong việc chỉ đạo tổng kiểm kê.",
            ["Bộ Tài chính"],
        ),
        # a verb inside the would-be phrase: the clause has gone on, no partner is read
        ("Phối hợp các lực lượng tổ chức tập huấn và Sở Y tế kiểm tra.", []),
        # one collective's own list, no generic before a name
        ("Phối hợp với các cơ quan, đoàn thể cấp xã tuyên truyền.", []),
    ],
)
def test_named_partners_after_one_the_gazetteer_cannot_name(text, partners):
    from policykg.ingest.obligations import _COORD, _agencies_after, fold_keep

    found = _agencies_after(text, fold_keep(text), _COORD, False)
    assert [a.phrase for a in found] == partners
