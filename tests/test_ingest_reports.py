"""Who a duty reports to (policykg/ingest/reports.py), phrasings of real 2025 documents."""

import pytest

from policykg.ingest.agencies import fold_keep
from policykg.ingest.reports import reports_to


def recipients(text: str) -> list[str]:
    return [a.phrase for a in reports_to(text, fold_keep(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # submitting up ("trình") and answering to ("chịu trách nhiệm trước") a body
        ("Tham mưu dự thảo kế hoạch, trình Ủy ban nhân dân tỉnh trong tháng 11/2025.",
         ["Ủy ban nhân dân tỉnh"]),
        ("Điều hành công việc, chịu trách nhiệm trước Trưởng Ban Chỉ đạo về kết quả thực hiện.",
         ["Trưởng Ban Chỉ đạo"]),
        ("Sớm trình Ủy ban Thường vụ Quốc hội Nghị quyết sửa đổi.", ["Ủy ban Thường vụ Quốc hội"]),
        # "trình" ending a noun is no submission
        ("Trong quá trình triển khai Đề án, phân cấp cho Bộ trưởng Bộ Xây dựng điều chỉnh.", []),
        ("Xây dựng chương trình Ủy ban nhân dân tỉnh phê duyệt.", []),
        ("Thực hiện trách nhiệm giải trình Ủy ban nhân dân tỉnh.", []),
        # the body advised submits, not the adviser: "tham mưu X trình Y"
        ("Chủ trì tham mưu Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh phương án.", []),
        # a topic after "về" is no part of an unknown body's name
        ("Chịu trách nhiệm trước Ủy ban nhân dân tỉnh, Ban Chỉ đạo Trung ương về kết quả.",
         ["Ủy ban nhân dân tỉnh", "Ban Chỉ đạo Trung ương"]),
        # a purpose of the duty itself before the report is no onward report of a recipient
        ("Nghiên cứu các kiến nghị để xem xét lồng ghép vào các đề án, báo cáo Thủ tướng Chính "
         "phủ trước ngày 15 tháng 12 năm 2025.", ["Thủ tướng Chính phủ"]),
        # the recipient's own onward report, however it is named again
        ("Gửi về Sở Tài chính để Sở tổng hợp, báo cáo Ủy ban nhân dân tỉnh.", ["Sở Tài chính"]),
        ("Gửi Sở Y tế để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.", ["Sở Y tế"]),
    ],
)
def test_recipients(text, expected):
    assert recipients(text) == expected
