"""The 2025 reorganisation as rules, and the generated reference files written from them.

`python -m policykg.reorganisation` writes
- graph/reference/reorganisation.ttl: every org:ChangeEvent, generated from the rules below for
  every province of provinces.ttl (Decree 45/2025/NĐ-CP departments and Kết luận 121-KL/TW party
  boards on 1 March 2025, the renaming of Thừa Thiên Huế on 1 January 2025, Resolution
  202/2025/QH15 province mergers and Resolution 203/2025/QH15 end of districts on 1 July 2025, the
  mass organisations placed under the Front) and for the ministries (Resolution 176/2025/QH15);
- graph/reference/successions.ttl: the resolver's answer (policykg.succession) for every agency
  those events touch, per route and period, which the SPARQL query `dissolved-owners` reads.

Both are generated: edit the rules (or provinces.ttl / agency-types.ttl) and regenerate; never by
hand. Facts and inferences stay apart: `pkg:basis pkg:StatedFact` where the cited act states the
change itself, `pkg:ModellingInference` where it is our reading (the body-level continuation of
a merged province, a remit route chosen by a task's words, a party board's date).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from policykg import rdfio, resources
from policykg.gazetteer import (
    ProvinceInfo,
    english_name,
    full_name,
    read_provinces,
    read_types,
    type_agency_iri,
)
from policykg.namespaces import ID, ORG, PKG
from policykg.succession import Route, Successions, path_text, spellings
from policykg.text import slug

MARCH, JULY, JANUARY = date(2025, 3, 1), date(2025, 7, 1), date(2025, 1, 1)
STATED, INFERRED = PKG.StatedFact, PKG.ModellingInference
EVENTS_FILE, SUCCESSIONS_FILE = "reorganisation.ttl", "successions.ttl"

# ---------------------------------------------------------------------------------------------
# Remit routes: which words of a task send it where
# ---------------------------------------------------------------------------------------------

CHILDREN = [
    "trẻ em",
    "trẻ mồ côi",
    "thiếu nhi",
    "bảo trợ xã hội",
    "tệ nạn xã hội",
    "cai nghiện",
    "mại dâm",
    "người cao tuổi",
    "người khuyết tật",
]
VOCATIONAL = [
    "giáo dục nghề nghiệp",
    "đào tạo nghề",
    "dạy nghề",
    "học nghề",
    "trường nghề",
    "trung cấp",
    "cao đẳng",
]
POVERTY = ["giảm nghèo", "xóa đói", "thoát nghèo"]
LABOUR = [
    "việc làm",
    "lao động",
    "tiền lương",
    "tiền công",
    "bảo hiểm thất nghiệp",
    "bảo hiểm xã hội",
    "người có công",
    "thương binh",
    "liệt sĩ",
]
PRESS = [
    "báo chí",
    "xuất bản",
    "phát thanh",
    "truyền hình",
    "thông tin cơ sở",
    "thông tin đối ngoại",
    "tuyên truyền",
    "nhà báo",
    "cơ quan báo",
    "in ấn",
]
DIGITAL = [
    "chuyển đổi số",
    "nền tảng số",
    "số hóa",
    "công nghệ thông tin",
    "cơ sở dữ liệu",
    "an toàn thông tin",
    "an ninh mạng",
    "môi trường mạng",
    "không gian mạng",
    "internet",
    "trực tuyến",
    "viễn thông",
    "bưu chính",
    "dịch vụ công",
    "phần mềm",
    "mạng xã hội",
    "chính quyền số",
    "kinh tế số",
    "xã hội số",
]


@dataclass(frozen=True)
class Split:
    """A remit that went its own way when a body was reorganised."""

    key: str  # event IRI part
    target: str  # the resulting body: an agency-type slug (provinces) or a central IRI slug
    route: Route
    remit_en: str
    remit_vi: str


def _route(key: str, rank: int, words: list[str], rule: str) -> Route:
    return Route(str(ID[f"route/{key}"]), rank, spellings(words), rule)


def _ldtbxh_splits(health, education, agriculture, home, level: str) -> list[Split]:
    act = "Decree 45/2025/NĐ-CP" if level == "province" else "Resolution 176/2025/QH15"
    return [
        Split(
            "vocational-education-to-" + education[1],
            education[0],
            _route(
                f"{level}-vocational-training",
                1,
                VOCATIONAL,
                f"vocational training → {education[2]} ({act})",
            ),
            "vocational education",
            "giáo dục nghề nghiệp",
        ),
        Split(
            "poverty-reduction-to-" + agriculture[1],
            agriculture[0],
            _route(
                f"{level}-poverty-reduction",
                2,
                POVERTY,
                f"poverty reduction → {agriculture[2]} ({act})",
            ),
            "poverty reduction",
            "giảm nghèo",
        ),
        Split(
            ("child-affairs-to-" if level == "province" else "child-protection-to-") + health[1],
            health[0],
            _route(
                f"{level}-children",
                3,
                CHILDREN,
                f"children, social protection → {health[2]} ({act})",
            ),
            "child protection and care; child affairs, social protection, social evils",
            "bảo vệ, chăm sóc trẻ em; bảo trợ xã hội; phòng, chống tệ nạn xã hội",
        ),
        Split(
            "labour-to-" + home[1],
            home[0],
            _route(f"{level}-labour", 4, LABOUR, f"labour and employment → {home[2]} ({act})"),
            "labour, employment, wages, people with merit",
            "lao động, việc làm, tiền lương, người có công",
        ),
    ]


def _tttt_splits(culture, science, level: str) -> list[Split]:
    act = "Decree 45/2025/NĐ-CP" if level == "province" else "Resolution 176/2025/QH15"
    return [
        Split(
            "press-to-" + culture[1],
            culture[0],
            _route(f"{level}-press", 1, PRESS, f"press and publishing → {culture[2]} ({act})"),
            "press and publishing",
            "báo chí, xuất bản",
        ),
        Split(
            "digital-to-" + science[1],
            science[0],
            _route(f"{level}-digital", 2, DIGITAL, f"digital platforms → {science[2]} ({act})"),
            "digital transformation, platforms, telecommunications",
            "chuyển đổi số, nền tảng số, viễn thông",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Provincial rules (the same pattern in every province)
# ---------------------------------------------------------------------------------------------

DECREE_45 = (
    "Nghị định 45/2025/NĐ-CP quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân "
    "dân tỉnh (hiệu lực 01/03/2025)"
)
KL_121 = "Kết luận 121-KL/TW; quyết định của Ban Thường vụ Tỉnh ủy (ngày cụ thể chưa đối chiếu)"
RES_202 = "Nghị quyết 202/2025/QH15 (sắp xếp đơn vị hành chính cấp tỉnh, hiệu lực 01/07/2025)"
RES_203 = (
    "Nghị quyết 203/2025/QH15; Luật Tổ chức chính quyền địa phương 72/2025/QH15 (bỏ cấp "
    "huyện, hiệu lực 01/07/2025)"
)
FRONT_LAW = "Nghị quyết 203/2025/QH15; Luật sửa đổi, bổ sung Luật Mặt trận Tổ quốc Việt Nam (2025)"


@dataclass(frozen=True)
class Merge:
    """A provincial body (by type) ended on 1 March 2025 and continued by another (by type)."""

    key: str  # event IRI part: id/event/<province>-<key>
    original: str  # agency-type slug
    resulting: str  # agency-type slug
    basis: URIRef
    kind: URIRef
    en: str
    source: str
    comment: str | None = None
    inherits: bool = True


PROVINCIAL_MERGES = [
    Merge(
        "so-khdt-merged-into-so-tai-chinh",
        "so-ke-hoach-va-dau-tu",
        "so-tai-chinh",
        STATED,
        PKG.Merger,
        "Department of Planning and Investment merged into the Department of Finance",
        DECREE_45,
    ),
    Merge(
        "so-giao-thong-van-tai-merged-into-so-xay-dung",
        "so-giao-thong-van-tai",
        "so-xay-dung",
        STATED,
        PKG.Merger,
        "Department of Transport merged into the Department of Construction",
        DECREE_45,
    ),
    Merge(
        "so-nong-nghiep-va-phat-trien-nong-thon-merged-into-so-nong-nghiep-va-moi-truong",
        "so-nong-nghiep-va-phat-trien-nong-thon",
        "so-nong-nghiep-va-moi-truong",
        STATED,
        PKG.Merger,
        "Department of Agriculture and Rural Development merged into the "
        "Department of Agriculture and Environment",
        DECREE_45,
    ),
    Merge(
        "so-tai-nguyen-va-moi-truong-merged-into-so-nong-nghiep-va-moi-truong",
        "so-tai-nguyen-va-moi-truong",
        "so-nong-nghiep-va-moi-truong",
        STATED,
        PKG.Merger,
        "Department of Natural Resources and Environment merged into the Department of "
        "Agriculture and Environment",
        DECREE_45,
    ),
    Merge(
        "so-ldtbxh-merged-into-so-noi-vu",
        "so-lao-dong-thuong-binh-va-xa-hoi",
        "so-noi-vu",
        STATED,
        PKG.Merger,
        "Department of Labour, Invalids and Social Affairs merged into the "
        "Department of Home Affairs",
        DECREE_45,
        "Ends the department. A task that names none of the remits that went elsewhere "
        "(children, vocational training, poverty reduction) follows the merger (default route).",
    ),
    Merge(
        "so-tttt-merged-into-so-khcn",
        "so-thong-tin-va-truyen-thong",
        "so-khoa-hoc-va-cong-nghe",
        STATED,
        PKG.Merger,
        "Department of Information and Communications merged into the "
        "Department of Science and Technology",
        DECREE_45,
        "Ends the department. A task about the press follows the press route to the "
        "Department of Culture, Sports and Tourism; any other task follows the merger.",
    ),
    Merge(
        "ban-dan-toc-tinh-merged-into-so-dan-toc-va-ton-giao",
        "ban-dan-toc-tinh",
        "so-dan-toc-va-ton-giao",
        STATED,
        PKG.Merger,
        "Committee for Ethnic Minority Affairs "
        "became the Department of Ethnic and Religious Affairs",
        DECREE_45,
    ),
    Merge(
        "ban-tuyen-giao-tinh-uy-merged-into-ban-tuyen-giao-va-dan-van",
        "ban-tuyen-giao-tinh-uy",
        "ban-tuyen-giao-va-dan-van-tinh-uy",
        INFERRED,
        PKG.Merger,
        "Propaganda and Education "
        "Commission of the Provincial Party Committee merged into the Propaganda, Education and "
        "Mass Mobilisation Commission",
        KL_121,
        "The merger is stated (Kết luận 121-KL/TW); each "
        "province decided its own date in February-March 2025, not checked here: 1 Mar 2025 is "
        "used, hence the inference basis.",
    ),
    Merge(
        "ban-dan-van-tinh-uy-merged-into-ban-tuyen-giao-va-dan-van",
        "ban-dan-van-tinh-uy",
        "ban-tuyen-giao-va-dan-van-tinh-uy",
        INFERRED,
        PKG.Merger,
        "Mass Mobilisation "
        "Commission of the Provincial Party Committee merged into the Propaganda, Education and "
        "Mass Mobilisation Commission",
        KL_121,
        "The merger is stated (Kết luận 121-KL/TW); each "
        "province decided its own date in February-March 2025, not checked here: 1 Mar 2025 is "
        "used, hence the inference basis.",
    ),
    Merge(
        "ban-can-su-dang-ubnd-ended",
        "ban-can-su-dang-uy-ban-nhan-dan-tinh",
        "dang-uy-uy-ban-nhan-dan-tinh",
        INFERRED,
        PKG.Dissolution,
        "Party Delegation in the "
        "People's Committee ended; the Party Committee of the People's Committee takes over",
        "Kết luận 121-KL/TW (kết thúc hoạt động ban cán sự đảng, thành lập đảng bộ Ủy ban nhân "
        "dân tỉnh)",
        "Stated: party delegations ended and party committees such as the Đảng ủy "
        "UBND tỉnh were created. Inference: the succession of tasks and the date (1 Mar 2025).",
    ),
    Merge(
        "dang-doan-hoi-dong-nhan-dan-tinh-ended",
        "dang-doan-hoi-dong-nhan-dan-tinh",
        "dang-uy-cac-co-quan-dang-tinh",
        INFERRED,
        PKG.Dissolution,
        "Party Caucus in the "
        "Provincial People's Council ended; the Party Committee of the Provincial Party "
        "Agencies takes over",
        "Kết luận 121-KL/TW (kết thúc hoạt động đảng đoàn, thành lập "
        "đảng bộ các cơ quan Đảng tỉnh)",
        "Stated: party caucuses ended. Inference: the successor and the date (1 Mar 2025).",
    ),
    Merge(
        "dang-doan-uy-ban-mat-tran-to-quoc-viet-nam-tinh-ended",
        "dang-doan-uy-ban-mat-tran-to-quoc-viet-nam-tinh",
        "dang-uy-cac-co-quan-dang-tinh",
        INFERRED,
        PKG.Dissolution,
        "Party Caucus in the Provincial Fatherland Front Committee "
        "ended; the Party Committee of the Provincial Party Agencies takes over",
        "Kết luận 121-KL/TW (kết thúc hoạt động đảng đoàn, thành lập đảng bộ các cơ quan Đảng "
        "tỉnh)",
        "Stated: party caucuses ended. Inference: the successor and the date (1 Mar 2025).",
    ),
    Merge(
        "ban-can-su-dang-dang-doan-ended",
        "cac-ban-can-su-dang-dang-doan",
        "cac-dang-uy-truc-thuoc-tinh-uy",
        INFERRED,
        PKG.Dissolution,
        "party delegations and "
        "caucuses ended; their work passes to the party committees directly under the "
        "provincial committee",
        "Kết luận 121-KL/TW",
        "Collective form of the two events above; inference, date 1 Mar 2025 used.",
    ),
]

_P = {  # (agency-type slug, short key for event IRIs, short name for rule texts)
    "health": ("so-y-te", "so-y-te", "Sở Y tế"),
    "education": ("so-giao-duc-va-dao-tao", "so-gddt", "Sở Giáo dục và Đào tạo"),
    "agriculture": ("so-nong-nghiep-va-moi-truong", "so-nnmt", "Sở Nông nghiệp và Môi trường"),
    "home": ("so-noi-vu", "so-noi-vu", "Sở Nội vụ"),
    "culture": ("so-van-hoa-the-thao-va-du-lich", "so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch"),
    "science": ("so-khoa-hoc-va-cong-nghe", "so-khcn", "Sở Khoa học và Công nghệ"),
}
PROVINCIAL_SPLITS = {
    "so-lao-dong-thuong-binh-va-xa-hoi": _ldtbxh_splits(
        _P["health"], _P["education"], _P["agriculture"], _P["home"], "province"
    ),
    "so-thong-tin-va-truyen-thong": _tttt_splits(_P["culture"], _P["science"], "province"),
}

# Bodies that began with the reorganisation: agency-type slug -> (date, basis).
BEGAN = {
    "so-nong-nghiep-va-moi-truong": (MARCH, STATED),
    "so-dan-toc-va-ton-giao": (MARCH, STATED),
    "ban-tuyen-giao-va-dan-van-tinh-uy": (MARCH, INFERRED),
    "dang-uy-uy-ban-nhan-dan-tinh": (MARCH, INFERRED),
    "dang-uy-cac-co-quan-dang-tinh": (MARCH, INFERRED),
}

DISTRICT_ENDS = {  # district collective -> commune collective that takes its tasks
    "cac-huyen-uy-thi-uy-thanh-uy": ("dang-uy-cap-xa", "District-level party committees"),
    "uy-ban-nhan-dan-cap-huyen": ("uy-ban-nhan-dan-cap-xa", "District People's Committees"),
}
PLACED_UNDER_FRONT = [
    "hoi-cuu-chien-binh-tinh",
    "hoi-lien-hiep-phu-nu-tinh",
    "hoi-nong-dan-tinh",
    "lien-doan-lao-dong-tinh",
    "tinh-doan",
]
FRONT = "uy-ban-mat-tran-to-quoc-viet-nam-tinh"

# Resolution 202/2025/QH15: new unit (name kept) -> merged with it (domain notes, the 23 rows).
MERGERS_2025 = {
    "Tuyên Quang": ["Hà Giang"],
    "Lào Cai": ["Yên Bái"],
    "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Giang"],
    "Hưng Yên": ["Thái Bình"],
    "Hải Phòng": ["Hải Dương"],
    "Ninh Bình": ["Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"],
    "Quảng Ngãi": ["Kon Tum"],
    "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"],
    "Lâm Đồng": ["Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Phú Yên"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Bình Phước"],
    "Tây Ninh": ["Long An"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Tiền Giang"],
    "Cà Mau": ["Bạc Liêu"],
    "An Giang": ["Kiên Giang"],
}
UNCHANGED_2025 = [
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
]
# Renamed before the mergers: old unit -> (new unit, date, source)
RENAMINGS = {
    "Thừa Thiên Huế": (
        "Huế",
        JANUARY,
        "Nghị quyết 1314/NQ-UBTVQH15 của Ủy ban Thường "
        "vụ Quốc hội về việc thành lập thành phố Huế trực thuộc Trung ương "
        "(hiệu lực 01/01/2025)",
    )
}

# ---------------------------------------------------------------------------------------------
# Central rules (Resolution 176/2025/QH15 and the Party's 2025 restructuring)
# ---------------------------------------------------------------------------------------------

RES_176 = "Nghị quyết 176/2025/QH15 về cơ cấu tổ chức của Chính phủ (hiệu lực 01/03/2025)"
_C = {
    "health": ("bo-y-te", "bo-y-te", "Bộ Y tế"),
    "education": ("bo-giao-duc-va-dao-tao", "bo-gddt", "Bộ Giáo dục và Đào tạo"),
    "agriculture": ("bo-nong-nghiep-va-moi-truong", "bo-nnmt", "Bộ Nông nghiệp và Môi trường"),
    "home": ("bo-noi-vu", "bo-noi-vu", "Bộ Nội vụ"),
    "culture": ("bo-van-hoa-the-thao-va-du-lich", "bo-vhttdl", "Bộ Văn hóa, Thể thao và Du lịch"),
    "science": ("bo-khoa-hoc-va-cong-nghe", "bo-khcn", "Bộ Khoa học và Công nghệ"),
}


@dataclass(frozen=True)
class Central:
    key: str  # id/event/vn-<key> (kept from the hand-written file where it existed)
    original: str  # id/agency/vn/<slug>
    resulting: str | None
    when: date
    kind: URIRef
    basis: URIRef
    ends: bool
    inherits: bool
    en: str
    source: str
    comment: str | None = None


CENTRAL = [
    Central(
        "bo-khdt-merged-into-bo-tai-chinh",
        "bo-ke-hoach-va-dau-tu",
        "bo-tai-chinh",
        MARCH,
        PKG.Merger,
        STATED,
        True,
        True,
        "Ministry of Planning and Investment merged into the Ministry of Finance",
        RES_176,
    ),
    Central(
        "bo-ldtbxh-merged-into-bo-noi-vu",
        "bo-lao-dong-thuong-binh-va-xa-hoi",
        "bo-noi-vu",
        MARCH,
        PKG.Merger,
        STATED,
        True,
        True,
        "Ministry of Labour, Invalids and Social Affairs merged into the Ministry of Home Affairs",
        RES_176 + "; Nghị định 25/2025/NĐ-CP",
        "The default route: a task naming children, vocational training or poverty "
        "reduction follows that remit's route instead.",
    ),
    Central(
        "bo-tttt-merged-into-bo-khcn",
        "bo-thong-tin-va-truyen-thong",
        "bo-khoa-hoc-va-cong-nghe",
        MARCH,
        PKG.Merger,
        STATED,
        True,
        True,
        "Ministry of Information and Communications "
        "merged into the Ministry of Science and Technology",
        RES_176,
    ),
    Central(
        "bo-gtvt-merged-into-bo-xay-dung",
        "bo-giao-thong-van-tai",
        "bo-xay-dung",
        MARCH,
        PKG.Merger,
        STATED,
        True,
        True,
        "Ministry of Transport merged into the Ministry of Construction",
        RES_176,
    ),
    Central(
        "bo-nnptnt-merged-into-bo-nnmt",
        "bo-nong-nghiep-va-phat-trien-nong-thon",
        "bo-nong-nghiep-va-moi-truong",
        MARCH,
        PKG.Merger,
        STATED,
        True,
        True,
        "Ministry of "
        "Agriculture and Rural Development merged into the Ministry of Agriculture and "
        "Environment",
        RES_176,
    ),
    Central(
        "bo-tnmt-merged-into-bo-nnmt",
        "bo-tai-nguyen-va-moi-truong",
        "bo-nong-nghiep-va-moi-truong",
        MARCH,
        PKG.Merger,
        STATED,
        True,
        True,
        "Ministry of "
        "Natural Resources and Environment merged into the Ministry of Agriculture and "
        "Environment",
        RES_176,
    ),
    Central(
        "uy-ban-dan-toc-became-bo-dan-toc-va-ton-giao",
        "uy-ban-dan-toc",
        "bo-dan-toc-va-ton-giao",
        MARCH,
        PKG.Merger,
        STATED,
        True,
        True,
        "Committee for Ethnic Minority Affairs became the Ministry of Ethnic and Religious Affairs",
        RES_176,
    ),
    Central(
        "tong-cuc-thue-became-cuc-thue",
        "tong-cuc-thue",
        "cuc-thue",
        MARCH,
        PKG.Renaming,
        INFERRED,
        True,
        True,
        "General Department of Taxation reorganised as the Department "
        "of Taxation (Ministry of Finance)",
        "Sắp xếp bộ máy Bộ Tài chính (2025)",
        "Not in the domain notes: public reporting of the Ministry of Finance's 2025 "
        "restructuring, not checked against the decision's text here.",
    ),
    Central(
        "tong-cuc-hai-quan-became-cuc-hai-quan",
        "tong-cuc-hai-quan",
        "cuc-hai-quan",
        MARCH,
        PKG.Renaming,
        INFERRED,
        True,
        True,
        "General Department of Customs reorganised as the "
        "Department of Customs (Ministry of Finance)",
        "Sắp xếp bộ máy Bộ Tài chính (2025)",
        "Not in the domain notes: public reporting of the Ministry of Finance's 2025 "
        "restructuring, not checked against the decision's text here.",
    ),
    Central(
        "cuc-tre-em-to-cuc-ba-me-va-tre-em",
        "cuc-tre-em",
        "cuc-ba-me-va-tre-em",
        MARCH,
        PKG.RemitTransfer,
        INFERRED,
        True,
        True,
        "Department of Children (MOLISA) succeeded by "
        "the Department of Maternal and Child Health and Children (Ministry of Health)",
        "Nghị định 42/2025/NĐ-CP (Cục Bà mẹ và Trẻ em thuộc Bộ Y tế)",
        "Inference: the domain "
        "notes state the new department; that it continues the former Cục Trẻ em's work is "
        "our reading.",
    ),
    Central(
        "ban-can-su-dang-bo-ldtbxh-ended",
        "ban-can-su-dang-bo-lao-dong-thuong-binh-va-xa-hoi",
        None,
        MARCH,
        PKG.Dissolution,
        INFERRED,
        True,
        False,
        "Party Delegation in MOLISA ended with the ministry",
        "Kết luận 121-KL/TW (kết thúc hoạt động các ban cán sự đảng, đảng đoàn)",
        "Party delegations ended in February-March 2025; the exact date "
        "for this one is not known here: 1 Mar 2025, the ministry's merger, is used.",
    ),
    Central(
        "ban-tuyen-giao-va-dan-van-trung-uong-2025",
        "ban-tuyen-giao-trung-uong",
        "ban-tuyen-giao-va-dan-van-trung-uong",
        date(2025, 2, 3),
        PKG.Merger,
        STATED,
        True,
        True,
        "Central Propaganda and Education Commission merged into the Central "
        "Propaganda, Education and Mass Mobilisation Commission",
        "Kết luận 121-KL/TW; quyết "
        "định của Bộ Chính trị thành lập Ban Tuyên giáo và Dân vận Trung ương (03/02/2025)",
    ),
    Central(
        "ban-dan-van-trung-uong-2025",
        "ban-dan-van-trung-uong",
        "ban-tuyen-giao-va-dan-van-trung-uong",
        date(2025, 2, 3),
        PKG.Merger,
        STATED,
        True,
        True,
        "Central Mass Mobilisation Commission merged into the Central Propaganda, "
        "Education and Mass Mobilisation Commission",
        "Kết luận 121-KL/TW; quyết định của Bộ "
        "Chính trị thành lập Ban Tuyên giáo và Dân vận Trung ương (03/02/2025)",
    ),
]
CENTRAL_SPLITS = {
    "bo-lao-dong-thuong-binh-va-xa-hoi": _ldtbxh_splits(
        _C["health"], _C["education"], _C["agriculture"], _C["home"], "central"
    ),
    "bo-thong-tin-va-truyen-thong": _tttt_splits(_C["culture"], _C["science"], "central"),
}
CENTRAL_FRONT = [
    "tong-lien-doan-lao-dong-viet-nam",
    "trung-uong-doan-thanh-nien-cong-san-ho-chi-minh",
    "trung-uong-hoi-cuu-chien-binh-viet-nam",
    "trung-uong-hoi-lien-hiep-phu-nu-viet-nam",
    "trung-uong-hoi-nong-dan-viet-nam",
]


# ---------------------------------------------------------------------------------------------
# Generating the events
# ---------------------------------------------------------------------------------------------


def _when(day: date) -> Literal:
    return Literal(f"{day.isoformat()}T00:00:00", datatype=XSD.dateTime)


def _day_en(day: date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


@dataclass
class _Builder:
    graph: Graph

    def event(
        self,
        key: str,
        originals,
        resulting,
        day: date,
        kind,
        basis,
        ends: bool,
        inherits: bool,
        en: str,
        source: str,
        comment: str | None = None,
        split: Split | None = None,
    ) -> URIRef:
        g, e = self.graph, ID[f"event/{key}"]
        g.add((e, RDF.type, ORG.ChangeEvent))
        g.add((e, RDFS.label, Literal(en, lang="en")))
        g.add((e, DCTERMS.source, Literal(source, lang="vi")))
        if comment:
            g.add((e, RDFS.comment, Literal(comment, lang="en")))
        for original in originals if isinstance(originals, list) else [originals]:
            g.add((e, ORG.originalOrganization, original))
        if resulting is not None:
            g.add((e, ORG.resultingOrganization, resulting))
        g.add((e, PROV.atTime, _when(day)))
        g.add((e, PKG.basis, basis))
        g.add((e, PKG.changeKind, kind))
        g.add((e, PKG.endsOriginal, Literal(ends)))
        g.add((e, PKG.inheritsObligations, Literal(inherits)))
        if split is not None:
            g.add((e, PKG.remit, Literal(split.remit_en, lang="en")))
            g.add((e, PKG.remit, Literal(split.remit_vi, lang="vi")))
            g.add((e, PKG.route, add_route(g, split.route)))
        return e


def add_route(g: Graph, route: Route) -> URIRef:
    """The route node (once per graph): rank, keywords, rule."""
    node = URIRef(route.iri)
    if (node, RDF.type, PKG.RemitRoute) not in g:
        g.add((node, RDF.type, PKG.RemitRoute))
        g.add((node, PKG.remitRank, Literal(route.rank)))
        g.add((node, PKG.remitRule, Literal(route.rule)))
        for keyword in route.keywords:
            g.add((node, PKG.remitKeyword, Literal(keyword)))
    return node


class _Provinces:
    """The provinces of provinces.ttl, their bodies by type, and who each became."""

    def __init__(self, reference: Graph):
        self.by_slug = read_provinces(reference)
        self.types = {str(t).rsplit("/", 1)[-1]: info for t, info in read_types(reference).items()}
        self.renamed = {
            slug(old): self.by_slug[slug(new)] for old, (new, _, _) in RENAMINGS.items()
        }
        self.merged_into = {
            slug(old): self.by_slug[slug(new)] for new, olds in MERGERS_2025.items() for old in olds
        }

    def body(self, type_slug: str, province: ProvinceInfo) -> URIRef:
        return type_agency_iri(self.types[type_slug], province)

    def unit_in_july(self, province: ProvinceInfo) -> ProvinceInfo:
        return self.merged_into.get(province.slug, province)

    def in_march(self) -> list[ProvinceInfo]:
        """The provinces that existed on 1 March 2025 (Thừa Thiên Huế was Huế by then)."""
        return [p for s, p in sorted(self.by_slug.items()) if s not in self.renamed]


def _label(province: ProvinceInfo) -> str:
    return province.name


def provincial_events(reference: Graph) -> Graph:
    b, places = _Builder(Graph()), _Provinces(reference)
    for old_slug, new in sorted(places.renamed.items()):
        _renaming_events(b, places, places.by_slug[old_slug], new)
    for province in places.in_march():
        _march_events(b, places, province)
        _july_events(b, places, province)
    return b.graph


def _renaming_events(b: _Builder, places: _Provinces, old: ProvinceInfo, new: ProvinceInfo):
    _, day, source = RENAMINGS[old.name]
    for type_slug, info in sorted(places.types.items()):
        if type_slug in BEGAN:
            continue
        original, resulting = places.body(type_slug, old), places.body(type_slug, new)
        b.event(
            f"{old.slug}-{str(original).rsplit('/', 1)[-1]}-renamed-{new.slug}",
            original,
            resulting,
            day,
            PKG.Renaming,
            INFERRED,
            True,
            True,
            f"{english_name(info.english, old)} continued by {english_name(info.english, new)} "
            f"(province renamed, {_day_en(day)})",
            f"{source}; kế thừa cơ quan: suy luận",
        )


def _march_events(b: _Builder, places: _Provinces, p: ProvinceInfo):
    for rule in PROVINCIAL_MERGES:
        b.event(
            f"{p.slug}-{rule.key}",
            places.body(rule.original, p),
            places.body(rule.resulting, p),
            MARCH,
            rule.kind,
            rule.basis,
            True,
            rule.inherits,
            f"{_label(p)}: {rule.en} ({_day_en(MARCH)})",
            rule.source,
            rule.comment,
        )
    for original, splits in PROVINCIAL_SPLITS.items():
        for split in splits:
            b.event(
                f"{p.slug}-{split.key}",
                places.body(original, p),
                places.body(split.target, p),
                MARCH,
                PKG.RemitTransfer,
                INFERRED,
                False,
                True,
                f"{_label(p)}: {split.remit_en} moved from "
                f"{places.types[original].english} to {places.types[split.target].english} "
                f"({_day_en(MARCH)})",
                f"{DECREE_45}; định tuyến theo nội dung nhiệm vụ: suy luận",
                "The transfer of the remit is stated (Decree 45/2025/NĐ-CP); that a task goes "
                "with it because of its words is our inference (pkg:route).",
                split,
            )


_ENDED_IN_MARCH = {rule.original for rule in PROVINCIAL_MERGES}


def _july_events(b: _Builder, places: _Provinces, p: ProvinceInfo):
    unit = places.unit_in_july(p)
    for district, (commune, en) in DISTRICT_ENDS.items():
        b.event(
            f"{p.slug}-{district}-abolished",
            places.body(district, p),
            places.body(commune, unit),
            JULY,
            PKG.Dissolution,
            INFERRED,
            True,
            True,
            f"{en} ({english_name('', p).strip(' ()')}) abolished with the district level "
            f"({_day_en(JULY)}); their tasks pass to the commune level",
            RES_203 + "; kế thừa nhiệm vụ: suy luận",
            "Stated: the district level was abolished. "
            "Inference: tasks of district bodies pass to the commune bodies of the (merged) "
            "province; some went to provincial departments, case by case.",
        )
    if unit is p:
        for type_slug in PLACED_UNDER_FRONT:
            info = places.types[type_slug]
            b.event(
                f"{p.slug}-{type_slug}-placed-under-front",
                places.body(type_slug, p),
                places.body(FRONT, p),
                JULY,
                PKG.PlacedUnder,
                STATED,
                False,
                False,
                f"{english_name(info.english, p)} placed under the Fatherland Front committee "
                f"({_day_en(JULY)}); it continues to exist and keeps its tasks",
                FRONT_LAW,
            )
        return
    for type_slug, info in sorted(places.types.items()):
        if type_slug in _ENDED_IN_MARCH or type_slug in DISTRICT_ENDS:
            continue
        original = places.body(type_slug, p)
        b.event(
            f"{p.slug}-{str(original).rsplit('/', 1)[-1]}-into-{unit.slug}",
            original,
            places.body(type_slug, unit),
            JULY,
            PKG.Merger,
            INFERRED,
            True,
            True,
            f"{english_name(info.english, p)} continued by {english_name(info.english, unit)} "
            f"(province merger, {_day_en(JULY)})",
            f"{RES_202}; kế thừa cơ quan: suy luận",
        )


def province_mergers(reference: Graph) -> Graph:
    """The 23 province-level merger events of Resolution 202/2025/QH15 (stated)."""
    b, places = _Builder(Graph()), _Provinces(reference)
    for new_name, olds in MERGERS_2025.items():
        new = places.by_slug[slug(new_name)]
        merged = [places.by_slug[slug(o)] for o in olds]
        kind_vi = "thành phố" if new.city else "tỉnh"
        e = b.event(
            f"province-merger-2025-{new.slug}",
            [m.iri for m in merged],
            new.iri,
            JULY,
            PKG.Merger,
            STATED,
            True,
            True,
            f"{' + '.join(p.name for p in [new, *merged])} merged into "
            f"{english_name('', new).strip(' ()')} ({'city' if new.city else 'province'}), "
            f"1 July 2025",
            "Nghị quyết 202/2025/QH15 của Quốc hội về việc sắp xếp đơn vị "
            "hành chính cấp tỉnh (hiệu lực 01/07/2025)",
        )
        b.graph.add(
            (
                e,
                RDFS.label,
                Literal(
                    f"Hợp nhất {', '.join(p.name for p in [new, *merged])} "
                    f"thành {kind_vi} {new.name}",
                    lang="vi",
                ),
            )
        )
    return b.graph


def central_events() -> Graph:
    b = _Builder(Graph())
    vn = lambda s: ID[f"agency/vn/{s}"]  # noqa: E731
    for c in CENTRAL:
        b.event(
            f"vn-{c.key}",
            vn(c.original),
            vn(c.resulting) if c.resulting else None,
            c.when,
            c.kind,
            c.basis,
            c.ends,
            c.inherits,
            f"{c.en} ({_day_en(c.when)})",
            c.source,
            c.comment,
        )
    for original, splits in CENTRAL_SPLITS.items():
        for split in splits:
            b.event(
                f"vn-{split.key}",
                vn(original),
                vn(split.target),
                MARCH,
                PKG.RemitTransfer,
                INFERRED,
                False,
                True,
                f"{split.remit_en} moved from {vn(original)} to "
                f"{vn(split.target)} ({_day_en(MARCH)})".replace(str(ID["agency/vn/"]), ""),
                f"{RES_176}; định tuyến theo nội dung nhiệm vụ: suy luận",
                "The transfer of the remit is stated (Resolution 176/2025/QH15 and the "
                "Government's decrees); that a task goes with it because of its words is our "
                "inference (pkg:route).",
                split,
            )
    for org in CENTRAL_FRONT:
        b.event(
            f"vn-{org}-placed-under-front",
            vn(org),
            vn("uy-ban-trung-uong-mat-tran-to-quoc-viet-nam"),
            JULY,
            PKG.PlacedUnder,
            STATED,
            False,
            False,
            f"{org} placed under the Viet Nam Fatherland Front ({_day_en(JULY)}); "
            "it continues to exist",
            FRONT_LAW,
        )
    return b.graph


def all_events(reference: Graph) -> Graph:
    return central_events() + province_mergers(reference) + provincial_events(reference)


# ---------------------------------------------------------------------------------------------
# The resolver's answers, materialised (successions.ttl)
# ---------------------------------------------------------------------------------------------


def successions_graph(events: Graph, labels) -> Graph:
    """pkg:Succession rows: for each agency an event ends or moves, each route its obligations
    can take and each period between the dates that matter, who holds them (computed by
    policykg.succession, the resolver the Python callers use)."""
    from policykg.succession import from_graph

    resolver = from_graph(events)
    _check_one_routed_day(resolver)
    g = Graph()
    agencies = sorted(set(resolver.events) | set(resolver.endings))
    for agency in agencies:
        for route in [None, *resolver.routes_from(agency)]:
            for row in _periods(resolver, agency, route):
                _add_row(g, agency, route, row, labels)
    return g


def _check_one_routed_day(resolver: Successions) -> None:
    """The SPARQL form scores an owner's routes together, which matches the resolver only when
    every chain meets routes on one body at most (a split body's successors split no further)."""
    routed = {a for a, events in resolver.events.items() if any(e.route for e in events)}
    for agency in routed:
        for event in resolver.events[agency]:
            later = resolver.routes_from(event.resulting)
            if later:
                raise ValueError(f"{agency} -> {event.resulting}: a second routed body on the way")


def _periods(resolver: Successions, agency: str, route: Route | None):
    """(from, until, holding) per period in which the holder stays the same."""
    days = resolver.breakpoints(agency)
    rows = []
    for i, day in enumerate(days):
        until = days[i + 1] if i + 1 < len(days) else None
        for holding in resolver.holdings(agency, day, route=route):
            key = (holding.holder, tuple((h.event, h.target) for h in holding.hops))
            same = [r for r in rows if r[3] == key and r[1] == day]
            if same:
                same[0][1] = until
            else:
                rows.append([day, until, holding, key])
    return [(r[0], r[1], r[2]) for r in rows]


def _add_row(g: Graph, agency: str, route: Route | None, row, labels) -> None:
    start, until, holding = row
    digest = hashlib.sha1(
        f"{agency}|{route.rule if route else ''}|{start}|{holding.holder}".encode()
    ).hexdigest()[:16]
    node = ID[f"succession/{digest}"]
    g.add((node, RDF.type, PKG.Succession))
    g.add((node, PKG.successionOf, URIRef(agency)))
    if holding.holder is not None:
        g.add((node, PKG.holder, URIRef(holding.holder)))
    g.add((node, PKG.validFrom, Literal(start.isoformat(), datatype=XSD.date)))
    if until is not None:
        g.add((node, PKG.validUntil, Literal(until.isoformat(), datatype=XSD.date)))
    if route is not None:
        g.add((node, PKG.route, URIRef(route.iri)))
    g.add((node, PKG.successionPath, Literal(path_text(holding, labels), lang="vi")))
    g.add((node, PKG.basis, INFERRED if holding.inferred else STATED))


# ---------------------------------------------------------------------------------------------
# Writing the files
# ---------------------------------------------------------------------------------------------

_EVENTS_HEADER = """\
# The 2025 reorganisation as org:ChangeEvent (IRI id/event/<slug>). GENERATED by
# `python -m policykg.reorganisation` from the rules in policykg/reorganisation.py applied to every
# province of provinces.ttl and every agency type of agency-types.ttl: edit the rules and
# regenerate; do not edit this file by hand.
#
# Each event: org:originalOrganization, org:resultingOrganization (absent when nothing succeeds),
# prov:atTime, pkg:changeKind, pkg:basis (pkg:StatedFact: the cited act states it;
# pkg:ModellingInference: our reading, explained in rdfs:comment), pkg:endsOriginal,
# pkg:inheritsObligations, dct:source. A remit that went its own way (Sở LĐTBXH: children to Sở Y
# tế, vocational training to Sở GD&ĐT, poverty reduction to Sở NN&MT, labour to Sở Nội vụ; Sở
# TT&TT: press to Sở VHTTDL, digital platforms to Sở KH&CN)
# carries a route (pkg:route: a pkg:RemitRoute node with pkg:remitRank, pkg:remitKeyword and
# pkg:remitRule): keywords in the task's text, else in its document's title, choose it
# (policykg/succession.py). The events of one day without a route are the default (the merger).
"""
_SUCCESSIONS_HEADER = """\
# Who holds an agency's obligations, per route and period: pkg:Succession rows GENERATED by
# `python -m policykg.reorganisation` with policykg.succession (the resolver trace, validate and
# analyze call) from reorganisation.ttl and provinces.ttl. The dissolved-owners query reads them;
# do not edit by hand. A row without pkg:route is the default route; pkg:validUntil is exclusive
# and absent while the holding lasts.
"""


def _write(directory: Path, name: str, header: str, graph: Graph) -> Path:
    from policykg.gazetteer import _turtle_body
    from policykg.namespaces import PREFIXES

    text = (
        header
        + "\n"
        + "".join(
            f"@prefix {p}: <{PREFIXES[p]}> .\n"
            for p in ("pkg", "org", "prov", "dct", "rdfs", "xsd")
        )
        + "\n"
        + _turtle_body(graph)
    )
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    target = directory / name
    os.replace(tmp, target)
    return target


def curated(directory: Path) -> Graph:
    """What the rules read: provinces, agency types and central agencies (never generated)."""
    return rdfio.read(
        directory / n
        for n in ("provinces.ttl", "agency-types.ttl", "agencies.ttl", "agencies-central.ttl")
    )


def labeller(reference: Graph):
    """IRI -> Vietnamese label, for the paths in successions.ttl (instances computed by the
    gazetteer's naming rules, so agencies-provinces.ttl need not be read)."""
    provinces, types = read_provinces(reference), read_types(reference)
    names: dict[str, str] = {}
    for province in provinces.values():
        for info in types.values():
            iri = str(type_agency_iri(info, province))
            names[iri] = full_name(info.short, province, info.branch == PKG.Press)
    for s, o in reference.subject_objects(RDFS.label):
        if isinstance(o, Literal) and o.language == "vi":
            names.setdefault(str(s), str(o))
    return lambda iri: names.get(str(iri), str(iri).rsplit("/", 1)[-1])


def write_all(directory: Path | None = None) -> list[Path]:
    directory = directory or resources.reference_dir()
    reference = curated(directory)
    events = all_events(reference)
    rows = successions_graph(events, labeller(reference))
    return [
        _write(directory, EVENTS_FILE, _EVENTS_HEADER, events),
        _write(directory, SUCCESSIONS_FILE, _SUCCESSIONS_HEADER, rows),
    ]


if __name__ == "__main__":
    for path in write_all():
        print(path)
