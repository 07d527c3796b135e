"""The site's one translation table (Vietnamese first, English second) and how a request picks
its language: `?lang=vi|en` (remembered in a cookie), else the cookie, else Accept-Language,
else Vietnamese. Templates call `t("key")`; scripts read the `js.*` entries from a JSON island.
The CLI's human output uses the same table (`cli.*` keys; --lang or POLICYKG_LANG).
Dates are written as Vietnamese write them (Decree 30/2020: day with two digits, months 1 and 2
with a leading zero: 08/3/2024, 05/01/2025)."""

from __future__ import annotations

import errno
import re
from datetime import date
from string import Formatter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI reads this table too and need not load FastAPI for it
    from fastapi import Request

LANGS = ("vi", "en")
DEFAULT = "vi"
COOKIE = "lang"

# key -> (Vietnamese, English). Placeholders {name} are filled by t(key, name=...).
MESSAGES: dict[str, tuple[str, str]] = {
    # frame
    "site.switch": ("English", "Tiếng Việt"),
    "site.switch_title": ("Xem bằng tiếng Anh", "Xem bằng tiếng Việt"),
    "site.footer": ("Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị và các văn bản "
                    "thực hiện.",
                    "Directive 28-CT/TW of the Politburo (25/12/2023) and the documents carrying "
                    "it out."),
    "nav.label": ("Điều hướng chính", "Main navigation"),
    "nav.home": ("Trang chủ", "Home"),
    "nav.query": ("Truy vấn SPARQL", "SPARQL"),
    "nav.trace": ("Truy vết", "Trace"),
    "nav.validate": ("Kiểm tra kế hoạch", "Validate"),
    "nav.graph": ("Đồ thị", "Graph"),
    "nav.ontology": ("Bản thể học", "Ontology"),
    "nav.api": ("API", "API"),
    # home and search
    "home.title": ("Tổng quan", "Overview"),
    "home.h1": ("Nhiệm vụ thực hiện Chỉ thị số 28-CT/TW và các văn bản triển khai",
                "Obligations of Directive 28-CT/TW and the documents carrying it out"),
    "search.label": ("Tìm văn bản, nhiệm vụ, cơ quan (gõ có dấu hoặc không dấu)",
                     "Search documents, obligations and agencies (accents optional)"),
    "search.placeholder": ("so y te, 109-KH/TU, dinh duong…", "so y te, 109-KH/TU, nutrition…"),
    "search.button": ("Tìm", "Search"),
    "search.title": ("Tìm kiếm", "Search"),
    "search.words": ("Từ khóa (không bắt buộc dấu)", "Words (accents optional)"),
    "search.count": ("{n} kết quả cho “{q}”.", "{n} results for “{q}”."),
    "home.holds": ("Dữ liệu hiện có", "What the graph holds"),
    "count.documents": ("văn bản", "documents"),
    "count.obligations": ("nhiệm vụ", "obligations"),
    "count.agencies": ("cơ quan", "agencies"),
    "count.levels": ("cấp", "levels"),
    "col.level": ("Cấp", "Level"),
    "col.documents": ("Văn bản", "Documents"),
    "col.obligations": ("Nhiệm vụ", "Obligations"),
    "col.agencies": ("Cơ quan", "Agencies"),
    "home.cascade": ("Hệ thống văn bản", "The cascade"),
    "home.cascade_note": ("Mỗi văn bản nằm dưới văn bản mà nó triển khai thực hiện.",
                          "Each document under the one it carries out."),
    "home.n_obligations": ("{n} nhiệm vụ", "{n} obligations"),
    "home.empty": ("Kho dữ liệu chưa có văn bản nào.", "No documents in the store yet."),
    "kind.document": ("văn bản", "document"),
    "kind.obligation": ("nhiệm vụ", "obligation"),
    "kind.agency": ("cơ quan", "agency"),
    "action.trace": ("truy vết", "trace"),
    # resource pages
    "res.data": ("Dữ liệu RDF", "RDF data"),
    "res.all_triples": ("Tất cả bộ ba ({n})", "All triples ({n})"),
    "res.referred": ("Được nhắc đến bởi", "Referred to by"),
    "res.copy_iri": ("Sao chép IRI", "Copy IRI"),
    "res.graph_around": ("Đồ thị xung quanh", "Graph around it"),
    "res.trace_task": ("Truy vết nhiệm vụ này", "Trace this task"),
    "res.none": ("—", "—"),
    "doc.type": ("Loại văn bản", "Type"),
    "doc.number": ("Số, ký hiệu", "Number"),
    "doc.date": ("Ngày ban hành", "Date"),
    "doc.issuer": ("Cơ quan ban hành", "Issued by"),
    "doc.signer": ("Người ký", "Signed by"),
    "doc.level": ("Cấp", "Level"),
    "doc.province": ("Tỉnh, thành phố", "Province"),
    "doc.implements": ("Triển khai thực hiện", "Carries out"),
    "doc.implemented_by": ("Được triển khai bởi", "Carried out by"),
    "doc.tasks": ("Nhiệm vụ ({n})", "Tasks ({n})"),
    "doc.no_tasks": ("Văn bản này không có nhiệm vụ nào được trích xuất.",
                     "No tasks were extracted from this document."),
    "doc.source": ("Tệp nguồn", "Source file"),
    "doc.untitled": ("Văn bản không số", "Unnumbered document"),
    "doc.title_unreadable": ("trích yếu không đọc được từ bản quét",
                             "title unreadable in the scan"),
    "doc.title_unreadable_long": ("Trích yếu của văn bản không đọc được từ bản quét (nhận dạng "
                                  "ký tự sai) nên không hiển thị; xem số, loại và cơ quan ban "
                                  "hành bên dưới.",
                                  "The document's title was misread in the scan (OCR) and is not "
                                  "shown; see its number, type and issuer below."),
    "col.section": ("Mục", "Section"),
    "col.task": ("Nhiệm vụ", "Task"),
    "col.owners": ("Chủ trì", "Owners"),
    "col.coordinators": ("Phối hợp", "Coordinating"),
    "col.deadline": ("Thời hạn", "Deadline"),
    "col.document": ("Văn bản", "Document"),
    "agency.kind": ("Cơ quan", "Agency"),
    "agency.level": ("Cấp", "Level"),
    "agency.branch": ("Khối", "Branch"),
    "agency.province": ("Tỉnh, thành phố", "Province"),
    "agency.parent": ("Trực thuộc", "Part of"),
    "agency.owns": ("Nhiệm vụ chủ trì ({n})", "Obligations it owns ({n})"),
    "agency.coordinates": ("Nhiệm vụ phối hợp ({n})", "Obligations it coordinates ({n})"),
    "agency.reports": ("Nhận báo cáo ({n})", "Reports it receives ({n})"),
    "agency.issued": ("Văn bản ban hành ({n})", "Documents it issued ({n})"),
    "agency.lineage": ("Sắp xếp, hợp nhất", "Reorganisation"),
    "agency.predecessors": ("Tiền thân", "Predecessors"),
    "agency.successors": ("Kế thừa bởi", "Succeeded by"),
    "agency.unresolved": ("Cơ quan chưa xác định được trong danh mục",
                          "An agency not found in the gazetteer"),
    "agency.nothing": ("Chưa có nhiệm vụ nào gắn với cơ quan này.",
                       "No obligations name this agency yet."),
    "col.today": ("Hiện nay", "Today"),
    "col.today_title": ("Cơ quan đang giữ nhiệm vụ vào ngày {d} theo sắp xếp tổ chức bộ máy",
                        "The body that holds the task on {d} after the reorganisation"),
    "col.holder_from": ("Nhận từ", "Passed on from"),
    "lin.timeline": ("Lịch sử sắp xếp", "Lineage"),
    "lin.as_of": ("Tính đến ngày {d}.", "As of {d}."),
    "lin.exists": ("Cơ quan đang hoạt động.", "This body exists today."),
    "lin.ended": ("Cơ quan đã kết thúc hoạt động từ ngày {d}.", "This body ended on {d}."),
    "lin.since": ("Hoạt động từ ngày {d}.", "In existence since {d}."),
    "lin.successors": ("Nhiệm vụ của cơ quan được chuyển tiếp", "Where its obligations went"),
    "lin.default": ("Mặc định (nhiệm vụ không thuộc lĩnh vực được tách riêng)",
                    "By default (a task outside the remits split off)"),
    "lin.by_rule": ("Theo lĩnh vực: {rule}", "By remit: {rule}"),
    "lin.predecessors": ("Cơ quan tiền thân", "Predecessors"),
    "lin.no_change": ("Không có thay đổi tổ chức nào được ghi nhận.",
                      "No reorganisation recorded."),
    "lin.stated": ("căn cứ văn bản", "stated"),
    "lin.inferred": ("suy luận", "inferred"),
    "lin.inferred_title": ("Suy luận của mô hình, không phải văn bản quy định",
                           "A modelling inference, not stated by a document"),
    "lin.holder": ("Cơ quan đảm nhận hiện nay: ", "Held today by "),
    "lin.no_holder": ("không có cơ quan kế thừa được ghi nhận", "no successor recorded"),
    "lin.holds": ("Nhiệm vụ tiếp nhận do sắp xếp tổ chức ({n})",
                  "Obligations it holds today through reorganisation ({n})"),
    "lin.stated_owner": ("Chủ trì theo văn bản", "Stated owner"),
    "lin.path": ("Đường chuyển giao", "Path"),
    "lin.json": ("Dữ liệu JSON", "JSON data"),
    "lin.no_successor": ("không có cơ quan kế thừa được ghi nhận", "no successor recorded"),
    "succ.rule": ("quy tắc: {rule} ({cue})", "rule: {rule} ({cue})"),
    "succ.by_text": ("theo nội dung nhiệm vụ", "task text"),
    "succ.by_title": ("theo trích yếu văn bản", "document title"),
    "change.Merger": ("hợp nhất", "merger"),
    "change.RemitTransfer": ("chuyển giao chức năng", "remit transfer"),
    "change.Dissolution": ("giải thể", "dissolution"),
    "change.PlacedUnder": ("chuyển về trực thuộc", "placed under"),
    "change.Renaming": ("đổi tên", "renaming"),
    "change.None": ("thay đổi tổ chức", "reorganisation"),
    "doc.overdue": ("Nhiệm vụ quá hạn ({n})", "Overdue tasks ({n})"),
    "doc.overdue_note": ("Thời hạn đã qua trước ngày {d} và không có văn bản nào đặt thời hạn "
                         "mới cho nhiệm vụ.",
                         "The deadline passed before {d} and no later document sets a new one."),
    "doc.text": ("Toàn văn", "Full text"),
    "doc.text_note": ("Văn bản đã chuẩn hóa; các đoạn được tô sáng là nơi nêu nhiệm vụ.",
                      "The normalised text; highlighted passages state the tasks."),
    "doc.to_passage": ("Xem đoạn văn", "Show passage"),
    "doc.to_task": ("Nhiệm vụ {p}", "Task {p}"),
    "doc.ics": ("Lịch thời hạn (.ics)", "Deadlines calendar (.ics)"),
    "cal.title": ("Lịch thời hạn", "Deadlines"),
    "cal.h1": ("Lịch thời hạn thực hiện nhiệm vụ", "Deadlines of the tasks"),
    "cal.note": ("Tính đến ngày {d}. Cơ quan chủ trì hiện nay theo sắp xếp tổ chức bộ máy.",
                 "As of {d}. Owners today after the reorganisation."),
    "cal.overdue": ("Quá hạn ({n})", "Overdue ({n})"),
    "cal.upcoming": ("Sắp đến hạn ({n})", "Upcoming ({n})"),
    "cal.this_month": ("trong tháng này", "this month"),
    "cal.none": ("Không có thời hạn nào.", "No deadlines."),
    "cal.filter": ("Lọc", "Filter"),
    "cal.province": ("Tỉnh, thành phố", "Province"),
    "cal.level": ("Cấp", "Level"),
    "cal.all": ("Tất cả", "All"),
    "cal.owner": ("Cơ quan chủ trì", "Owner"),
    "cal.ics": ("Tải lịch (.ics)", "Download calendar (.ics)"),
    "cal.by_owner": ("Theo cơ quan chủ trì", "By owner"),
    "nav.deadlines": ("Thời hạn", "Deadlines"),
    "obl.kind": ("Nhiệm vụ", "Obligation"),
    "obl.in": ("Nêu tại", "Stated in"),
    "obl.section": ("Mục", "Section"),
    "obl.owners": ("Cơ quan chủ trì", "Owners"),
    "obl.implied": ("Chủ trì (suy ra)", "Implied owners"),
    "obl.coordinators": ("Cơ quan phối hợp", "Coordinating"),
    "obl.reports_to": ("Báo cáo về", "Reports to"),
    "obl.deadline": ("Thời hạn", "Deadline"),
    "obl.recurrence": ("Định kỳ", "Recurrence"),
    "obl.modality": ("Hình thức", "Modality"),
    "obl.concretises": ("Cụ thể hóa nhiệm vụ", "Carries out the task"),
    "obl.concretised_by": ("Được cụ thể hóa bởi", "Carried out by"),
    "obl.passage": ("Đoạn văn bản gốc", "Source passage"),
    "obl.targets": ("Chỉ tiêu", "Targets"),
    "obl.baseline": ("hiện trạng {value} ({year})", "baseline {value} ({year})"),
    "freq.ANNUAL": ("hằng năm", "annually"),
    "freq.QUARTERLY": ("hằng quý", "quarterly"),
    "freq.MONTHLY": ("hằng tháng", "monthly"),
    "freq.WEEKLY": ("hằng tuần", "weekly"),
    "freq.DAILY": ("hằng ngày", "daily"),
    "freq.BIENNIAL": ("hai năm một lần", "every two years"),
    "freq.ANNUAL_2": ("sáu tháng một lần", "twice a year"),
    "month_year": ("tháng {m}/{y}", "{month} {y}"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    # errors
    "error.title": ("Lỗi", "Error"),
    "error.404": ("Không tìm thấy trang", "Page not found"),
    "error.404_text": ("Không có dữ liệu nào về địa chỉ này.",
                       "Nothing is known about this address."),
    "error.400": ("Yêu cầu không hợp lệ", "Bad request"),
    "error.413": ("Tệp quá lớn", "File too large"),
    "error.415": ("Loại tệp không được hỗ trợ", "Unsupported file type"),
    "error.429": ("Quá nhiều yêu cầu, vui lòng thử lại sau giây lát",
                  "Too many requests, please retry shortly"),
    "error.503": ("Dịch vụ tạm thời không đáp ứng", "Service temporarily unavailable"),
    "error.500": ("Lỗi máy chủ", "Internal server error"),
    "error.other": ("Có lỗi xảy ra", "Something went wrong"),
    "error.detail": ("Chi tiết", "Detail"),
    "error.home": ("Về trang chủ", "Back to the home page"),
    # trace
    "trace.title": ("Truy vết nhiệm vụ", "Trace"),
    "trace.h1": ("Truy vết một nhiệm vụ qua các cấp", "Trace a task through the levels"),
    "trace.label": ("Số văn bản và mục (“28-CT/TW II.3”), IRI của nhiệm vụ hoặc từ khóa",
                    "Document number and section (“28-CT/TW II.3”), an obligation IRI or words"),
    "trace.as_of": ("Cơ quan hiện nay tính đến ngày", "Owners as of"),
    "trace.button": ("Truy vết", "Trace"),
    "date.placeholder": ("ngày/tháng/năm", "YYYY-MM-DD"),
    "trace.count": ("{n} nhiệm vụ trong chuỗi, cơ quan hiện nay tính đến ngày {date}.",
                    "{n} obligations in the chain, owners as of {date}."),
    "trace.owners_written": ("Chủ trì theo văn bản", "Owners as written"),
    "trace.owners_today": ("Chủ trì hiện nay", "Owners today"),
    "trace.none_named": ("không nêu", "none named"),
    "trace.implied": ("suy ra", "implied"),
    "trace.inferred": ("suy luận", "inferred"),
    "trace.above": ("Nhiệm vụ cấp trên", "The task above"),
    "trace.export": ("Tải xuống", "Download"),
    "trace.link": ("Liên kết cố định", "Permanent link"),
    "trace.print": ("In", "Print"),
    "trace.passage_in": ("Đoạn gốc trong {file} (ký tự {start}–{end})",
                         "Source passage in {file} (characters {start}–{end})"),
    "trace.graph": ("Đồ thị quanh nhiệm vụ", "Focused graph"),
    "trace.graph_title": ("Đồ thị trách nhiệm quanh nhiệm vụ được truy vết",
                          "Responsibility graph around the traced task"),
    "trace.empty": ("Không tìm thấy nhiệm vụ nào khớp với “{q}”.", "No task matches “{q}”."),
    # validate
    "validate.title": ("Kiểm tra kế hoạch", "Validate a plan"),
    "validate.intro": ("Tải lên một kế hoạch ({types}; tối đa {mb} MB). Kế hoạch được kiểm tra "
                       "theo các ràng buộc SHACL, đối chiếu với đồ thị; dữ liệu không bị thay đổi.",
                       "Upload a plan ({types}; at most {mb} MB). It is checked against the SHACL "
                       "shapes with the graph as context; the store is not changed."),
    "validate.file": ("Tệp", "File"),
    "validate.choose": ("Chọn tệp…", "Choose a file…"),
    "validate.no_file": ("Chưa chọn tệp nào", "No file chosen"),
    "validate.as_of": ("Tính đến ngày", "As of"),
    "validate.button": ("Kiểm tra", "Validate"),
    "validate.tools": ("Dùng từ công cụ khác:", "From tools:"),
    "validate.can_add": ("Thêm kế hoạch đạt yêu cầu vào đồ thị: POST /validate/add kèm mã "
                         "cập nhật.",
                         "Adding a plan that passes: POST /validate/add with the update token."),
    "validate.read_only": ("Máy chủ này chỉ cho phép đọc: không thể thêm kế hoạch.",
                           "This server is read-only: plans cannot be added."),
    "report.title": ("Kết quả kiểm tra {name}", "Validation of {name}"),
    "report.conforms": ("Đạt yêu cầu", "Conforms"),
    "report.not_conforms": ("Chưa đạt yêu cầu", "Does not conform"),
    "report.verdict": ("(tính đến ngày {date}; đã kiểm tra {n} đối tượng): {v} vi phạm, "
                       "{w} cảnh báo, {i} thông tin.",
                       "(as of {date}; {n} nodes checked): {v} violation(s), {w} warning(s), "
                       "{i} info."),
    "report.download": ("Tải báo cáo", "Download the report"),
    "report.download_note": ("Báo cáo được tạo lại khi tải xuống (tệp được gửi lại).",
                             "The report is made again for the download (the file is sent again)."),
    "report.note": ("Ghi chú", "Note"),
    "report.times": ("{n} lần", "{n} times"),
    "report.value": ("giá trị", "value"),
    "report.see": ("xem đoạn văn", "see the passage"),
    "report.passages": ("Các đoạn của kế hoạch đã tải lên", "Passages of the uploaded plan"),
    "report.chars": ("ký tự {start}–{end}", "characters {start}–{end}"),
    "report.again": ("Kiểm tra kế hoạch khác", "Validate another plan"),
    "report.csv.severity": ("Mức độ", "Severity"),
    "report.csv.message": ("Nội dung", "Message"),
    "report.csv.document": ("Văn bản", "Document"),
    "report.csv.section": ("Mục", "Section"),
    "report.csv.text": ("Nhiệm vụ", "Task"),
    "report.csv.value": ("Giá trị", "Value"),
    "report.csv.focus": ("IRI", "IRI"),
    "report.csv.shape": ("Ràng buộc", "Shape"),
    "report.html": ("Trang HTML", "HTML page"),
    "severity.Violation": ("Vi phạm", "Violations"),
    "severity.Warning": ("Cảnh báo", "Warnings"),
    "severity.Info": ("Thông tin", "Info"),
    # query
    "query.title": ("Truy vấn SPARQL", "SPARQL query"),
    "query.intro": ("Truy vấn chạy trên /sparql (chỉ đọc; đồ thị mặc định là hợp của mọi đồ thị "
                    "có tên; có thể bỏ các dòng PREFIX của dự án). Chọn một truy vấn mẫu, điền "
                    "tham số, chạy, và tải bảng kết quả dạng CSV từ thanh kết quả.",
                    "Queries run against /sparql (read-only; the default graph is the union of all "
                    "named graphs; the project's PREFIX lines may be left out). Pick a named "
                    "query, fill in its parameters, run it, and download the table as CSV from the "
                    "results bar."),
    "query.named": ("Truy vấn mẫu", "Named queries"),
    "query.run": ("Chạy với các tham số này", "Run with these parameters"),
    # graph
    "graph.title": ("Đồ thị trách nhiệm", "Responsibility graph"),
    "graph.intro": ("Mặc định: hệ thống văn bản triển khai Chỉ thị số 28-CT/TW và các nhóm nhiệm "
                    "vụ của Chỉ thị. Tìm một văn bản, nhiệm vụ hoặc cơ quan, chọn một nút để xem "
                    "chi tiết và mở rộng sang các nút lân cận.",
                    "By default: the documents carrying out Directive 28-CT/TW and the "
                    "directive's task groups. Search for a document, task or agency, pick a node "
                    "to see its details and expand it to its neighbours."),
    "graph.frame_title": ("Đồ thị trách nhiệm", "Responsibility graph"),
    "graph.search_label": ("Tìm trong đồ thị", "Search the graph"),
    "graph.search_placeholder": ("văn bản, nhiệm vụ, cơ quan…", "document, task, agency…"),
    "graph.matches": ("{n} kết quả", "{n} matches"),
    "graph.more": ("Còn {n} kết quả nữa: gõ thêm từ để thu hẹp.",
                   "{n} more: add words to narrow the search."),
    "graph.no_match": ("Không có nút nào khớp.", "No node matches."),
    "graph.filters": ("Bộ lọc và chú giải", "Filters and legend"),
    "graph.f_kind": ("Loại", "Kind"),
    "graph.level": ("Cấp", "Level"),
    "graph.branch": ("Khối", "Branch"),
    "graph.unknown": ("chưa rõ", "unknown"),
    "graph.view_default": ("Mặc định", "Default view"),
    "graph.view_all": ("Toàn bộ ({n} nút)", "Everything ({n} nodes)"),
    "graph.fit": ("Vừa khung", "Fit"),
    "graph.tasks_n": ("{n} nhiệm vụ", "{n} tasks"),
    "graph.agencies_n": ("{n} cơ quan", "{n} agencies"),
    "graph.kind_group": ("nhóm cơ quan cùng tỉnh", "a province's agencies"),
    "graph.inv_member": ("Các cơ quan", "Agencies"),
    "graph.aggregated": ("nhiệm vụ được gộp vào văn bản; chọn một văn bản rồi “Mở rộng” để "
                         "xem từng nhiệm vụ",
                         "tasks folded into their documents; pick a document and Expand to "
                         "see them"),
    "graph.aggregated_groups": ("nhiệm vụ được gộp vào văn bản, cơ quan gộp theo tỉnh; chọn một "
                                "nút rồi “Mở rộng” để xem từng nhiệm vụ, cơ quan",
                                "tasks folded into their documents, agencies by province; pick "
                                "one and Expand to see them"),
    "graph.site_matches": ("Trong toàn bộ dữ liệu ({n})", "In the whole store ({n})"),
    "graph.status": ("{n} nút, {m} cạnh", "{n} nodes, {m} edges"),
    "graph.hint": ("Chọn một nút trên đồ thị hoặc trong kết quả tìm kiếm để xem chi tiết.",
                   "Pick a node in the graph or in the search results to see its details."),
    "graph.open": ("Mở trang chi tiết", "Open its page"),
    "graph.expand": ("Mở rộng: thêm {n} nút lân cận", "Expand: add {n} neighbours"),
    "graph.expanded": ("Các nút lân cận đều đã hiển thị", "All its neighbours are shown"),
    "graph.neighbourhood": ("Chỉ xem nút này và lân cận", "Only this node and its neighbours"),
    "graph.f_deadline": ("Thời hạn", "Deadline"),
    "graph.f_section": ("Mục", "Section"),
    "graph.f_type": ("Loại văn bản", "Type"),
    "graph.f_title": ("Trích yếu", "Title"),
    "graph.f_text": ("Nội dung", "Text"),
    "graph.rel_statedIn": ("Nêu tại văn bản", "Stated in"),
    "graph.rel_owner": ("Chủ trì", "Owners"),
    "graph.rel_impliedOwner": ("Chủ trì (suy ra)", "Implied owners"),
    "graph.rel_coordinator": ("Phối hợp", "Coordinating"),
    "graph.rel_reportsTo": ("Báo cáo về", "Reports to"),
    "graph.rel_issuedBy": ("Cơ quan ban hành", "Issued by"),
    "graph.rel_implements": ("Triển khai thực hiện", "Carries out"),
    "graph.rel_concretises": ("Cụ thể hóa nhiệm vụ", "Carries out the task"),
    "graph.rel_partOf": ("Thuộc", "Part of"),
    "graph.rel_succession": ("Kế thừa bởi", "Succeeded by"),
    "graph.inv_statedIn": ("Nhiệm vụ", "Tasks"),
    "graph.inv_owner": ("Nhiệm vụ chủ trì", "Obligations it owns"),
    "graph.inv_impliedOwner": ("Nhiệm vụ chủ trì (suy ra)", "Obligations it owns (implied)"),
    "graph.inv_coordinator": ("Nhiệm vụ phối hợp", "Obligations it coordinates"),
    "graph.inv_reportsTo": ("Nhận báo cáo", "Reports it receives"),
    "graph.inv_issuedBy": ("Văn bản ban hành", "Documents it issued"),
    "graph.inv_implements": ("Được triển khai bởi", "Carried out by"),
    "graph.inv_concretises": ("Được cụ thể hóa bởi", "Carried out by"),
    "graph.inv_partOf": ("Gồm", "Comprises"),
    "graph.inv_succession": ("Tiền thân", "Predecessors"),
    "graph.legend_shapes": ("Khối đặc: văn bản · khung viền: nhiệm vụ · bầu dục: cơ quan · nét "
                            "đứt: phối hợp, chủ trì suy ra, sắp xếp tổ chức. Màu theo khối:",
                            "Solid box: document · outlined box: task · oval: agency · dashed: "
                            "coordinating, implied owner, reorganisation. Colour by branch:"),
    "level.central": ("trung ương", "central"),
    "level.provincial": ("tỉnh", "provincial"),
    "level.district": ("huyện", "district"),
    "level.commune": ("xã", "commune"),
    "branch.party": ("khối Đảng", "party"),
    "branch.state": ("khối chính quyền", "state"),
    "branch.front": ("Mặt trận, đoàn thể", "front"),
    "branch.press": ("báo chí", "press"),
    # ontology and API docs
    "ontology.title": ("Bản thể học", "Ontology"),
    "docs.title": ("Tài liệu API", "API documentation"),
    "docs.schema": ("Lược đồ OpenAPI:", "The OpenAPI schema:"),
    # the CLI's human output
    "cli.rows": ("{n} dòng", "{n} rows"),
    "cli.one_row": ("1 dòng", "1 row"),
    "cli.empty": ("Truy vấn không trả về dòng nào. Kiểm tra các --param (số văn bản viết như "
                  "“28-CT/TW”, ngày như 01/7/2025) hoặc bớt điều kiện.",
                  "The query returned no rows. Check the --param values (document numbers as "
                  "printed, “28-CT/TW”; dates as 01/7/2025) or loosen a condition."),
    "cli.named": ("Truy vấn mẫu (policykg query TÊN):", "Named queries (policykg query NAME):"),
    "cli.params": ("tham số", "parameters"),
    "cli.trace": ("truy vết", "trace"),
    "cli.value": ("giá trị", "value"),
    "cli.note": ("ghi chú", "note"),
    "stats.store": ("Kho dữ liệu", "Store"),
    "stats.graph": ("đồ thị có tên", "named graph"),
    "stats.triples": ("bộ ba", "triples"),
    "stats.total": ("tổng", "total"),
    "stats.contents": ("Nội dung", "Contents"),
    "stats.what": ("loại", "what"),
    "stats.count": ("số lượng", "count"),
    "stats.per_level": ("Theo cấp", "Per level"),
    "stats.documents": ("văn bản", "documents"),
    "stats.obligations": ("nhiệm vụ", "obligations"),
    "stats.obligations_with_an_owner": ("nhiệm vụ có cơ quan chủ trì",
                                        "obligations with an owner"),
    "stats.obligations_with_only_an_implied_owner": ("nhiệm vụ chỉ có cơ quan chủ trì suy ra",
                                                     "obligations with only an implied owner"),
    "stats.agencies": ("cơ quan", "agencies"),
    "stats.targets": ("chỉ tiêu", "targets"),
    "stats.change_events": ("sự kiện sắp xếp tổ chức", "change events"),
    "stats.concretises_links": ("liên kết cụ thể hóa nhiệm vụ", "concretises links"),
    "an.section": ("phần", "section"),
    "an.key": ("mục", "key"),
    "an.count": ("số lượng", "count"),
    "an.agency": ("cơ quan", "agency"),
    "an.label": ("cơ quan", "agency"),
    "an.level": ("cấp", "level"),
    "an.owned": ("chủ trì", "owned"),
    "an.coordinated": ("phối hợp", "coordinated"),
    "an.gap": ("thiếu sót", "gap"),
    "an.obligation": ("nhiệm vụ", "obligation"),
    "an.gap_noOwner": ("không có cơ quan chủ trì", "no owner"),
    "an.gap_impliedOnly": ("chỉ có chủ trì suy ra", "implied owner only"),
    "an.gap_collectiveOnly": ("chỉ giao cho tập hợp cơ quan", "only collective owners"),
    "an.plan": ("văn bản", "plan"),
    "an.taskGroup": ("nhóm nhiệm vụ", "task group"),
    "an.obligations": ("số nhiệm vụ", "obligations"),
    "an.from": ("cơ quan báo cáo", "from"),
    "an.top": ("cấp nhận cao nhất", "top"),
    "an.chain": ("chuỗi báo cáo", "chain"),
    "an.betweenness": ("độ trung gian", "betweenness"),
    "an.partners": ("số đối tác", "partners"),
    "an.owner": ("cơ quan chủ trì", "owner"),
    "an.successors": ("cơ quan kế thừa", "successors"),
    # analyze summary: sections and keys (the JSON and CSV keep the raw keys)
    "an.section_nodes": ("nút theo loại", "nodes by kind"),
    "an.section_edges": ("quan hệ theo loại", "edges by relation"),
    "an.section_obligationsPerLevel": ("nhiệm vụ theo cấp", "obligations per level"),
    "an.kind_other": ("nút khác (tỉnh, loại cơ quan…)", "other nodes (provinces, agency types…)"),
    # the CLI's writing commands (build, add, ingest, load, viz, serve)
    "cli.error": ("lỗi", "error"),
    "cli.interrupted": ("đã dừng", "interrupted"),
    "cli.building": ("đang dựng đồ thị…", "building…"),
    "cli.step": ("{step}…", "{step}…"),
    "cli.step_ingest": ("đọc các văn bản trong graph/sources", "ingest graph/sources"),
    "cli.step_links": ("suy luận liên kết pkg:concretises", "infer pkg:concretises links"),
    "cli.step_load": ("nạp {label}", "load {label}"),
    "cli.build_wrote": ("graph/extracted: đã ghi {written}", "graph/extracted: wrote {written}"),
    "cli.build_removed": ("; đã xóa {removed}", "; removed {removed}"),
    "cli.nothing": ("không tệp nào", "nothing"),
    "cli.stale": ("các tệp sinh ra trong graph/extracted đã cũ (chạy `policykg build`): {files}",
                  "stale generated files in graph/extracted (run `policykg build`): {files}"),
    "cli.up_to_date": ("graph/extracted khớp với văn bản nguồn và mã hiện tại",
                       "graph/extracted is up to date"),
    "cli.reading": ("đang đọc {n} tệp…", "reading {n} file(s)…"),
    "cli.read_one": ("đã đọc {i}/{n}: {name}", "read {i}/{n}: {name}"),
    "cli.accepted": ("nhận {name}: {documents} văn bản, {obligations} nhiệm vụ, {owned} có cơ "
                     "quan chủ trì",
                     "accepted {name}: {documents} document(s), {obligations} obligation(s), "
                     "{owned} with an owner"),
    "cli.refused": ("từ chối {name}: {reason}", "refused {name}: {reason}"),
    "cli.nothing_added": ("không thêm gì vào kho dữ liệu ({accepted}/{total} tệp được nhận)",
                          "nothing added ({accepted} of {total} file(s) accepted)"),
    "cli.added": ("đã thêm {accepted}/{total} tệp, {links} liên kết cụ thể hóa nhiệm vụ; kho dữ "
                  "liệu có {triples} bộ ba",
                  "added {accepted} of {total} file(s), {links} link(s); the store holds "
                  "{triples} triples"),
    "cli.ingested": ("{documents} văn bản, {obligations} nhiệm vụ → {out}",
                     "{documents} documents, {obligations} obligations -> {out}"),
    "cli.loading": ("đang nạp {n} tệp…", "loading {n} file(s)…"),
    "cli.loaded": ("đã nạp vào <{graph}>: kho dữ liệu có {after} bộ ba (trước đó {before})",
                   "loaded into <{graph}>: store holds {after} triples (was {before})"),
    "cli.wrote": ("đã ghi {out}", "wrote {out}"),
    # error messages raised in English by the modules (their text is the key: the CLI matches
    # the English side and prints the Vietnamese with the same values; see translate_message)
    "err.no_documents": ("không có văn bản nào để thêm (.txt, .md, .docx, .pdf)",
                         "no documents to add (.txt, .md, .docx, .pdf)"),
    "err.same_name": ("kho dữ liệu đã có một văn bản nguồn khác cùng tên {name}",
                      "another source named {name} is already in the store"),
    "err.unreadable": ("không đọc được ({kind})", "could not be read ({kind})"),
    "err.ingest_format": ("định dạng không xác định “{fmt}” (turtle hoặc json)",
                          "unknown format '{fmt}' (turtle or json)"),
    "err.viz_lang": ("--lang phải là vi hoặc en", "--lang must be vi or en"),
    "err.port": ("--port phải từ 1 đến 65535, không phải {port}",
                 "--port must be 1-65535, not {port}"),
    "err.positive": ("--timeout, --max-rows và --query-workers phải lớn hơn 0",
                     "--timeout, --max-rows and --query-workers must be positive"),
    "err.directory": ("{name}: là một thư mục, không phải tệp văn bản",
                      "{name}: a directory, not a document file"),
    "err.no_file": ("{name}: không có tệp này", "{name}: no such file"),
    "err.empty_file": ("{name}: tệp rỗng", "{name}: the file is empty"),
    "err.no_text": ("{name}: không còn nội dung sau khi bỏ định dạng và đầu trang, chân trang",
                    "{name}: no text left after removing markup and page furniture"),
    "err.zip_not_text": ("{name}: là tệp nén zip, không phải tệp văn bản",
                         "{name}: a zip archive, not a text file"),
    "err.not_pdf": ("{name}: không phải tệp PDF (thiếu chữ ký %PDF)",
                    "{name}: not a PDF file (no %PDF signature)"),
    "err.not_docx": ("{name}: không phải tệp .docx (không phải gói zip)",
                     "{name}: not a .docx file (not a zip package)"),
    "err.legacy_doc": ("{name}: không hỗ trợ tệp Word .doc cũ; hãy lưu lại thành .docx",
                       "{name}: legacy Word .doc is not supported; save it as .docx"),
    "err.unknown_suffix": ("{name}: định dạng “{suffix}” không được hỗ trợ (dùng .txt, .md, "
                           ".docx hoặc .pdf)",
                           "{name}: unknown format '{suffix}' (expected .txt, .md, .docx or "
                           ".pdf)"),
    "err.binary": ("{name}: nội dung nhị phân, không phải văn bản",
                   "{name}: binary content, not a text document"),
    "err.encoding": ("{name}: không phải văn bản {encoding} hợp lệ (byte {byte}); hãy lưu lại "
                     "với bảng mã UTF-8 hoặc UTF-16",
                     "{name}: not valid {encoding} text (byte {byte}); save it as UTF-8 or "
                     "UTF-16"),
    "err.bad_docx": ("{name}: không đọc được tệp .docx ({kind})",
                     "{name}: not a readable .docx file ({kind})"),
    "err.bad_pdf": ("{name}: không đọc được tệp PDF ({kind})",
                    "{name}: not a readable PDF ({kind})"),
    "err.scanned_pdf": ("{name}: tệp PDF không có lớp chữ (bản quét?); hãy nhận dạng ký tự (OCR) "
                        "trước",
                        "{name}: the PDF has no text layer (a scanned image?); run OCR first"),
    "err.not_administrative": ("{name}: không phải văn bản hành chính (không có tên loại như KẾ "
                               "HOẠCH hay CÔNG VĂN, không có số, ngày hay nơi nhận, không có các "
                               "mục đánh số bằng tiếng Việt)",
                               "{name}: not an administrative document (no type heading such as "
                               "KẾ HOẠCH or CÔNG VĂN, no number, date or addressee line, no "
                               "numbered sections in Vietnamese)"),
    "err.too_large": ("{name}: {size} vượt quá {limit} cho phép với một tệp đầu vào",
                      "{name}: {size} is larger than the {limit} allowed for an input file"),
    "err.too_much_text": ("{name}: {size} văn bản thuần vượt quá {limit} cho phép; hãy tách tệp",
                          "{name}: {size} of plain text is more than the {limit} allowed; split "
                          "the file"),
    "err.too_many_chars": ("{name}: hơn {n} ký tự; hãy tách văn bản",
                           "{name}: more than {n} characters of text; split the document"),
    "err.zip_parts": ("{name}: gói có {n} phần (tối đa {max})",
                      "{name}: {n} parts in the package (at most {max})"),
    "err.zip_bomb": ("{name}: {member} giải nén ra gấp {ratio} lần (tối đa {max}); bị từ chối vì "
                     "nghi là bom zip",
                     "{name}: {member} inflates {ratio}-fold (at most {max}); refused as a zip "
                     "bomb"),
    "err.zip_member": ("{name}: {member} giải nén ra hơn {limit}",
                       "{name}: {member} inflates to more than {limit}"),
    "err.zip_total": ("{name}: gói giải nén ra hơn {limit}",
                      "{name}: the package inflates to more than {limit}"),
    "err.pdf_pages": ("{name}: {pages} trang (tối đa {max})",
                      "{name}: {pages} pages (at most {max})"),
    "err.pdf_content": ("{name}: nội dung các trang giải mã ra hơn {limit}",
                        "{name}: the pages' content decodes to more than {limit}"),
    "err.pdf_stream": ("{name}: một luồng dữ liệu giải mã ra hơn {limit}",
                       "{name}: a stream decodes to more than {limit}"),
    "err.rdf_type": ("{path}: loại tệp RDF không xác định {suffix}",
                     "{path}: unknown RDF file type {suffix}"),
    "err.rdf_syntax": ("{path}: cú pháp RDF không xác định (dùng .ttl, .nt, .nq, .trig, .jsonld, "
                       ".rdf)",
                       "{path}: unknown RDF syntax (use .ttl, .nt, .nq, .trig, .jsonld, .rdf)"),
    "err.cannot_read": ("{path}: không đọc được: {detail}", "{path}: cannot read: {detail}"),
    "err.cannot_parse": ("{path}: không phân tích được: {detail}",
                         "{path}: cannot parse: {detail}"),
    "err.invalid_rdf": ("{path}: RDF không hợp lệ: {detail}", "{path}: invalid RDF: {detail}"),
    "err.cannot_load": ("không nạp được {path}: {detail}", "cannot load {path}: {detail}"),
    "err.store_empty": ("kho dữ liệu tại {dir} còn trống: hãy chạy `policykg build` trước",
                        "the store at {dir} is empty: run `policykg build` first"),
    "err.store_busy": ("một tiến trình policykg khác đang ghi vào {dir}; hãy thử lại sau",
                       "another policykg process is writing to {dir}; try again later"),
    "err.store_read": ("không đọc được kho dữ liệu tại {dir}: {detail}",
                       "cannot read store at {dir}: {detail}"),
    "err.store_open": ("không mở được kho dữ liệu tại {dir}: {detail}",
                       "cannot open store at {dir}: {detail}"),
    "err.store_write": ("không ghi được kho dữ liệu tại {dir}: {detail}",
                        "cannot write the store at {dir}: {detail}"),
    "err.timeout": ("truy vấn chạy quá {s} giây", "query timed out after {s} s"),
    "err.unreachable": ("không kết nối được máy chủ SPARQL {url}: {detail}",
                        "cannot reach SPARQL endpoint {url}: {detail}"),
    "err.endpoint_timeout": ("máy chủ SPARQL {url} không trả lời sau {s} giây",
                             "SPARQL endpoint {url} timed out after {s} s"),
    "err.endpoint_status": ("máy chủ SPARQL {url} trả về lỗi {status}: {detail}",
                            "SPARQL endpoint {url} answered {status}: {detail}"),
    "err.endpoint_rejected": ("máy chủ SPARQL từ chối yêu cầu: {detail}",
                              "SPARQL endpoint rejected the request: {detail}"),
    "err.sparql_syntax": ("lỗi cú pháp SPARQL: {detail}", "SPARQL syntax error: {detail}"),
    "err.no_ontology": ("không tìm thấy bản thể học trong {dir}", "no ontology found in {dir}"),
    "err.unknown_query": ("không có truy vấn mẫu {name} (các truy vấn mẫu: {known})",
                          "unknown query {name} (known: {known})"),
    "err.no_query_file": ("{spec}: không có tệp truy vấn này", "{spec}: no such query file"),
    "err.not_query": ("không phải tên truy vấn, tệp truy vấn hay câu truy vấn SPARQL: {spec}",
                      "not a query name, file or SPARQL text: {spec}"),
    "err.not_sparql": ("không phải truy vấn SPARQL (không có SELECT, CONSTRUCT, DESCRIBE hay ASK)",
                       "not a SPARQL query (no SELECT, CONSTRUCT, DESCRIBE or ASK)"),
    "err.unknown_param": ("truy vấn {query} không có tham số {name} (các tham số: {declared})",
                          "unknown parameter {name} for query {query} (parameters: {declared})"),
    "err.unknown_variable": ("không có tham số {name}: truy vấn không có biến ?{var}",
                             "unknown parameter {name}: the query has no variable ?{var}"),
    "err.needs_param": ("truy vấn {query} cần --param {name}=... ({meaning})",
                        "query {query} needs --param {name}=... ({meaning})"),
    "err.bad_param": ("--param {pair} không hợp lệ: viết tên=giá trị",
                      "bad --param {pair}: expected name=value"),
    "err.form_format": ("truy vấn {form} chỉ in được dạng ttl hoặc json, không phải {fmt}",
                        "a {form} query prints as ttl or json, not {fmt}"),
    "err.form_no_ttl": ("truy vấn {form} không có dạng ttl: dùng table, csv, tsv hoặc json",
                        "a {form} query has no ttl output: use table, csv, tsv or json"),
    "err.trace_empty": ("chưa nhập nhiệm vụ cần truy vết: nhập IRI của nhiệm vụ, số văn bản kèm "
                        "mục, hoặc vài từ trong nội dung nhiệm vụ",
                        "empty trace query: give an obligation IRI, a document number with a "
                        "section path, or some words of a task"),
    "err.no_obligation": ("không có nhiệm vụ {iri}", "no obligation {iri}"),
    "err.no_match": ("không có nhiệm vụ nào khớp với {q}", "no obligation matches {q}"),
    "err.no_tasks": ("văn bản {number} không nêu nhiệm vụ nào",
                     "document {number} states no tasks"),
    "err.no_section": ("văn bản {number} không có mục {path}",
                       "document {number} has no section {path}"),
    "err.no_words": ("không có từ nào để tìm trong {q}", "no words to search for in {q}"),
    "err.cannot_validate": ("{path}: không kiểm tra được tệp {suffix} (dùng RDF: .ttl .nt "
                            ".jsonld, hoặc văn bản: .txt .md .docx .pdf)",
                            "{path}: cannot validate {suffix} (use RDF: .ttl .nt .jsonld, or a "
                            "document: .txt .md .docx .pdf)"),
    "err.nothing_to_validate": ("không có gì để kiểm tra: dữ liệu đầu vào không có bộ ba nào",
                                "nothing to validate: the input holds no triples"),
    "err.not_url": ("{what} phải là URL http(s) có tên máy chủ: {value}",
                    "{what} must be an http(s) URL with a host: {value}"),
    "err.viz_filters": ("không có nút nào trong đồ thị khớp với các bộ lọc này",
                        "nothing in the graph matches these filters"),
    "err.viz_focus": ("không có nút nào khớp với {q}", "no node matches {q}"),
    "err.network": ("chỉ đọc: không được dùng {what} (policykg không bao giờ truy cập mạng)",
                    "read-only: {what} is not allowed (policykg never reaches the network)"),
    "err.update_in_query": ("chỉ đọc: câu lệnh cập nhật không phải truy vấn (INSERT, DELETE, "
                            "LOAD, DROP... bị từ chối ở đây)",
                            "read-only: an update is not a query (INSERT, DELETE, LOAD, DROP... "
                            "are refused here)"),
    "err.query_syntax_at": ("lỗi cú pháp truy vấn ở dòng {line}, cột {col}: {msg}",
                            "query syntax error at line {line}, column {col}: {msg}"),
    "err.query_syntax": ("lỗi cú pháp truy vấn: {msg}", "query syntax error: {msg}"),
    "err.not_iri_value": ("không phải {what} hợp lệ: {value} (cần một IRI tuyệt đối: "
                          "scheme:..., không có dấu cách hay các ký tự <>\"{{}}|\\^`)",
                          "not a valid {what}: {value} (an absolute IRI: scheme:..., without "
                          "spaces or any of <>\"{{}}|\\^`)"),
    "err.export_format": ("{path}: định dạng xuất không xác định (dùng .graphml, .gexf hoặc .json)",
                          "{path}: unknown export format (use .graphml, .gexf or .json)"),
    # usage errors (click's English messages; the values stay as typed)
    "err.no_option_hint": ("không có tùy chọn {opt}; có phải ý bạn là {alt}?",
                           "No such option: {opt} Did you mean {alt}?"),
    "err.no_option_list": ("không có tùy chọn {opt} (các tùy chọn gần giống: {alts})",
                           "No such option: {opt} (Possible options: {alts})"),
    "err.no_option": ("không có tùy chọn {opt}", "No such option: {opt}"),
    "err.missing_argument": ("thiếu đối số {arg}.", "Missing argument {arg}."),
    "err.missing_option": ("thiếu tùy chọn {opt}.", "Missing option {opt}."),
    "err.needs_value": ("tùy chọn {opt} cần một giá trị.", "Option {opt} requires an argument."),
    "err.extra_argument": ("thừa đối số ({args})", "Got unexpected extra argument ({args})"),
    "err.extra_arguments": ("thừa các đối số ({args})", "Got unexpected extra arguments ({args})"),
    "err.invalid_value": ("giá trị không hợp lệ cho {param}: {detail}",
                          "Invalid value for {param}: {detail}"),
    "err.value_error": ("{detail}", "Value error, {detail}"),
    "err.not_integer": ("phải là một số nguyên",
                        "Input should be a valid integer, unable to parse string as an integer"),
    "err.not_number": ("phải là một số",
                       "Input should be a valid number, unable to parse string as a number"),
    "err.at_least": ("phải lớn hơn hoặc bằng {n}", "Input should be greater than or equal to {n}"),
    "err.not_one_of": ("{value} không phải một trong {choices}.",
                       "{value} is not one of {choices}."),
    "err.not_positive": ("phải lớn hơn 0, không phải {value}",
                         "must be greater than 0, not {value}"),
    "err.is_directory": ("{path} là một thư mục; hãy cho một tên tệp",
                         "{path} is a directory; give a file name"),
    # operating-system errors, by errno name (English: the system's own words)
    "os.ENOENT": ("không có tệp hoặc thư mục này", "No such file or directory"),
    "os.EACCES": ("không có quyền truy cập", "Permission denied"),
    "os.EPERM": ("thao tác không được phép", "Operation not permitted"),
    "os.ENOSPC": ("hết dung lượng trên đĩa", "No space left on device"),
    "os.EISDIR": ("là một thư mục", "Is a directory"),
    "os.ENOTDIR": ("không phải thư mục", "Not a directory"),
    "os.EROFS": ("hệ thống tệp chỉ cho đọc", "Read-only file system"),
    "os.EEXIST": ("đã tồn tại", "File exists"),
    "error.not_date": ("không phải ngày: “{value}” (viết 01/7/2025 hoặc 2025-07-01)",
                       "not a date: “{value}” (write 01/7/2025 or 2025-07-01)"),
    "error.not_iri": ("tham số {name} cần một IRI, ví dụ {example}, không phải “{value}”",
                      "parameter {name} expects an IRI such as {example}, not “{value}”"),
    # scripts (read from the page's JSON island)
    "js.nothing": ("Không tìm thấy kết quả.", "Nothing found."),
    "js.trace": ("truy vết", "trace"),
    "js.kind.document": ("văn bản", "document"),
    "js.kind.obligation": ("nhiệm vụ", "obligation"),
    "js.kind.agency": ("cơ quan", "agency"),
    "js.optional": ("không bắt buộc", "optional"),
    "js.tab": ("Truy vấn", "Query"),
    "js.today": ("hôm nay", "today"),
    "js.default": ("mặc định: {v}", "default: {v}"),
    "js.fill": ("Điền các tham số bắt buộc rồi chạy.",
                "Fill in the required parameters, then run."),
    "js.error": ("Lỗi: {v}", "Error: {v}"),
    "js.empty": ("Truy vấn không trả về dòng nào. Kiểm tra tham số (số văn bản viết như "
                 "“28-CT/TW”, mục như “II.3”) hoặc bớt điều kiện.",
                 "The query returned no rows. Check the parameters (document numbers as printed, "
                 "“28-CT/TW”, sections as “II.3”) or loosen a condition."),
}

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")


def pick(request: Request) -> str:
    """The request's language: ?lang=, the remembered cookie, Accept-Language, Vietnamese."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGS:
        return remembered
    return _from_accept(request.headers.get("accept-language", ""))


def _from_accept(header: str) -> str:
    best, best_q = DEFAULT, -1.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if lang in LANGS and q > best_q:
            best, best_q = lang, q
    return best


def text(key: str, lang: str, **values: Any) -> str:
    """The message `key` in `lang` with its placeholders filled; an unknown key shows itself."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    message = pair[0] if lang == "vi" else pair[1]
    return message.format(**values) if values else message


def translate_message(message: str, lang: str) -> str:
    """An English message raised without a key, in `lang`: the `err.*` entry whose English side
    matches it whole, with the same values ("letter.pdf: the file is empty" -> "letter.pdf: tệp
    rỗng"); a value named `detail` is translated in turn. A message no entry matches stays as
    it is (English), and so does every message in English."""
    if lang == "en":
        return message
    for key, pattern in _templates():
        found = pattern.fullmatch(message)
        if found:
            values = {name: translate_message(value, lang) if name == "detail" else value
                      for name, value in found.groupdict().items()}
            return text(key, lang, **values)
    return message


_TEMPLATES: list[tuple[str, re.Pattern[str]]] = []


def _templates() -> list[tuple[str, re.Pattern[str]]]:
    """The err.* entries' English sides as patterns: those that start with words before those
    that start with a value ("Invalid value for {param}: {detail}" before "{path} is a
    directory; …"), then the most literal text first ("No such option: {opt} Did you mean
    {alt}?" before "No such option: {opt}")."""
    if not _TEMPLATES:
        found = []
        for key, (_, english) in MESSAGES.items():
            if not key.startswith("err."):
                continue
            regex, literal = [], 0
            for text_part, field, _spec, _conv in Formatter().parse(english):
                regex.append(re.escape(text_part))
                literal += len(text_part)
                if field is not None:
                    regex.append(f"(?P<{field}>.+?)")
            starts_with_value = english.startswith("{") and not english.startswith("{{")
            found.append((starts_with_value, -literal, key, re.compile("".join(regex), re.DOTALL)))
        _TEMPLATES.extend((key, pattern) for *_, key, pattern in sorted(found))
    return _TEMPLATES


def os_reason(exc: OSError, lang: str) -> str:
    """An operating system's reason (a full disk, a permission) in `lang`."""
    reason = exc.strerror or str(exc)
    name = errno.errorcode.get(exc.errno or 0, "")
    return text(f"os.{name}", lang) if lang == "vi" and f"os.{name}" in MESSAGES else reason


def format_date(value: Any, lang: str) -> str:
    """A date, year-month or year (date, ISO text or RDF literal) as the language writes it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return _full_date(value, lang)
    raw = str(value).strip()
    try:
        if len(raw) >= 10:
            return _full_date(date.fromisoformat(raw[:10]), lang)
        return _partial(raw, lang)
    except ValueError:
        return raw


def _full_date(d: date, lang: str) -> str:
    if lang == "vi":
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        return f"{d.day:02d}/{month}/{d.year}"
    return f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}"


def _partial(raw: str, lang: str) -> str:
    """'2024-11' -> 'tháng 11/2024' / 'November 2024'; '2025' stays."""
    year, _, month = raw.partition("-")
    if not month or not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return raw
    return text("month_year", lang, m=int(month), y=year, month=ENGLISH_MONTHS[int(month) - 1])


class Translator:
    """What templates get as `t`: t("key", n=3), t.date(value), t.lang."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else DEFAULT

    def __call__(self, key: str, **values: Any) -> str:
        return text(key, self.lang, **values)

    def date(self, value: Any) -> str:
        return format_date(value, self.lang)

    def field_date(self, value: Any) -> str:
        """A date for a text field the reader edits: 06/12/2026 in Vietnamese (the server reads
        it back), ISO in English, where day-first and month-first readers both write dates."""
        if self.lang != "vi" or value is None:
            return "" if value is None else str(value)
        return format_date(value, "vi")

    def error(self, exc: Exception) -> str:
        """A user error in this language when the table has it, else its English message."""
        key = getattr(exc, "key", None)
        if key in MESSAGES:
            return text(key, self.lang, **getattr(exc, "values", {}))
        return str(exc)

    def number(self, value: Any) -> str:
        """Numbers as the language groups them: 1.014 and 2,5 in Vietnamese; 1,014 and 2.5."""
        try:
            n = float(str(value))
        except ValueError:
            return str(value)
        shown = f"{int(n):,}" if n == int(n) else f"{n:,.2f}".rstrip("0")
        if self.lang == "vi":
            shown = shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return shown

    def scripts(self) -> dict[str, str]:
        """The js.* messages for the page's scripts."""
        return {k[3:]: text(k, self.lang) for k in MESSAGES if k.startswith("js.")}


def translator(request: Request) -> Translator:
    found = getattr(request.state, "translator", None)
    if found is None:
        found = Translator(pick(request))
        request.state.translator = found
    return found
