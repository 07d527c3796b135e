"""Numeric targets (comparators, Vietnamese numbers, indicators) and their baselines."""

from decimal import Decimal
from pathlib import Path

import pytest

from policykg.gazetteer import Gazetteer
from policykg.ingest.obligations import extract_obligations
from policykg.ingest.pipeline import parse_file
from policykg.ingest.targets import (
    attach_baselines,
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
    assert (target.comparator, target.value, target.unit) == (">=", Decimal(3), "buổi đối thoại")
    (target,) = parse_targets("Tập huấn tối thiểu 120 cán bộ làm công tác trẻ em.")
    assert (target.value, target.unit, target.indicator) == (
        Decimal(120), "cán bộ", "Tập huấn cán bộ"
    )
    # a bare comparator before a count stays an age group or a plain mention
    assert parse_targets("Trẻ em dưới 6 tuổi được cấp thẻ.") == []
    assert parse_targets("Thời gian giải quyết không quá 10 ngày làm việc.") == []
