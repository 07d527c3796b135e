"""Synthetic national-scale cascade for benchmarks (issue 6).

directive 28-CT/TW (task groups) -> decision 1183/QĐ-TTg (tasks) -> per province: a party plan,
a People's Committee programme, department plans -> per commune: a plan. Realistic Vietnamese
labels, owners, coordinators, deadlines, targets with baselines, pkg:concretises links with their
qualified form, provenance selectors, 2025 change events, and about 2% planted defects (no owner,
dissolved owner, target less ambitious than its baseline).

Writes N-Triples (fast to write and to load; any RDF tool reads it). Deterministic for a seed.

    python benchmarks/generate.py --size M --seed 1 --out benchmarks/data/M.nt
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policykg.namespaces import ID, OA, ORG, PKG, PROV, RDF, RDFS, XSD  # noqa: E402
from policykg.text import slug  # noqa: E402

DIRECTIVE = f"{ID}doc/28-ct-tw"
DECISION = f"{ID}doc/1183-qd-ttg"


@dataclass(frozen=True)
class Size:
    provinces: int
    communes_per_province: int
    party_items: int
    programme_items: int
    departments: int
    department_items: int
    commune_items: int


# Triple counts measured with this generator: S ~ 10k, M ~ 200k, L ~ 2M.
SIZES = {
    "S": Size(3, 6, 16, 20, 3, 10, 8),
    "M": Size(34, 0, 48, 70, 6, 24, 0),
    "L": Size(34, 97, 48, 70, 6, 24, 23),
}

DEPARTMENTS = [
    ("Sở Y tế", "so-y-te"),
    ("Sở Giáo dục và Đào tạo", "so-giao-duc-va-dao-tao"),
    ("Sở Lao động - Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi"),
    ("Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich"),
    ("Sở Thông tin và Truyền thông", "so-thong-tin-va-truyen-thong"),
    ("Sở Tư pháp", "so-tu-phap"),
    ("Công an tỉnh", "cong-an-tinh"),
    ("Sở Tài chính", "so-tai-chinh"),
]
VERBS = ["Tăng cường", "Đẩy mạnh", "Tổ chức", "Triển khai", "Nâng cao", "Rà soát", "Xây dựng",
         "Kiện toàn", "Phát triển", "Bảo đảm"]
OBJECTS = [
    "công tác tuyên truyền về quyền trẻ em", "hệ thống dịch vụ bảo vệ trẻ em",
    "cơ sở dữ liệu về trẻ em", "phòng, chống xâm hại, bạo lực trẻ em",
    "chăm sóc sức khỏe, dinh dưỡng cho trẻ em", "giáo dục kỹ năng sống cho học sinh",
    "phòng, chống tai nạn, thương tích, đuối nước trẻ em", "mạng lưới cộng tác viên bảo vệ trẻ em",
    "bảo vệ trẻ em trên môi trường mạng", "nguồn lực cho công tác trẻ em",
    "hoạt động vui chơi, giải trí cho trẻ em", "trợ giúp trẻ em có hoàn cảnh đặc biệt",
]
PLACES = ["ở vùng sâu, vùng xa", "tại cơ sở", "trong trường học", "trong cộng đồng",
          "đối với trẻ em dân tộc thiểu số", "trên địa bàn"]
INDICATORS = [("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "<", 18.0),
              ("Tỷ lệ trẻ em hoàn thành chương trình tiểu học", ">=", 99.0),
              ("Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp", ">=", 90.0),
              ("Tỷ lệ xã, phường đạt tiêu chuẩn phù hợp với trẻ em", ">=", 80.0)]
GROUPS = 8
DECISION_TASKS = 20


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, lang: str = "vi") -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Cascade:
    """Emits N-Triples lines for the whole cascade."""

    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.defects = {"no-owner": 0, "below-baseline": 0}

    def triple(self, s: str, p: str, o: str) -> str:
        return f"{s} {p} {o} .\n"

    def agency(self, key: str, label: str, level: str, branch: str, province: str | None):
        s = iri(f"{ID}agency/{key}")
        yield self.triple(s, iri(RDF.type), iri(f"{PKG}Agency"))
        yield self.triple(s, iri(RDFS.label), lit(label))
        yield self.triple(s, iri(f"{PKG}level"), iri(f"{PKG}{level}"))
        yield self.triple(s, iri(f"{PKG}branch"), iri(f"{PKG}{branch}"))
        if province:
            yield self.triple(s, iri(f"{PKG}province"), iri(f"{ID}province/{province}"))

    def document(self, doc: str, kind: str, number: str, issuer: str, level: str, parent: str):
        s = iri(doc)
        yield self.triple(s, iri(RDF.type), iri(f"{PKG}{kind}"))
        yield self.triple(s, iri(f"{PKG}documentNumber"), f'"{number}"')
        yield self.triple(s, iri(f"{PKG}issued"), typed(f"2024-{self.rng.randint(3, 12):02d}-"
                                                        f"{self.rng.randint(1, 28):02d}", "date"))
        yield self.triple(s, iri(f"{PKG}issuedBy"), iri(issuer))
        yield self.triple(s, iri(f"{PKG}level"), iri(f"{PKG}{level}"))
        yield self.triple(s, iri(f"{PKG}implements"), iri(parent))

    def task_text(self) -> str:
        r = self.rng
        return f"{r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(PLACES)}."

    def obligation(self, doc: str, path: str, owners: list[str], parent: str | None,
                   coordinators: list[str] = ()) -> Iterator[str]:
        r = self.rng
        o = f"{doc}/o/{slug(path)}"
        s = iri(o)
        text = self.task_text()
        yield self.triple(s, iri(RDF.type), iri(f"{PKG}Obligation"))
        yield self.triple(s, iri(f"{PKG}statedIn"), iri(doc))
        yield self.triple(s, iri(f"{PKG}sectionPath"), f'"{path}"')
        yield self.triple(s, iri(f"{PKG}text"), lit(text))
        yield self.triple(s, iri(f"{PKG}modality"), iri(f"{PKG}Assigned"))
        if r.random() < 0.015:  # planted defect: no owner
            self.defects["no-owner"] += 1
        else:
            for owner in owners:
                yield self.triple(s, iri(f"{PKG}owner"), iri(owner))
        for coordinator in coordinators:
            yield self.triple(s, iri(f"{PKG}coordinator"), iri(coordinator))
        if r.random() < 0.4:
            yield self.triple(s, iri(f"{PKG}deadline"),
                              typed(f"{r.choice([2024, 2025, 2026])}-{r.randint(1, 12):02d}",
                                    "gYearMonth"))
        if r.random() < 0.05:
            yield from self.target(o)
        start = r.randint(0, 20000)
        src, pos, quote = f"{o}#source", f"{o}#position", f"{o}#quote"
        yield self.triple(s, iri(f"{PROV}wasDerivedFrom"), iri(src))
        yield self.triple(iri(src), iri(RDF.type), iri(f"{OA}SpecificResource"))
        yield self.triple(iri(src), iri(f"{OA}hasSource"), iri(doc))
        yield self.triple(iri(src), iri(f"{OA}hasSelector"), iri(pos))
        yield self.triple(iri(src), iri(f"{OA}hasSelector"), iri(quote))
        yield self.triple(iri(pos), iri(RDF.type), iri(f"{OA}TextPositionSelector"))
        yield self.triple(iri(pos), iri(f"{OA}start"), typed(start, "nonNegativeInteger"))
        yield self.triple(iri(pos), iri(f"{OA}end"), typed(start + len(text), "nonNegativeInteger"))
        yield self.triple(iri(quote), iri(RDF.type), iri(f"{OA}TextQuoteSelector"))
        yield self.triple(iri(quote), iri(f"{OA}exact"), lit(text))
        if parent:
            yield from self.link(o, parent)

    def target(self, o: str) -> Iterator[str]:
        r = self.rng
        indicator, comparator, value = r.choice(INDICATORS)
        t = iri(f"{o}#target-1")
        baseline = value + (r.uniform(1, 5) if comparator == "<" else -r.uniform(1, 5))
        if r.random() < 0.2:  # planted defect: less ambitious than the baseline
            baseline = value - 1 if comparator == "<" else value + 0.88
            self.defects["below-baseline"] += 1
        yield self.triple(iri(o), iri(f"{PKG}hasTarget"), t)
        yield self.triple(t, iri(RDF.type), iri(f"{PKG}Target"))
        yield self.triple(t, iri(f"{PKG}indicator"), lit(indicator))
        yield self.triple(t, iri(f"{PKG}comparator"), f'"{comparator}"')
        yield self.triple(t, iri(f"{PKG}targetValue"), typed(f"{value:.2f}", "decimal"))
        yield self.triple(t, iri(f"{PKG}unit"), '"%"')
        yield self.triple(t, iri(f"{PKG}targetYear"), typed(2030, "gYear"))
        yield self.triple(t, iri(f"{PKG}baselineValue"), typed(f"{baseline:.2f}", "decimal"))
        yield self.triple(t, iri(f"{PKG}baselineYear"), typed(2023, "gYear"))

    def link(self, child: str, parent: str) -> Iterator[str]:
        link = iri(f"{child}#link")
        yield self.triple(iri(child), iri(f"{PKG}concretises"), iri(parent))
        yield self.triple(link, iri(RDF.type), iri(f"{PKG}ConcretisationLink"))
        yield self.triple(link, iri(f"{PKG}linkFrom"), iri(child))
        yield self.triple(link, iri(f"{PKG}linkTo"), iri(parent))
        yield self.triple(link, iri(f"{PKG}linkMethod"), iri(f"{PKG}SimilarityMethod"))
        yield self.triple(link, iri(f"{PKG}linkScore"),
                          typed(f"{self.rng.uniform(0.3, 0.95):.3f}", "decimal"))

    def lines(self) -> Iterator[str]:
        bct = f"{ID}agency/vn/bo-chinh-tri"
        ttg = f"{ID}agency/vn/thu-tuong-chinh-phu"
        yield from self.agency("vn/bo-chinh-tri", "Bộ Chính trị", "CentralLevel", "Party", None)
        yield from self.agency("vn/thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "CentralLevel",
                               "State", None)
        s = iri(DIRECTIVE)
        yield self.triple(s, iri(RDF.type), iri(f"{PKG}Directive"))
        yield self.triple(s, iri(f"{PKG}documentNumber"), '"28-CT/TW"')
        yield self.triple(s, iri(f"{PKG}issuedBy"), iri(bct))
        yield self.triple(s, iri(f"{PKG}level"), iri(f"{PKG}CentralLevel"))
        groups = [f"{DIRECTIVE}/o/g{i}" for i in range(1, GROUPS + 1)]
        for i in range(1, GROUPS + 1):
            yield from self.obligation(DIRECTIVE, f"g{i}", [bct], None)
        yield from self.document(DECISION, "Decision", "1183/QĐ-TTg", ttg, "CentralLevel",
                                 DIRECTIVE)
        tasks = []
        for i in range(1, DECISION_TASKS + 1):
            path = f"II.{(i - 1) % 4 + 1}.{i}"
            tasks.append(f"{DECISION}/o/{slug(path)}")
            yield from self.obligation(DECISION, path, [ttg], self.rng.choice(groups))
        for p in range(1, self.size.provinces + 1):
            yield from self.province(p, groups, tasks)

    def province(self, p: int, groups: list[str], tasks: list[str]) -> Iterator[str]:
        z, r = self.size, self.rng
        prov = f"tinh-{p:02d}"
        name = f"Tỉnh {p:02d}"
        body = {}
        for label, key, level, branch in [
            ("Ban Thường vụ Tỉnh ủy", "ban-thuong-vu-tinh-uy", "ProvincialLevel", "Party"),
            ("Ủy ban nhân dân tỉnh", "uy-ban-nhan-dan-tinh", "ProvincialLevel", "State"),
            ("Ủy ban Mặt trận Tổ quốc tỉnh", "uy-ban-mttq-tinh", "ProvincialLevel", "Front"),
        ] + [(d, k, "ProvincialLevel", "State") for d, k in DEPARTMENTS]:
            body[key] = f"{ID}agency/{prov}/{key}"
            yield from self.agency(f"{prov}/{key}", f"{label} {name}", level, branch, prov)
        yield from self.reorganise(prov, body)
        party = f"{ID}doc/{p}-kh-tu-{prov}"
        yield from self.document(party, "Plan", f"{p}-KH/TU", body["ban-thuong-vu-tinh-uy"],
                                 "ProvincialLevel", DIRECTIVE)
        party_items = []
        for i in range(1, z.party_items + 1):
            path = f"II.{(i - 1) % GROUPS + 1}.{i}"
            party_items.append(f"{party}/o/{slug(path)}")
            yield from self.obligation(party, path, [body["ban-thuong-vu-tinh-uy"]],
                                       groups[(i - 1) % GROUPS])
        programme = f"{ID}doc/{p}-ctr-ubnd-{prov}"
        yield from self.document(programme, "Programme", f"{p}/CTr-UBND",
                                 body["uy-ban-nhan-dan-tinh"], "ProvincialLevel", DECISION)
        dept_keys = [k for _, k in DEPARTMENTS]
        prog_items = []
        for i in range(1, z.programme_items + 1):
            path = f"III.{(i - 1) % 6 + 1}.{i}"
            prog_items.append(f"{programme}/o/{slug(path)}")
            owner = body[dept_keys[i % len(dept_keys)]]
            yield from self.obligation(programme, path, [owner], r.choice(tasks),
                                       [body[r.choice(dept_keys)]])
        for d in range(z.departments):
            key = dept_keys[d % len(dept_keys)]
            plan = f"{ID}doc/{p}-kh-{key}-{prov}"
            yield from self.document(plan, "Plan", f"{p}{d}/KH-{key.upper()}", body[key],
                                     "ProvincialLevel", programme)
            for i in range(1, z.department_items + 1):
                yield from self.obligation(plan, f"II.{i}", [body[key]], r.choice(prog_items))
        for c in range(1, z.communes_per_province + 1):
            yield from self.commune(prov, c, party, party_items)

    def commune(self, prov: str, c: int, party: str, party_items: list[str]) -> Iterator[str]:
        key = f"{prov}/xa-{c:03d}"
        ubnd = f"{ID}agency/{key}/uy-ban-nhan-dan-xa"
        yield from self.agency(f"{key}/uy-ban-nhan-dan-xa", f"Ủy ban nhân dân xã {c:03d}",
                               "CommuneLevel", "State", prov)
        plan = f"{ID}doc/{c}-kh-ubnd-{prov}-xa-{c:03d}"
        yield from self.document(plan, "Plan", f"{c}/KH-UBND", ubnd, "CommuneLevel", party)
        for i in range(1, self.size.commune_items + 1):
            yield from self.obligation(plan, f"II.{i}", [ubnd], self.rng.choice(party_items))

    def reorganise(self, prov: str, body: dict[str, str]) -> Iterator[str]:
        """Sở LĐTBXH folded into Sở Nội vụ, its child affairs to Sở Y tế (2025-03-01)."""
        old = body["so-lao-dong-thuong-binh-va-xa-hoi"]
        event = iri(f"{ID}event/{prov}-ldtbxh-tre-em")
        yield self.triple(event, iri(RDF.type), iri(f"{ORG}ChangeEvent"))
        yield self.triple(event, iri(f"{ORG}originalOrganization"), iri(old))
        yield self.triple(event, iri(f"{ORG}resultingOrganization"), iri(body["so-y-te"]))
        yield self.triple(event, iri(f"{PROV}atTime"), typed("2025-03-01T00:00:00", "dateTime"))
        yield self.triple(event, iri(f"{PKG}changeKind"), iri(f"{PKG}RemitTransfer"))
        yield self.triple(event, iri(f"{PKG}basis"), iri(f"{PKG}ModellingInference"))
        yield self.triple(event, iri(f"{PKG}endsOriginal"), typed("true", "boolean"))
        yield self.triple(event, iri(f"{PKG}inheritsObligations"), typed("true", "boolean"))


def generate(size: str, seed: int, out: Path) -> tuple[int, dict[str, int]]:
    """Write the cascade to `out` atomically; return (triples, planted defects by kind)."""
    cascade = Cascade(SIZES[size], seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for line in cascade.lines():
                fh.write(line)
                count += 1
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise
    return count, cascade.defects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or Path(__file__).parent / "data" / f"{args.size}-{args.seed}.nt"
    triples, defects = generate(args.size, args.seed, out)
    print(f"{out}: {triples} triples, {defects} planted defects")


if __name__ == "__main__":
    main()
