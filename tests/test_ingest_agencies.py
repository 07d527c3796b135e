"""Agency phrases: finding and splitting them in Vietnamese clauses (clean and OCR), resolving
them with the gazetteer, minting the ones it lacks."""

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from policykg.gazetteer import Gazetteer
from policykg.ingest.agencies import (
    Locality,
    Resolver,
    agency_list_at,
    find_agency_phrases,
    fold_keep,
    local_body,
    locality_of,
    looks_ocr,
)
from policykg.namespaces import ID, PKG, agency_iri, province_iri
from policykg.resources import sources_dir

SOURCES = sorted(Path(sources_dir()).glob("*.txt"))


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


def names(text, pos=0, ocr=False, semicolons=True):
    found, _ = agency_list_at(text, pos, ocr=ocr, semicolons=semicolons)
    return [(a.phrase, a.canonical) for a in found]


@pytest.mark.parametrize("path", SOURCES, ids=[p.name[:3] for p in SOURCES])
def test_folding_keeps_every_offset(path):
    text = path.read_text(encoding="utf-8")
    for ocr in (False, True):
        folded = fold_keep(text, ocr)
        assert len(folded) == len(text)
    assert fold_keep("Sở Lao động") == "so lao dong"


def test_only_the_ocr_seed_reads_as_ocr():
    flags = {p.name[:3]: looks_ocr(p.read_text(encoding="utf-8")) for p in SOURCES}
    assert flags == {"000": False, "001": False, "002": False, "003": True, "004": False}


def test_names_holding_commas_and_va_are_not_split():
    text = "Sở Văn hóa, Thể thao và Du lịch, Sở Y tế và Sở Giáo dục và Đào tạo phối hợp thực hiện"
    assert [p for p, _ in names(text)] == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
    ]
    assert names("Giao Sở Lao động - Thương binh và Xã hội chủ trì", 5) == [
        ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội")
    ]


def test_a_subject_list_across_semicolons_and_hard_wraps():
    # seed 000, III.1 (hard-wrapped as printed)
    text = (
        "Các ban của Tỉnh ủy, ban cán sự đảng, đảng đoàn, Mặt trận Tổ quốc và các \n\n"
        "tổ chức chính trị - xã hội tỉnh; thành ủy, huyện ủy, đảng ủy trực thuộc Tỉnh ủy tổ chức"
    )
    phrases = [p for p, _ in names(text)]
    assert phrases[0] == "Các ban của Tỉnh ủy"
    assert "các \n\ntổ chức chính trị - xã hội tỉnh" in phrases
    assert phrases[-1] == "đảng ủy trực thuộc Tỉnh ủy"
    assert not any("tổ chức phổ biến" in p for p in phrases)  # the verb "tổ chức" ends the list
    assert [p for p, _ in names(text, semicolons=False)][
        -1
    ] == "các \n\ntổ chức chính trị - xã hội tỉnh"


def test_a_place_name_and_a_qualifier_stay_in_the_phrase():
    assert names("Ủy ban nhân dân tỉnh Sóc Trăng có ý kiến") == [
        ("Ủy ban nhân dân tỉnh Sóc Trăng", "Ủy ban nhân dân tỉnh")
    ]
    found = names(
        "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội của tỉnh; các đảng bộ "
        "trực thuộc Tỉnh ủy tổ chức"
    )
    assert found[1][0] == "các tổ chức chính trị - xã hội của tỉnh"
    assert found[2][1] == "các đảng bộ trực thuộc Tỉnh ủy"


def test_an_enumeration_label_is_not_one_more_agency():
    # seed 002, III.6
    text = (
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố, các tổ chức thành viên: Đoàn Thanh niên "
        "Cộng sản Hồ Chí Minh thành phố, Hội Liên hiệp Phụ nữ thành phố và các tổ chức thành "
        "viên khác có liên quan; Hội Từ thiện và Bảo vệ quyền trẻ em thành phố\n\nPhối hợp với"
    )
    phrases = [p for p, _ in names(text)]
    assert "các tổ chức thành viên" not in phrases
    assert phrases[-1] == "Hội Từ thiện và Bảo vệ quyền trẻ em thành phố"
    assert len(phrases) == 5


@pytest.mark.parametrize(
    "printed, canonical",
    [
        ("Pang doan Hoi dong nhan dén tinh lanh dao", "Đảng đoàn Hội đồng nhân dân tỉnh"),
        ("Ban can sw dang Uy ban nhén déin tinh chi dao", "Ban cán sự đảng Ủy ban nhân dân tỉnh"),
        ("Uy ban Miit trin T qudc Viét Nam tinh va cac", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Ban Tuyén giao Tinh uy td chire trién khai", "Ban Tuyên giáo Tỉnh ủy"),
    ],
)
def test_ocr_names_are_recognised_and_kept_as_printed(printed, canonical):
    found = names(printed, ocr=True)
    assert found[0][1] == canonical
    assert printed.startswith(found[0][0])  # the literal phrase, not the canonical name


def test_ocr_list_with_an_elided_shared_head():
    # seed 003, III.1: "Các huyện, thành ủy" = "các huyện ủy, thành ủy"
    found = names("Cac huyén, thanh uy, ding uy tryc thudc Tinh tdy lanh dao", ocr=True)
    assert [c for _, c in found] == ["các huyện ủy", "Thành ủy", "đảng ủy trực thuộc Tỉnh ủy"]
    assert found[0][0] == "Cac huyén"


def test_an_unknown_body_is_kept_up_to_its_verb():
    found, _ = agency_list_at("Trung tâm Kiểm soát bệnh tật tỉnh chủ trì, phối hợp", 0)
    assert [(a.phrase, a.method) for a in found] == [
        ("Trung tâm Kiểm soát bệnh tật tỉnh", "unknown")
    ]
    found, _ = agency_list_at("Trung tâm Văn hóa và Thể thao tỉnh thực hiện", 0)
    assert found[0].phrase == "Trung tâm Văn hóa và Thể thao tỉnh"


@pytest.mark.parametrize(
    "clause",
    ["Ban hành kế hoạch thực hiện", "Hội nghị sơ kết được tổ chức hằng năm", "Báo cáo kết quả"],
)
def test_a_verb_or_an_event_opening_a_clause_is_not_an_agency(clause):
    assert names(clause) == []


def test_find_agency_phrases_gives_offsets_into_the_text():
    text = (
        "Sở, ban ngành, đoàn thể thành phố; Ủy ban nhân dân xã, phường báo cáo kết quả về Sở Y tế."
    )
    found = find_agency_phrases(text)
    assert [p for p, _ in found] == [
        "Sở, ban ngành, đoàn thể thành phố",
        "Ủy ban nhân dân xã, phường",
        "Sở Y tế",
    ]
    for phrase, (start, end) in found:
        assert text[start:end] == phrase
    assert find_agency_phrases("báo cáo kết quả và báo chí") == []  # "báo" is not a newspaper


def test_resolution_is_relative_to_the_documents_province(gazetteer):
    resolver = Resolver(gazetteer, "Cần Thơ")
    found, _ = agency_list_at("Sở Y tế chủ trì", 0)
    ref = resolver.ref(found[0], 100)
    assert ref.resolved and ref.iri == ID["agency/can-tho/so-y-te"]
    assert (ref.span.start, ref.span.end) == (100, 107)
    soc_trang = Resolver(gazetteer, "Sóc Trăng").ref(found[0], 0)
    assert soc_trang.iri == ID["agency/soc-trang/so-y-te"]


def test_an_ocr_phrase_resolves_to_the_canonical_body(gazetteer):
    found, _ = agency_list_at("Ban can sw dang Uy ban nhén déin tinh chi dao", 0, ocr=True)
    ref = Resolver(gazetteer, "Kiên Giang").ref(found[0], 0)
    assert ref.resolved
    assert ref.iri == agency_iri("Ban cán sự đảng Ủy ban nhân dân tỉnh", "Kiên Giang")
    assert ref.phrase == "Ban can sw dang Uy ban nhén déin tinh"


def test_an_unknown_phrase_becomes_an_unresolved_agency(gazetteer):
    resolver = Resolver(gazetteer, "Bắc Ninh")
    found, _ = agency_list_at("Trung tâm Kiểm soát bệnh tật tỉnh chủ trì", 0)
    ref = resolver.ref(found[0], 0)
    assert not ref.resolved
    assert ref.iri == agency_iri("Trung tâm Kiểm soát bệnh tật tỉnh", "Bắc Ninh")
    g = resolver.minted
    assert (ref.iri, RDF.type, PKG.Agency) in g
    assert (ref.iri, PKG.unresolved, Literal(True)) in g
    assert (ref.iri, RDFS.label, Literal("Trung tâm Kiểm soát bệnh tật tỉnh", lang="vi")) in g
    assert (ref.iri, PKG.province, province_iri("Bắc Ninh")) in g


def test_a_body_of_a_province_beyond_the_seeds_is_its_reference_body(gazetteer):
    """Every province's bodies are in the reference graph (issue 12): a Bắc Ninh plan's 'Sở
    Tư pháp' is Bắc Ninh's, resolved, with nothing minted."""
    resolver = Resolver(gazetteer, "Bắc Ninh")
    found, _ = agency_list_at("Sở Tư pháp phối hợp", 0)
    ref = resolver.ref(found[0], 0)
    assert ref.resolved and ref.iri == ID["agency/bac-ninh/so-tu-phap"]
    assert gazetteer.agency(ref.iri).label == "Sở Tư pháp tỉnh Bắc Ninh"
    minted = resolver.minted
    assert minted is None or (ref.iri, PKG.unresolved, Literal(True)) not in minted


def test_district_bodies_keep_their_place():
    assert names("Phòng Giáo dục và Đào tạo huyện Tân Châu chủ trì") == [
        ("Phòng Giáo dục và Đào tạo huyện Tân Châu", "Phòng Giáo dục và Đào tạo")
    ]
    assert names("Ủy ban nhân dân các xã, phường, thị trấn báo cáo") == [
        ("Ủy ban nhân dân các xã, phường, thị trấn", "Ủy ban nhân dân các xã, phường, thị trấn")
    ]


# ----------------------------------------------------------------------------- local bodies
def _ref(resolver, text):
    found, _ = agency_list_at(text, 0)
    return [resolver.ref(a, 0) for a in found]


def test_a_district_plans_relative_names_are_that_districts_bodies(gazetteer):
    resolver = Resolver(
        gazetteer, "Nghệ An", locality=locality_of("Ủy ban nhân dân huyện Quỳnh Lưu", "Nghệ An")
    )
    refs = _ref(
        resolver, "Phòng Giáo dục và Đào tạo, Công an huyện và Ủy ban nhân dân huyện chủ trì"
    )
    base = "https://w3id.org/policykg/id/agency/nghe-an/quynh-luu/"
    assert [str(r.iri) for r in refs] == [
        base + "phong-giao-duc-va-dao-tao",
        base + "cong-an",
        base + "uy-ban-nhan-dan",
    ]
    g = resolver.minted
    for ref in refs:
        assert g.value(ref.iri, PKG.level) == PKG.DistrictLevel
        assert g.value(ref.iri, PKG.province) == province_iri("Nghệ An")
        assert g.value(ref.iri, PKG.unresolved) == Literal(True)
    assert g.value(refs[1].iri, RDFS.label) == Literal("Công an huyện", lang="vi")


def test_a_department_office_never_resolves_to_the_ministry(gazetteer):
    """'Phòng' is a district office: without a district it is minted unresolved, never 'Bộ'."""
    resolver = Resolver(gazetteer, "Nghệ An")
    ref = _ref(resolver, "Phòng Giáo dục và Đào tạo chủ trì")[0]
    assert "/agency/vn/" not in str(ref.iri) and not ref.resolved
    # no district named: its level is not stated either (a Sở's own "Phòng" is provincial)
    assert resolver.minted.value(ref.iri, PKG.level) is None


def test_a_commune_plan_and_a_named_district(gazetteer):
    commune = Resolver(
        gazetteer, "Hải Phòng", locality=locality_of("Ủy ban nhân dân xã Vĩnh Bảo", "Hải Phòng")
    )
    refs = _ref(commune, "Trạm Y tế xã, Sở Y tế thành phố và Phòng Văn hóa - Xã hội tiếp nhận")
    assert [str(r.iri).split("/agency/")[1] for r in refs] == [
        "hai-phong/vinh-bao/tram-y-te",
        "hai-phong/so-y-te",
        "hai-phong/vinh-bao/phong-van-hoa-xa-hoi",
    ]
    assert commune.minted.value(refs[0].iri, PKG.level) == PKG.CommuneLevel
    named = local_body("Phòng Y tế huyện Diễn Châu", "Nghệ An", None)
    assert (named.short, named.place, named.level) == ("Phòng Y tế", "Diễn Châu", PKG.DistrictLevel)


@pytest.mark.parametrize(
    "phrase",
    [
        "Ủy ban nhân dân các xã, thị trấn",
        "Ủy ban nhân dân cấp huyện",
        "Sở Lao động - Thương binh và Xã hội",
        "Ủy ban nhân dân thành phố Đà Nẵng",
        "Công an thành phố",
    ],
)
def test_collectives_and_provincial_bodies_are_not_local(phrase):
    assert local_body(phrase, "Đà Nẵng", None) is None


def test_a_provincial_plans_district_collective_still_resolves(gazetteer):
    ref = _ref(Resolver(gazetteer, "Nghệ An"), "Ủy ban nhân dân các xã, thị trấn thực hiện")[0]
    assert ref.resolved and str(ref.iri).endswith("/nghe-an/uy-ban-nhan-dan-cap-xa")


def test_merged_and_compound_names_are_kept_whole():
    assert [
        p
        for p, _ in names(
            "Phòng Tài chính - Kế hoạch, Phòng Văn hóa, Khoa học và Thông tin chủ trì"
        )
    ] == [
        "Phòng Tài chính - Kế hoạch",
        "Phòng Văn hóa, Khoa học và Thông tin",
    ]
    text = "Ban Quản lý các khu kinh tế và các khu\ncông nghiệp tỉnh vận động doanh nghiệp"
    assert names(text)[0][0] == "Ban Quản lý các khu kinh tế và các khu\ncông nghiệp tỉnh"
    assert names("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã tổng hợp")[0][0] == (
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"
    )


def test_a_set_of_institutions_runs_to_its_verb_and_courts_are_listed():
    text = "Các trường mầm non, tiểu học, trung học cơ sở trên địa bàn xã tổ chức các hoạt động"
    found, _ = agency_list_at(text, 0)
    assert [(a.phrase, a.collective) for a in found] == [
        ("Các trường mầm non, tiểu học, trung học cơ sở trên địa bàn xã", True)
    ]
    assert [p for p, _ in names("Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh xử lý")] == [
        "Viện Kiểm sát nhân dân tỉnh",
        "Tòa án nhân dân tỉnh",
    ]


def test_a_name_running_through_va_into_a_place_and_commune_party_committees():
    text = "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội phối hợp với Liên đoàn Lao động"
    assert names(text)[0][0] == "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội"
    assert [p for p, _ in names("Trung tâm Y tế huyện và các trạm y tế xã thực hiện")][0] == (
        "Trung tâm Y tế huyện"
    )
    found = names("Các đảng ủy xã, phường và đảng ủy trực thuộc Thành ủy xây dựng kế hoạch")
    assert [p for p, _ in found] == ["Các đảng ủy xã, phường", "đảng ủy trực thuộc Thành ủy"]


def test_local_names_in_short_forms_and_other_provinces(gazetteer):
    district = Locality("Quỳnh Lưu", PKG.DistrictLevel)
    assert local_body("UBND huyện", "Nghệ An", district).short == "Ủy ban nhân dân"
    assert local_body("Ủy ban MTTQ Việt Nam huyện", "Nghệ An", district).short == (
        "Ủy ban Mặt trận Tổ quốc"
    )
    assert local_body("Sở Y tế thành phố Hà Nội", "Nghệ An", district) is None
    party = locality_of("Ban Thường vụ Huyện ủy Quỳnh Lưu", "Nghệ An")
    assert party == district
    assert local_body("Huyện ủy", "Nghệ An", party).short == "Huyện ủy"
    resolver = Resolver(gazetteer, "Nghệ An", locality=district)
    (ref,) = _ref(resolver, "Ủy ban nhân dân thành phố Hải Phòng chủ trì")
    assert "/quynh-luu/" not in str(ref.iri) and "/hai-phong/" in str(ref.iri)


def test_localities_after_a_collective_only(gazetteer):
    found, _ = agency_list_at("các sở, ban, ngành, địa phương hướng dẫn, theo dõi", 0)
    assert [a.phrase for a in found] == ["các sở, ban, ngành", "địa phương"]
    ref = Resolver(gazetteer, "Đà Nẵng").ref(found[1], 0)
    assert ref.resolved and str(ref.iri).endswith("/da-nang/chinh-quyen-cac-cap")
    assert names("địa phương tổ chức thực hiện") == []


def test_unmarked_level_words_of_an_ocr_text():
    district = Locality("Quỳnh Lưu", PKG.DistrictLevel)
    body = local_body("Phong Giao duc va Dao tao", "Nghệ An", district)
    assert (body.place, body.level) == ("Quỳnh Lưu", PKG.DistrictLevel)
    assert local_body("Uy ban Mat tran To quoc Viet Nam huyen", "Nghệ An", district).place == (
        "Quỳnh Lưu"
    )
    assert local_body("cac t6 chire xa hdi tinh", "Kiên Giang", None) is None  # "xã hội"
    assert local_body("Bộ Chỉ huy Quân sự", "Nghệ An", district) is None  # "quân" is no "quận"
    assert local_body("các cơ quan, địa phương", "Nghệ An", district) is None


def test_a_district_plans_offices_are_one_collective_of_that_district(gazetteer):
    resolver = Resolver(
        gazetteer, "Nghệ An", locality=locality_of("Ủy ban nhân dân huyện Quỳnh Lưu", "Nghệ An")
    )
    iris = {
        str(ref.iri)
        for text in (
            "Các phòng, ban, ngành cấp huyện triển khai",
            "Các phòng, ban chuyên môn thuộc Ủy ban nhân dân huyện thực hiện",
        )
        for ref in _ref(resolver, text)
    }
    assert iris == {"https://w3id.org/policykg/id/agency/nghe-an/quynh-luu/cac-phong-ban-nganh"}
    (iri,) = iris
    assert (URIRef(iri), RDF.type, PKG.CollectiveAgency) in resolver.minted


def test_provincial_collectives_with_their_qualifiers_are_read_whole():
    """Real plans' addressees: 'các sở, ban, ngành cấp tỉnh', 'các sở, ngành liên quan', 'Các
    đơn vị, địa phương' (each one collective, the next body after it)."""
    def phrases(text, pos=0):
        return [phrase for phrase, _ in names(text, pos)]

    text = "Căn cứ Kế hoạch này, các sở, ban, ngành cấp tỉnh, Ủy ban nhân dân các xã, phường làm"
    assert phrases(text, text.index("các sở")) == [
        "các sở, ban, ngành cấp tỉnh",
        "Ủy ban nhân dân các xã, phường",
    ]
    assert phrases("các sở, ngành liên quan và Ủy ban nhân dân các xã, phường rà soát") == [
        "các sở, ngành liên quan",
        "Ủy ban nhân dân các xã, phường",
    ]
    assert phrases("Các đơn vị, địa phương tăng cường kiểm tra") == ["Các đơn vị, địa phương"]


def test_a_provinces_departments_never_resolve_to_the_ministries(gazetteer):
    """'các sở, ngành, địa phương' is one letter from 'các bộ, ngành, địa phương': the fuzzy
    step must not take a province's departments for the ministries (nor the reverse)."""
    for phrase in ("các sở, ngành, địa phương có liên quan", "các sở, ngành, địa phương"):
        match = gazetteer.resolve(phrase, "Đồng Tháp")
        assert match is None or "/vn/" not in str(match.iri), (phrase, match)
    # a central collective in a document about a province stays central
    resolver = Resolver(gazetteer, "Phú Thọ")
    (ref,) = _ref(resolver, "Các Bộ, cơ quan liên quan")
    assert "phu-tho" not in str(ref.iri)


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # a telegram names heads in person; the places listed for the second head are the
        # first's too; "lãnh đạo" inside a list stands for the bodies led
        (
            "Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Gia Lai "
            "và lãnh đạo các Bộ, ngành tiếp tục chỉ đạo",
            [
                "Tỉnh ủy Khánh Hòa",
                "Tỉnh ủy Gia Lai",
                "Ủy ban nhân dân tỉnh Khánh Hòa",
                "Ủy ban nhân dân tỉnh Gia Lai",
                "các Bộ, ngành",
            ],
        ),
        # the chief of an office heads the office, not the body it serves
        ("Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách", ["Văn phòng Ủy ban nhân dân tỉnh"]),
        # a steering committee's name runs over lower-case words up to its verb
        (
            "Chánh Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia phối hợp với Bộ Y tế",
            ["Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia"],
        ),
        ("Phó Thủ tướng Chính phủ Trần Hồng Hà tiếp tục chỉ đạo", ["Phó Thủ tướng Chính phủ"]),
    ],
)
def test_heads_named_in_person_stand_for_their_bodies(clause, expected):
    assert [phrase for phrase, _ in names(clause)] == expected


def test_a_tone_folding_hides_is_no_match_a_tones_place_is():
    """The lexicon is matched on folded text: 'quần' folds like 'quận' but 'các đoàn thể quần
    chúng' is no district's mass organisations; 'Tỉnh uỷ' (the tone on the other vowel) is
    'Tỉnh ủy'."""
    assert [p for p, _ in names("các đoàn thể quần chúng tổ chức")] == ["các đoàn thể quần chúng"]
    assert [c for _, c in names("Ban Tuyên giáo Tỉnh uỷ chủ trì")] == ["Ban Tuyên giáo Tỉnh ủy"]


@pytest.mark.parametrize(
    "text, name",
    [
        # "giao" assigns, but "giao dịch", "giao thông", "giáo dục" are words of a name
        (
            "Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước, Thủ trưởng các đơn vị chịu",
            "Cục Đăng ký giao dịch bảo đảm và Bồi thường nhà nước",
        ),
        ("Trung tâm Giáo dục nghề nghiệp huyện chủ trì", "Trung tâm Giáo dục nghề nghiệp huyện"),
        ("Ban Quản lý dự án giao thông tỉnh chủ trì", "Ban Quản lý dự án giao thông tỉnh"),
        ("Cục Thống kê giao Chi cục Thống kê khu vực", "Cục Thống kê"),
        # "viện nghiên cứu" is a research institute inside a name, not the verb "nghiên cứu"
        ("Ban Điều phối viện nghiên cứu tổ chức hội thảo", "Ban Điều phối viện nghiên cứu"),
        # forces a province's fire and forest rules assign
        ("Lực lượng Kiểm lâm sở tại chủ trì, phối hợp", "Lực lượng Kiểm lâm"),
        ("Chi cục Kiểm lâm tỉnh chủ trì kiểm tra", "Chi cục Kiểm lâm tỉnh"),
        # the units a ministry's list names after the colon, one of them no ministry
        ("Các Bộ, cơ quan: Tài chính, Tập đoàn Điện lực Việt Nam khẩn trương", None),
    ],
)
def test_unknown_names_run_to_their_verb(text, name):
    found, _ = agency_list_at(text, 0)
    if name is None:
        assert [a.phrase for a in found] == ["Bộ Tài chính", "Tập đoàn Điện lực Việt Nam"]
    else:
        assert found[0].phrase == name


def test_execution_clause_lists_read_past_nouns_and_stop_at_the_public():
    """'Giám đốc các Sở; Thủ trưởng các tổ chức hành chính khác, …; Chủ tịch Ủy ban nhân dân các
    phường, xã và Thủ trưởng các cơ quan, tổ chức, đơn vị, doanh nghiệp, cá nhân có liên quan':
    'tổ chức' here is a noun, not the verb that ends a list; 'các Sở' is the departments; the
    closing catch-all runs into the public and names no body; 'Các Sở Xây dựng nêu trên' is
    no 'các sở'."""
    from policykg.ingest.fields import field_agencies

    clause = (
        "Chánh Văn phòng Ủy ban nhân dân thành phố; Giám đốc các Sở; Thủ trưởng các tổ chức hành "
        "chính khác, đơn vị sự nghiệp công lập thuộc thành phố; Chủ tịch Ủy ban nhân dân các "
        "phường, xã và Thủ trưởng các cơ quan, tổ chức, đơn vị, doanh nghiệp, cá nhân có liên "
        "quan "
    )
    leads, _ = field_agencies(clause)
    assert [a.phrase for a in leads] == [
        "Văn phòng Ủy ban nhân dân thành phố",
        "các Sở",
        "Ủy ban nhân dân các phường, xã",
    ]
    assert names("Các Sở Xây dựng nêu trên chủ trì") == []
