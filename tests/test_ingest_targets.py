"""Numeric targets (comparators, Vietnamese numbers, indicators) and their baselines."""

from decimal import Decimal
from pathlib import Path

import pytest

from policykg.gazetteer import Gazetteer
from policykg.ingest.obligations import extract_obligations
from policykg.ingest.pipeline import parse_file
from policykg.ingest.targets import (
    attach_baselines,
    cell_target,
    parse_number,
    parse_targets,
    situation_figures,
)
from policykg.resources import sources_dir


@pytest.mark.parametrize(
    "printed, value",
    [
        ("97,2", "97.2"),
        ("1.200", "1200"),
        ("0,05", "0.05"),
        ("6", "6"),
        ("12.500,5", "12500.5"),
    ],
)
def test_vietnamese_numbers(printed, value):
    assert parse_number(printed) == Decimal(value)


@pytest.mark.parametrize(
    "clause, comparator, value",
    [
        (
            "(2) Phấn đấu tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể cân nặng theo tuổi "
            "giảm còn dưới 6%.",
            "<",
            "6",
        ),
        ("Tỷ lệ xã, phường đạt tiêu chuẩn phù hợp với trẻ em đạt 97,2%.", ">=", "97.2"),
        ("Tỷ lệ trẻ em được tiêm chủng đầy đủ đạt trên 95%.", ">", "95"),
        ("Tỷ lệ trẻ em được khám sức khỏe định kỳ tối thiểu 90%.", ">=", "90"),
        ("Tỷ lệ trẻ em bị tai nạn thương tích không quá 2%.", "<=", "2"),
        ("Tỷ lệ trẻ em suy dinh dưỡng giảm xuống còn 10,5%.", "<=", "10.5"),
    ],
)
def test_comparators(clause, comparator, value):
    (target,) = parse_targets(clause)
    assert (target.comparator, target.value, target.unit) == (comparator, Decimal(value), "%")
    assert clause[target.span.start : target.span.end].endswith("%")


def test_indicator_text_and_year():
    (target,) = parse_targets(
        "Đến năm 2030, phấn đấu tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi giảm còn "
        "dưới 15%."
    )
    assert target.indicator == "tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi"
    assert target.year == 2030


def test_ages_are_not_targets():
    assert (
        parse_targets(
            "phổ cập giáo dục mầm non cho trẻ em dưới 5 tuổi; trẻ em từ 03 đến 05 tuổi", counts=True
        )
        == []
    )


def test_two_targets_in_one_item_and_a_count():
    targets = parse_targets(
        "Tỷ lệ trẻ em hoàn thành chương trình cấp tiểu học đạt 99%; phần đầu tỷ "
        "lệ trẻ em bỏ học bậc tiểu học giảm còn dưới 0,1%."
    )
    assert [(t.comparator, t.value) for t in targets] == [(">=", 99), ("<", Decimal("0.1"))]
    assert targets[1].indicator == "tỷ lệ trẻ em bỏ học bậc tiểu học"
    (count,) = parse_targets("Số lượt trẻ em được tư vấn đạt ít nhất 1.200 lượt.", counts=True)
    assert (count.comparator, count.value, count.unit) == (">=", 1200, "lượt")
    # outside a targets section a count needs a strong comparator ("ít nhất", "tối thiểu")
    assert parse_targets("Số lượt trẻ em được tư vấn đạt 1.200 lượt.") == []


def test_a_leading_percentage_is_a_target():
    (target,) = parse_targets(
        "Bảo đảm 100% đảng viên, cán bộ, công chức được quán triệt nội dung Chỉ thị."
    )
    assert (target.comparator, target.value, target.unit) == (">=", 100, "%")
    assert target.indicator.startswith("đảng viên, cán bộ")


def test_an_elided_indicator_is_completed():
    figures = situation_figures(
        "tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể cân nặng theo tuổi "
        "giảm còn 9,8% và thể chiều cao theo tuổi giảm còn 19,6% năm 2023"
    )
    assert [f.value for f, _ in figures] == [Decimal("9.8"), Decimal("19.6")]
    assert figures[1][0].indicator == (
        "tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể chiều cao theo tuổi"
    )
    assert figures[1][1] == 2023  # a year printed in the clause
    assert figures[0][1] is None


def test_baselines_match_by_indicator_not_by_position():
    targets = parse_targets(
        "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp đạt 97%; tỷ lệ trẻ em có "
        "hoàn cảnh đặc biệt giảm còn dưới 0,5%; tỷ lệ trẻ em đuối nước giảm còn 1%."
    )
    figures = situation_figures(
        "tỷ lệ trẻ em có hoàn cảnh đặc biệt giảm còn 1,11%; tỷ lệ trẻ em có "
        "hoàn cảnh đặc biệt được trợ giúp, chăm sóc để phục hồi đạt 93,4%."
    )
    attach_baselines(targets, figures)
    assert [t.baseline_value for t in targets] == [Decimal("93.4"), Decimal("1.11"), None]


def test_the_programmes_targets_and_baselines():
    path = next(Path(sources_dir()).glob("004_*.txt"))
    programme = parse_file(path)[1]
    found = [t for o in extract_obligations(programme, Gazetteer.load()) for t in o.targets]
    pairs = {(str(t.value), t.comparator): str(t.baseline_value) for t in found}
    assert pairs == {
        ("97.2", ">="): "71.3",
        ("6", "<"): "9.8",
        ("12", "<"): "19.6",
        ("99.3", ">="): "99",
        ("99", ">="): "99.88",
        ("0.1", "<"): "0.45",
        ("93", ">="): "98.7",
        ("0.05", "<"): "1.82",
        ("0.5", "<"): "1.11",
        ("97", ">="): "93.4",
        ("100", ">="): "None",
    }
    for target in found:
        assert "%" in programme.text[target.span.start : target.span.end]


BAC_NINH_PROGRAMME = """TỈNH ỦY BẮC NINH
Số 46-CTr/TU
Bắc Ninh, ngày 12 tháng 5 năm 2024

CHƯƠNG TRÌNH
Thực hiện Chỉ thị số 28-CT/TW, ngày 25/12/2023 của Bộ Chính trị

Năm 2023, tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi còn 18,5%; tỷ lệ xã,
phường đạt tiêu chuẩn phù hợp với trẻ em đạt 80%.

I. MỤC TIÊU
1. Mục tiêu cụ thể đến năm 2030
(1) Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi giảm còn dưới 15%.
(2) Tỷ lệ xã, phường đạt tiêu chuẩn phù hợp với trẻ em đạt trên 90%.

II. TỔ CHỨC THỰC HIỆN
1. Giao Sở Y tế chủ trì theo dõi, tổng hợp.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Nguyễn Văn A
"""


def test_horizon_from_the_heading_and_baselines_from_the_preamble(tmp_path):
    path = tmp_path / "bac-ninh-ctr.txt"
    path.write_text(BAC_NINH_PROGRAMME, encoding="utf-8")
    (document,) = parse_file(path)
    found = {
        o.item.path: o.targets for o in extract_obligations(document, Gazetteer.load()) if o.targets
    }
    (stunting,) = found["I.1.1"]
    assert (stunting.comparator, stunting.value, stunting.year) == ("<", 15, 2030)
    # the date line "ngày 12 tháng 5 năm 2024" is not the figure's year; "Năm 2023," is
    assert (stunting.baseline_value, stunting.baseline_year) == (Decimal("18.5"), 2023)
    (friendly,) = found["I.1.2"]
    assert (friendly.comparator, friendly.value, friendly.baseline_value) == (">", 90, 80)


def test_at_least_and_per_mille_targets():
    (at_least,) = parse_targets("(4) Tỷ lệ xã, thị trấn phù hợp với trẻ em đạt từ 90% trở lên.")
    assert (at_least.comparator, at_least.value, at_least.unit) == (">=", Decimal("90"), "%")
    (mille,) = parse_targets("Tỷ suất tử vong trẻ em dưới 5 tuổi giảm xuống dưới 10‰.")
    assert (mille.comparator, mille.value, mille.unit) == ("<", Decimal("10"), "‰")


def test_a_paragraph_opening_with_a_year_dates_each_of_its_figures():
    text = "Năm 2024, tỷ lệ trẻ em có thẻ bảo hiểm y tế đạt 96,8%; tỷ lệ suy dinh dưỡng còn 14,6%."
    assert [(f.value, year) for f, year in situation_figures(text)] == [
        (Decimal("96.8"), 2024),
        (Decimal("14.6"), 2024),
    ]


def test_a_numbered_target_opening_with_its_percentage():
    (target,) = parse_targets("(2) 100% xã, phường đạt tiêu chuẩn phù hợp với trẻ em.")
    assert (target.comparator, target.value, target.unit) == (">=", Decimal("100"), "%")
    assert target.indicator == "xã, phường đạt tiêu chuẩn phù hợp với trẻ em"
    assert parse_targets("Năm 2023 có 100 trẻ em được hỗ trợ") == []


# --- issue 11 item 7: the comparators and units of real plans (in-house examples) -------------


@pytest.mark.parametrize(
    "clause, comparator, value, unit, indicator",
    [
        (
            "Tỷ số tử vong mẹ giảm xuống dưới 42/100.000 trẻ đẻ sống vào năm 2030.",
            "<", "42", "/100.000 trẻ đẻ sống", "Tỷ số tử vong mẹ",
        ),
        (
            "Tỷ lệ mắc bệnh lao giảm còn 98/100.000 dân.",
            "<=", "98", "/100.000 dân", "Tỷ lệ mắc bệnh lao",
        ),
        (
            "Phấn đấu đạt 92% số phường có điểm vui chơi cho trẻ em.",
            ">=", "92", "%", "số phường có điểm vui chơi cho trẻ em",
        ),
        (
            "Cắt giảm tối thiểu 25% chi phí tuân thủ thủ tục hành chính.",
            ">=", "25", "%", "Cắt giảm chi phí tuân thủ thủ tục hành chính",
        ),
    ],
)
def test_rates_per_100000_and_figures_before_their_indicator(
    clause, comparator, value, unit, indicator
):
    (target,) = parse_targets(clause)
    assert (target.comparator, target.value, target.unit, target.indicator) == (
        comparator, Decimal(value), unit, indicator,
    )


def test_a_count_after_a_strong_comparator_is_a_target_outside_a_targets_section():
    (target,) = parse_targets("Mỗi phường tổ chức ít nhất 03 buổi đối thoại với trẻ em trong năm.")
    # the unit is the counted head noun; what is counted stays in the indicator
    assert (target.comparator, target.value, target.unit) == (">=", Decimal(3), "buổi")
    assert "buổi đối thoại" in target.indicator
    (target,) = parse_targets("Tập huấn tối thiểu 120 cán bộ làm công tác trẻ em.")
    assert (target.value, target.unit, target.indicator) == (
        Decimal(120), "cán bộ", "Tập huấn cán bộ làm công tác trẻ em"
    )
    # a bare comparator before a count stays an age group or a plain mention
    assert parse_targets("Trẻ em dưới 6 tuổi được cấp thẻ.") == []
    assert parse_targets("Thời gian giải quyết không quá 10 ngày làm việc.") == []


# --- real forms of plans' specific targets (in-house examples modelled on them) ---------------


@pytest.mark.parametrize(
    "clause, value, unit",
    [
        ("Xây dựng ít nhất 15 mô hình chăn nuôi an toàn sinh học tại các xã.", "15", "mô hình"),
        ("Phát triển tối thiểu 40 doanh nghiệp chế biến gỗ xuất khẩu.", "40", "doanh nghiệp"),
        ("Hình thành ít nhất 02 vùng trồng dược liệu tập trung.", "2", "vùng"),
        ("Có tối thiểu 05 cơ sở đào tạo nghề đạt chuẩn.", "5", "cơ sở"),
        ("Có ít nhất 02 loại hình sản phẩm được cấp nhãn.", "2", "loại hình"),
        # a range's floor, counted in what follows its ceiling
        ("Ít nhất 2 - 3 công trình nghiên cứu hợp tác được công bố.", "2", "công trình"),
    ],
)
def test_a_counts_unit_is_its_head_noun(clause, value, unit):
    (target,) = parse_targets(clause, counts=True)
    assert (target.value, target.unit) == (Decimal(value), unit)
    assert clause[target.span.start : target.span.end].endswith(target.indicator.split()[-1])


def test_figures_of_a_list_share_the_verb_and_comparator():
    targets = parse_targets(
        "Năm 2027, rút gọn 100% thủ tục không cần thiết; bãi bỏ 100% giấy phép con trái luật; "
        "cắt giảm 40% thời gian xử lý hồ sơ, 30% chi phí đi lại của người dân so với năm 2025."
    )
    assert [(t.value, t.unit, t.year) for t in targets] == [
        (Decimal(100), "%", 2027),
        (Decimal(40), "%", 2027),
        (Decimal(30), "%", 2027),
    ]
    assert targets[0].indicator.startswith("bãi bỏ giấy phép con")
    assert targets[1].indicator.startswith("cắt giảm thời gian xử lý hồ sơ")
    assert targets[2].indicator.startswith("chi phí đi lại")


def test_counts_listed_after_a_strong_comparator():
    targets = parse_targets(
        "Thành lập ít nhất 30 hợp tác xã kiểu mới, 12 hợp tác xã dịch vụ; trong đó có "
        "06 hợp tác xã ứng dụng công nghệ cao.",
        counts=True,
    )
    assert [(t.comparator, t.value, t.unit) for t in targets] == [
        (">=", Decimal(30), "hợp tác xã"),
        (">=", Decimal(12), "hợp tác xã"),
        ("=", Decimal(6), "hợp tác xã"),
    ]


@pytest.mark.parametrize(
    "clause, comparator, value, year",
    [
        ("- 100% trạm y tế xã kết nối hồ sơ sức khỏe điện tử.", ">=", "100", None),
        ("+ 95% hộ dân vùng sâu được dùng nước sạch.", ">=", "95", None),
        ("Đến năm 2028, 100% trường học có phòng học thông minh.", ">=", "100", 2028),
        ("c) Đến hết năm 2029: Có ≥ 45% hộ kinh doanh dùng hóa đơn điện tử.", ">=", "45", 2029),
    ],
)
def test_a_figure_opening_a_bullet_or_a_dated_clause(clause, comparator, value, year):
    (target,) = parse_targets(clause)
    assert (target.comparator, target.value, target.unit, target.year) == (
        comparator, Decimal(value), "%", year,
    )


def test_bare_counts_and_ranks_in_a_targets_section():
    (count,) = parse_targets("Tổ chức tập huấn 2.500 lượt nông dân về canh tác.", counts=True)
    assert (count.comparator, count.value, count.unit) == ("=", Decimal(2500), "lượt")
    # "top 05 tỉnh" ranks the province, it counts no provinces; a decree number counts nothing
    assert parse_targets("Tỉnh thuộc top 05 tỉnh miền núi về thu hút đầu tư.", counts=True) == []
    assert parse_targets("Thực hiện Nghị định số 45 của Chính phủ.", counts=True) == []
    ranks = parse_targets(
        "Tỉnh thuộc nhóm 10 địa phương dẫn đầu cả nước về chỉ số PCI vào năm 2027; thuộc "
        "nhóm 5 địa phương dẫn đầu vào năm 2030.",
        counts=True,
    )
    assert [(t.comparator, t.value, t.unit, t.year) for t in ranks] == [
        ("<=", Decimal(10), "địa", 2027),
        ("<=", Decimal(5), "địa", 2030),
    ]


def test_a_physical_measure_after_a_verb_of_attainment():
    (target,) = parse_targets("Diện tích rừng phòng hộ ven sông đến năm 2030 đạt 2.400 ha.")
    assert (target.comparator, target.value, target.unit, target.year) == (
        ">=", Decimal(2400), "ha", 2030,
    )
    assert target.indicator.startswith("Diện tích rừng phòng hộ ven sông")


def test_the_year_of_each_clause():
    targets = parse_targets(
        "Giải ngân đạt 100% kế hoạch vốn năm 2026. Tỷ lệ che phủ rừng đạt 45% vào năm 2028; "
        "đạt 47% vào năm 2030."
    )
    assert [t.year for t in targets] == [2026, 2028, 2030]


@pytest.mark.parametrize(
    "text",
    [
        "- Mỗi nhóm tối đa 08 thành viên, tỷ lệ nữ mỗi nhóm không quá 50%.",
        "- Một cán bộ phụ trách không quá 04 hộ gia đình.",
        "Người được đề cử phải còn ít nhất 01 nhiệm kỳ (60 tháng) công tác.",
        "Ví dụ: Đảng ủy B có 05 phó bí thư, được giới thiệu tối đa 03 người.",
        "+ Đồng chí Trần Văn Z, Giám đốc Sở, được giới thiệu tối đa 02 chức danh.",
        "Hàng hóa thuộc đối tượng chịu thuế giá trị gia tăng 5% theo quy định.",
    ],
)
def test_norms_examples_and_terms_are_not_targets(text):
    assert parse_targets(text, counts=True) == []


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("100%", "", (">=", "100", "%")),
        ("Tối thiểu 03", "xã", (">=", "3", "xã")),
        ("Không quá 1.200", "người", ("<=", "1200", "người")),
        ("Dưới 10‰", "", ("<", "10", "‰")),
    ],
)
def test_a_table_cell_value_is_a_goal(cell, unit, expected):
    target = cell_target("tỷ lệ …", cell, 0, unit)
    assert (target.comparator, str(target.value), target.unit) == expected
