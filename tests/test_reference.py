"""The hand-curated reference graph (graph/reference): it parses, its agencies and change events are
complete, owners today follow the 2025 reorganisation, the per-province agencies agree with the
naming rules, and the gazetteer recalls every agency the implementation sections of the five
source documents name."""

from datetime import date, datetime

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from policykg import rdfio, resources, succession
from policykg.gazetteer import (
    PROVINCIAL_AGENCIES,
    Gazetteer,
    instantiate,
    provincial_agencies,
    read_provinces,
    read_types,
)
from policykg.namespaces import ID, ORG, PKG, PROV
from policykg.text import nfc

REFERENCE_FILES = [
    "agencies.ttl",
    "agencies-provinces.ttl",
    "agency-types.ttl",
    "documents.ttl",
    "programmes.ttl",
    "provinces.ttl",
    "reorganisation.ttl",
    "successions.ttl",
    "agencies-central.ttl",
]


XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def ref() -> Graph:
    """The union of the reference files, generated ones included (the gazetteer parses only
    the curated part)."""
    assert {p.name for p in resources.reference_dir().glob("*.ttl")} >= set(REFERENCE_FILES)
    return rdfio.read(
        p for p in sorted(resources.reference_dir().glob("*.ttl")) if p.name != "links.ttl"
    )


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_file_parses_and_is_nfc(name):
    text = (resources.reference_dir() / name).read_text(encoding="utf-8")
    assert text == nfc(text)
    assert len(Graph().parse(data=text, format="turtle")) > 0


def _agencies(ref: Graph) -> set[URIRef]:
    return set(ref.subjects(RDF.type, PKG.Agency)) | set(
        ref.subjects(RDF.type, PKG.CollectiveAgency)
    )


def test_every_agency_has_level_branch_and_vietnamese_label(ref):
    agencies = _agencies(ref)
    assert len(agencies) > 300
    for agency in agencies:
        assert ref.value(agency, PKG.level) is not None, agency
        assert ref.value(agency, PKG.branch) is not None, agency
        labels = [o for o in ref.objects(agency, RDFS.label) if o.language == "vi"]
        assert len(labels) == 1, agency


def test_per_province_agencies_have_their_province(ref):
    provinces = set(ref.subjects(RDF.type, PKG.Province))
    for agency in _agencies(ref):
        scope = str(agency).removeprefix(str(ID["agency/"])).split("/")[0]
        if scope == "vn":
            assert ref.value(agency, PKG.province) is None, agency
            continue
        province = ref.value(agency, PKG.province)
        assert province == ID[f"province/{scope}"], agency
        assert province in provinces


def test_collectives_are_agencies(ref):
    for agency in ref.subjects(RDF.type, PKG.CollectiveAgency):
        assert (agency, RDF.type, PKG.Agency) in ref


def test_provinces(ref):
    provinces = read_provinces(ref)
    assert len(provinces) == 64  # the 63 of 2024 and the city of Huế (2025)
    assert provinces["can-tho"].city and not provinces["soc-trang"].city
    assert provinces["hue"].city and not provinces["thua-thien-hue"].city
    assert sum(p.city for p in provinces.values()) == 6


def test_every_change_event_is_complete(ref):
    events = set(ref.subjects(RDF.type, ORG.ChangeEvent))
    assert len(events) > 50
    for event in events:
        when = ref.value(event, PROV.atTime)
        assert when is not None and when.datatype == XSD_DATETIME, event
        assert ref.value(event, PKG.basis) in (PKG.StatedFact, PKG.ModellingInference), event
        assert ref.value(event, ORG.originalOrganization) is not None, event
        assert ref.value(event, PKG.changeKind) is not None, event
        assert ref.value(event, PKG.inheritsObligations) is not None, event
        assert ref.value(event, PKG.endsOriginal) is not None, event
        assert ref.value(event, RDFS.label) is not None, event


def test_no_dangling_references(ref):
    """Every agency, province and document an event, document or obligation points to is
    described here (61-CTr/TU is a source document: ingest describes it)."""
    described = set(ref.subjects())
    allowed_elsewhere = {ID["doc/soc-trang/61-ctr-tu"]}
    predicates = [
        ORG.originalOrganization,
        ORG.resultingOrganization,
        ORG.subOrganizationOf,
        PKG.issuedBy,
        PKG.impliedOwner,
        PKG.statedIn,
        PKG.implements,
        PKG.approvedBy,
        PKG.province,
        PKG.agencyType,
        PKG.parentType,
        PKG.contributesTo,
    ]
    for predicate in predicates:
        for _, target in ref.subject_objects(predicate):
            assert target in described or target in allowed_elsewhere, (predicate, target)


@pytest.fixture(scope="module")
def resolver(ref):
    return succession.from_graph(ref)


def owners_today(resolver, agency: URIRef, as_of: str, text: str = "trẻ em"):
    """(holder, inferred) of an obligation of `agency` about `text` on `as_of`, by the one
    resolver (policykg.succession); the default text names children, as the seed tasks do."""
    holdings = resolver.holdings(str(agency), date.fromisoformat(as_of), text)
    return [(URIRef(h.holder) if h.holder else None, h.inferred) for h in holdings]


def test_soc_trang_labour_department_is_owned_today_by_can_tho_health(resolver):
    start = ID["agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"]
    assert owners_today(resolver, start, "2026-01-01") == [(ID["agency/can-tho/so-y-te"], True)]
    # before the province merger, the province's own Department of Health
    assert owners_today(resolver, start, "2025-04-01") == [(ID["agency/soc-trang/so-y-te"], True)]
    # before the reorganisation, the department itself
    assert owners_today(resolver, start, "2024-12-31") == [(start, False)]
    # the task's words choose the remit (the rule is recorded on the hop)
    (labour,) = resolver.holdings(str(start), date(2026, 1, 1), "giải quyết việc làm")
    assert labour.holder == str(ID["agency/can-tho/so-noi-vu"])
    assert labour.hops[0].rule.startswith("labour") and labour.hops[0].cue == "text"
    (vocational,) = resolver.holdings(str(start), date(2026, 1, 1), "đào tạo nghề")
    assert vocational.holder == str(ID["agency/can-tho/so-giao-duc-va-dao-tao"])
    # nothing named: the stated merger (the default route)
    (plain,) = resolver.holdings(str(start), date(2025, 4, 1), "tổng hợp")
    assert plain.holder == str(ID["agency/soc-trang/so-noi-vu"]) and not plain.inferred
    # the text names no remit but the document's title does
    (titled,) = resolver.holdings(str(start), date(2025, 4, 1), "tổng hợp", "Kế hoạch về trẻ em")
    assert titled.holder == str(ID["agency/soc-trang/so-y-te"]) and titled.hops[0].cue == "title"


def test_the_department_name_in_the_text_does_not_choose_a_route(resolver):
    """Regression: 'Sở Lao động - Thương binh và Xã hội chủ trì' names the body, not labour."""
    start = str(ID["agency/bac-lieu/so-lao-dong-thuong-binh-va-xa-hoi"])
    (holding,) = resolver.holdings(
        start, date(2026, 1, 1), "Sở Lao động - Thương binh và Xã hội chủ trì, tổng hợp",
        "Kế hoạch thực hiện Chỉ thị 28-CT/TW về trẻ em")
    assert holding.holder == str(ID["agency/ca-mau/so-y-te"])
    assert holding.hops[0].cue == "title"


def test_other_owners_today(resolver):
    as_of = "2026-01-01"
    ubnd = ID["agency/soc-trang/uy-ban-nhan-dan-tinh"]
    assert owners_today(resolver, ubnd, as_of) == [
        (ID["agency/can-tho/uy-ban-nhan-dan-thanh-pho"], True)
    ]
    tttt = ID["agency/thai-nguyen/so-thong-tin-va-truyen-thong"]
    assert owners_today(resolver, tttt, as_of, "báo chí") == [
        (ID["agency/thai-nguyen/so-van-hoa-the-thao-va-du-lich"], True)
    ]
    assert owners_today(resolver, tttt, as_of, "chuyển đổi số") == [
        (ID["agency/thai-nguyen/so-khoa-hoc-va-cong-nghe"], True)
    ]
    central = ID["agency/vn/bo-lao-dong-thuong-binh-va-xa-hoi"]
    assert owners_today(resolver, central, as_of) == [(ID["agency/vn/bo-y-te"], True)]
    board = ID["agency/vn/ban-tuyen-giao-trung-uong"]
    assert owners_today(resolver, board, as_of) == [
        (ID["agency/vn/ban-tuyen-giao-va-dan-van-trung-uong"], False)
    ]
    # a mass organisation placed under the Front keeps its own obligations
    youth = ID["agency/can-tho/thanh-doan"]
    assert owners_today(resolver, youth, as_of) == [(youth, False)]
    # district bodies pass their tasks to the commune level of the merged province
    districts = ID["agency/kien-giang/uy-ban-nhan-dan-cap-huyen"]
    assert owners_today(resolver, districts, as_of) == [
        (ID["agency/an-giang/uy-ban-nhan-dan-cap-xa"], True)
    ]
    # Huế's bodies continue Thừa Thiên Huế's (renamed 1 January 2025), into July and beyond
    hue = ID["agency/thua-thien-hue/so-lao-dong-thuong-binh-va-xa-hoi"]
    assert owners_today(resolver, hue, as_of) == [(ID["agency/hue/so-y-te"], True)]


def test_every_ended_body_has_an_ending_event(ref):
    """Bodies the domain notes say no longer exist are ended by some event."""
    ended = {
        original
        for event in ref.subjects(PKG.endsOriginal, Literal(True))
        for original in ref.objects(event, ORG.originalOrganization)
    }
    for province in ["lam-dong", "thai-nguyen", "can-tho", "kien-giang", "soc-trang"]:
        for slug in [
            "so-lao-dong-thuong-binh-va-xa-hoi",
            "so-thong-tin-va-truyen-thong",
            "ban-tuyen-giao-tinh-uy" if province != "can-tho" else "ban-tuyen-giao-thanh-uy",
            "ban-dan-van-tinh-uy" if province != "can-tho" else "ban-dan-van-thanh-uy",
            "uy-ban-nhan-dan-cap-huyen",
        ]:
            assert ID[f"agency/{province}/{slug}"] in ended, (province, slug)
    assert ID["agency/soc-trang/so-y-te"] in ended
    assert ID["agency/can-tho/so-y-te"] not in ended


def test_no_obligation_is_left_with_an_ended_body(ref):
    """From every agency, the walk of inheriting events as of 2026 ends at bodies that still
    exist: each ended body hands its obligations on (or is explicitly dissolved without heir)."""
    as_of = datetime.fromisoformat("2026-01-01T00:00:00")
    successors: dict[URIRef, list[URIRef]] = {}
    ended, heirless = set(), set()
    for event in ref.subjects(RDF.type, ORG.ChangeEvent):
        if datetime.fromisoformat(str(ref.value(event, PROV.atTime))) > as_of:
            continue
        originals = set(ref.objects(event, ORG.originalOrganization))
        result = ref.value(event, ORG.resultingOrganization)
        if ref.value(event, PKG.endsOriginal).toPython():
            ended |= originals
            if result is None:
                heirless |= originals
        if result is not None and ref.value(event, PKG.inheritsObligations).toPython():
            for original in originals:
                successors.setdefault(original, []).append(result)
    for agency in _agencies(ref):
        frontier, seen = [agency], set()
        while frontier:
            current = frontier.pop()
            if current in seen:
                continue
            seen.add(current)
            if current in successors:
                frontier += successors[current]
            else:
                assert current not in ended or current in heirless, (agency, current)


def test_provincial_agencies_agree_with_the_naming_rules(ref):
    """agencies.ttl holds, per province, exactly what gazetteer.instantiate mints from the types:
    a document from an unseen province gets agencies built the same way."""
    provinces = {p.iri: p for p in read_provinces(ref).values()}
    types = read_types(ref)
    checked = 0
    for agency, type_iri in ref.subject_objects(PKG.agencyType):
        province = provinces[ref.value(agency, PKG.province)]
        minted = instantiate(types[type_iri], province, types)
        assert set(minted.subjects()) == {agency}
        for triple in minted:
            assert triple in ref, triple
        checked += 1
    assert checked >= 10 * len(types)


def test_provincial_agencies_file_is_up_to_date(ref):
    """agencies-provinces.ttl is what `python -m policykg.gazetteer` writes today."""
    from rdflib.compare import isomorphic

    stored = Graph().parse(resources.reference_dir() / PROVINCIAL_AGENCIES, format="turtle")
    regenerated = Graph()
    for _, graph in provincial_agencies(ref):
        regenerated += graph
    assert isomorphic(stored, regenerated)


def test_directive_and_decision(ref):
    directive = ID["doc/28-ct-tw"]
    assert (directive, RDF.type, PKG.Directive) in ref
    assert ref.value(directive, PKG.issuedBy) == ID["agency/vn/bo-chinh-tri"]
    groups = sorted(ref.subjects(PKG.statedIn, directive))
    assert [str(g).rsplit("/", 1)[1] for g in groups] == ["g1", "g2", "g3", "g4", "g5"]
    for group in groups:
        assert ref.value(group, PKG.text).language == "vi"
        assert ref.value(group, PKG.evidence) is not None
        assert ref.value(group, PKG.impliedOwner) is not None
        assert ref.value(group, PKG.owner) is None  # the directive names no owner per group
    confirmed = {g for g in groups if (g, PKG.evidence, PKG.StatedInPublicCopy) in ref}
    assert confirmed == {ID["doc/28-ct-tw/o/g1"], ID["doc/28-ct-tw/o/g2"]}
    decision = ID["doc/1183-qd-ttg"]
    assert (decision, PKG.implements, directive) in ref
    assert len(set(ref.subjects(PKG.statedIn, decision))) == 4
    assert (directive, DCTERMS.replaces, ID["doc/20-ct-tw"]) in ref
    assert (ID["doc/20-ct-tw"], DCTERMS.isReplacedBy, directive) in ref


def test_national_programmes(ref):
    programmes = set(ref.subjects(RDF.type, PKG.NationalProgramme))
    approved = {p for p in programmes if ref.value(p, PKG.approvedBy) is not None}
    assert len(approved) == 6
    for programme in approved:
        decision = ref.value(programme, PKG.approvedBy)
        assert (decision, RDF.type, PKG.Decision) in ref
        assert ref.value(decision, PKG.documentNumber) is not None
        assert ref.value(decision, PKG.issuedBy) == ID["agency/vn/thu-tuong-chinh-phu"]
        assert any(o.language == "vi" for o in ref.objects(programme, RDFS.label))
        assert ref.value(programme, SKOS.altLabel) is not None


# Every agency phrase of the TỔ CHỨC THỰC HIỆN sections (and the letter's operative paragraph and
# the headed owners of seed 004's IV.6), as printed, with the province of the document and the
# agency it must resolve to. The gazetteer's recall check.
RECALL = [
    # 000 Lâm Đồng, III
    ("000", "Các ban của Tỉnh ủy", "lam-dong/cac-ban-cua-tinh-uy"),
    ("000", "ban cán sự đảng", "lam-dong/cac-ban-can-su-dang-dang-doan"),
    ("000", "đảng đoàn", "lam-dong/cac-ban-can-su-dang-dang-doan"),
    ("000", "Mặt trận Tổ quốc", "lam-dong/uy-ban-mat-tran-to-quoc-viet-nam-tinh"),
    ("000", "các tổ chức chính trị - xã hội tỉnh", "lam-dong/cac-to-chuc-chinh-tri-xa-hoi-tinh"),
    (
        "000",
        "thành ủy, huyện ủy, đảng ủy trực thuộc Tỉnh ủy",
        "lam-dong/cac-dang-uy-truc-thuoc-tinh-uy",
    ),
    ("000", "Đảng đoàn Hội đồng nhân dân tỉnh", "lam-dong/dang-doan-hoi-dong-nhan-dan-tinh"),
    (
        "000",
        "Ban cán sự đảng Ủy ban nhân dân tỉnh",
        "lam-dong/ban-can-su-dang-uy-ban-nhan-dan-tinh",
    ),
    ("000", "Ban Tuyên giáo Tỉnh ủy", "lam-dong/ban-tuyen-giao-tinh-uy"),
    ("000", "Ban Thường vụ Tỉnh ủy", "lam-dong/ban-thuong-vu-tinh-uy"),
    # 001 Thái Nguyên, III
    ("001", "Các ban cán sự đảng, đảng đoàn", "thai-nguyen/cac-ban-can-su-dang-dang-doan"),
    ("001", "các cơ quan tham mưu giúp việc Tỉnh ủy", "thai-nguyen/cac-ban-cua-tinh-uy"),
    ("001", "các cơ quan tham mưu, giúp việc Tỉnh ủy", "thai-nguyen/cac-ban-cua-tinh-uy"),
    ("001", "Ủy ban Mặt trận Tổ quốc", "thai-nguyen/uy-ban-mat-tran-to-quoc-viet-nam-tinh"),
    (
        "001",
        "các tổ chức chính trị - xã hội của tỉnh",
        "thai-nguyen/cac-to-chuc-chinh-tri-xa-hoi-tinh",
    ),
    ("001", "các đảng bộ trực thuộc Tỉnh ủy", "thai-nguyen/cac-dang-uy-truc-thuoc-tinh-uy"),
    (
        "001",
        "Ban cán sự đảng Ủy ban nhân dân tỉnh",
        "thai-nguyen/ban-can-su-dang-uy-ban-nhan-dan-tinh",
    ),
    ("001", "Ủy ban nhân dân tỉnh", "thai-nguyen/uy-ban-nhan-dan-tinh"),
    ("001", "các sở, ban, ngành", "thai-nguyen/cac-so-ban-nganh-tinh"),
    ("001", "các đơn vị, địa phương liên quan", "thai-nguyen/cac-co-quan-don-vi-lien-quan"),
    ("001", "Sở Thông tin và Truyền thông", "thai-nguyen/so-thong-tin-va-truyen-thong"),
    (
        "001",
        "các cơ quan thông tin, báo chí của tỉnh",
        "thai-nguyen/cac-co-quan-thong-tan-bao-chi-tinh",
    ),
    ("001", "Ủy ban Mặt trận Tổ quốc tỉnh", "thai-nguyen/uy-ban-mat-tran-to-quoc-viet-nam-tinh"),
    (
        "001",
        "các tổ chức thành viên",
        "thai-nguyen/cac-to-chuc-thanh-vien-cua-uy-ban-mat-tran-to-quoc-tinh",
    ),
    ("001", "Ban Tuyên giáo Tỉnh ủy", "thai-nguyen/ban-tuyen-giao-tinh-uy"),
    ("001", "Ban Dân vận Tỉnh ủy", "thai-nguyen/ban-dan-van-tinh-uy"),
    ("001", "Đảng đoàn Hội đồng nhân dân tỉnh", "thai-nguyen/dang-doan-hoi-dong-nhan-dan-tinh"),
    ("001", "Ban Thường vụ Tỉnh ủy", "thai-nguyen/ban-thuong-vu-tinh-uy"),
    # 002 Cần Thơ, III
    ("002", "Sở Y tế", "can-tho/so-y-te"),
    ("002", "các sở, ban, ngành có liên quan", "can-tho/cac-so-ban-nganh-thanh-pho"),
    ("002", "Ủy ban nhân dân xã, phường", "can-tho/uy-ban-nhan-dan-cap-xa"),
    ("002", "Ủy ban nhân dân thành phố", "can-tho/uy-ban-nhan-dan-thanh-pho"),
    ("002", "Sở Giáo dục và Đào tạo", "can-tho/so-giao-duc-va-dao-tao"),
    ("002", "Bộ Giáo dục và Đào tạo", "vn/bo-giao-duc-va-dao-tao"),
    ("002", "các cơ quan, đơn vị có liên quan", "can-tho/cac-co-quan-don-vi-lien-quan"),
    ("002", "Sở Văn hóa, Thể thao và Du lịch", "can-tho/so-van-hoa-the-thao-va-du-lich"),
    (
        "002",
        "các cơ quan báo chí tại địa phương",
        "can-tho/cac-co-quan-thong-tan-bao-chi-thanh-pho",
    ),
    ("002", "Sở Tư pháp", "can-tho/so-tu-phap"),
    ("002", "Các sở, ban ngành, đoàn thể thành phố", "can-tho/cac-so-ban-nganh-doan-the-thanh-pho"),
    ("002", "các cơ quan, đơn vị liên quan", "can-tho/cac-co-quan-don-vi-lien-quan"),
    ("002", "chính quyền các cấp", "can-tho/chinh-quyen-cac-cap"),
    (
        "002",
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố",
        "can-tho/uy-ban-mat-tran-to-quoc-viet-nam-thanh-pho",
    ),
    ("002", "Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố", "can-tho/thanh-doan"),
    ("002", "Hội Liên hiệp Phụ nữ thành phố", "can-tho/hoi-lien-hiep-phu-nu-thanh-pho"),
    (
        "002",
        "Hội Từ thiện và Bảo vệ quyền trẻ em thành phố",
        "can-tho/hoi-tu-thien-va-bao-ve-quyen-tre-em-thanh-pho",
    ),
    ("002", "Sở, ban ngành, đoàn thể thành phố", "can-tho/cac-so-ban-nganh-doan-the-thanh-pho"),
    ("002", "Bộ Y tế", "vn/bo-y-te"),
    # 003 Kiên Giang, III (OCR)
    (
        "003",
        "Cac huyén, thanh uy, ding uy tryc thudc Tinh tdy",
        "kien-giang/cac-dang-uy-truc-thuoc-tinh-uy",
    ),
    ("003", "Pang doan Hoi dong nhan dén tinh", "kien-giang/dang-doan-hoi-dong-nhan-dan-tinh"),
    (
        "003",
        "Ban can sw dang Uy ban nhén déin tinh",
        "kien-giang/ban-can-su-dang-uy-ban-nhan-dan-tinh",
    ),
    ("003", "Uy ban nhan dén tinh", "kien-giang/uy-ban-nhan-dan-tinh"),
    (
        "003",
        "Uy ban Miit trin T qudc Viét Nam tinh",
        "kien-giang/uy-ban-mat-tran-to-quoc-viet-nam-tinh",
    ),
    (
        "003",
        "cac t4 chirc doan thé chinh tri-xa hoi tinh",
        "kien-giang/cac-to-chuc-chinh-tri-xa-hoi-tinh",
    ),
    ("003", "Bao Kién Giang", "kien-giang/bao"),
    ("003", "Dai Phat thanh va Truyén hinh Kién Giang", "kien-giang/dai-phat-thanh-va-truyen-hinh"),
    (
        "003",
        "cic co quan thong tin dai ching trén dia ban tinh",
        "kien-giang/cac-co-quan-thong-tan-bao-chi-tinh",
    ),
    ("003", "Ban Tuyén giao Tinh uy", "kien-giang/ban-tuyen-giao-tinh-uy"),
    (
        "003",
        "Ban can sy dang Uy ban nhan dan tinh",
        "kien-giang/ban-can-su-dang-uy-ban-nhan-dan-tinh",
    ),
    ("003", "Vin phong Tinh ty", "kien-giang/van-phong-tinh-uy"),
    ("003", "Ban Thuong vu Tinh uy", "kien-giang/ban-thuong-vu-tinh-uy"),
    # 004 Sóc Trăng: the letter, then the programme's V (and the bodies headed in IV.6)
    ("004", "Sở Lao động - Thương binh và Xã hội", "soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"),
    ("004", "Ủy ban nhân dân các huyện, thị xã, thành phố", "soc-trang/uy-ban-nhan-dan-cap-huyen"),
    ("004", "các cơ quan có liên quan", "soc-trang/cac-co-quan-don-vi-lien-quan"),
    ("004", "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng", "soc-trang/chu-tich-uy-ban-nhan-dan-tinh"),
    ("004", "Ủy ban nhân dân tỉnh", "soc-trang/uy-ban-nhan-dan-tinh"),
    ("004", "Các huyện ủy, thị ủy, thành ủy", "soc-trang/cac-huyen-uy-thi-uy-thanh-uy"),
    ("004", "ban cán sự đảng, đảng đoàn", "soc-trang/cac-ban-can-su-dang-dang-doan"),
    ("004", "đảng ủy trực thuộc Tỉnh ủy", "soc-trang/cac-dang-uy-truc-thuoc-tinh-uy"),
    ("004", "Đảng đoàn Hội đồng nhân dân tỉnh", "soc-trang/dang-doan-hoi-dong-nhan-dan-tinh"),
    ("004", "Hội đồng nhân dân tỉnh", "soc-trang/hoi-dong-nhan-dan-tinh"),
    (
        "004",
        "Ban cán sự đảng Uỷ ban nhân dân tỉnh",
        "soc-trang/ban-can-su-dang-uy-ban-nhan-dan-tinh",
    ),
    ("004", "Uỷ ban nhân dân tỉnh", "soc-trang/uy-ban-nhan-dan-tinh"),
    (
        "004",
        "Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "soc-trang/uy-ban-mat-tran-to-quoc-viet-nam-tinh",
    ),
    ("004", "các tổ chức chính trị - xã hội", "soc-trang/cac-to-chuc-chinh-tri-xa-hoi-tinh"),
    ("004", "hội quần chúng", "soc-trang/cac-hoi-quan-chung-tinh"),
    ("004", "tổ chức xã hội", "soc-trang/cac-to-chuc-xa-hoi-tinh"),
    ("004", "Ban Tuyên giáo Tỉnh uỷ", "soc-trang/ban-tuyen-giao-tinh-uy"),
    ("004", "các cơ quan báo chí", "soc-trang/cac-co-quan-thong-tan-bao-chi-tinh"),
    ("004", "các cơ quan liên quan", "soc-trang/cac-co-quan-don-vi-lien-quan"),
    ("004", "Ban Thường vụ Tỉnh uỷ", "soc-trang/ban-thuong-vu-tinh-uy"),
    ("004", "Báo Sóc Trăng", "soc-trang/bao"),
    ("004", "Đài Phát thanh và Truyền hình Sóc Trăng", "soc-trang/dai-phat-thanh-va-truyen-hinh"),
]
PROVINCE = {
    "000": "Lâm Đồng",
    "001": "Thái Nguyên",
    "002": "Cần Thơ",
    "003": "Kiên Giang",
    "004": "Sóc Trăng",
}


def _source(prefix: str) -> str:
    (path,) = resources.sources_dir().glob(f"{prefix}_*.txt")
    return " ".join(nfc(path.read_text(encoding="utf-8")).split())


def test_recall_list_is_large_and_printed_in_the_sources():
    assert len(RECALL) >= 40
    for prefix, phrase, _ in RECALL:
        assert phrase in _source(prefix), (prefix, phrase)


@pytest.mark.parametrize(("prefix", "phrase", "expected"), RECALL)
def test_recall_of_implementation_phrases(gaz, prefix, phrase, expected):
    match = gaz.resolve(phrase, PROVINCE[prefix])
    assert match is not None, phrase
    assert str(match.iri) == str(ID[f"agency/{expected}"])
    assert match.method != "type"  # these provinces' bodies are all in agencies.ttl
