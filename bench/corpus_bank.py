"""Vocabulary for the synthetic benchmark corpus (see make_corpus.py).

Everything here is plain data plus a few builders that expand it into the larger banks the brief asks for
(~300 officials, ~50 authors, ~1,000 tag phrases). The builders use their own fixed-seed random.Random, never
the corpus seed, so the banks are the same for every corpus and every run, and never iterate a set (string
hashing is randomised per process), so the output is byte-identical across runs.

All strings are NFC; `make_corpus.py` asserts it once at start-up.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

# fmt: off
# --- Taxonomies fixed by the project ---------------------------------------------------------------------

# Leaf category keys of content/data/categories.yaml; display names are read from that file at run time.
CATEGORY_KEYS = [
    "tin-tong-hop",
    "tin-bo-nganh",
    "tin-dia-phuong",
    "chi-dao-dieu-hanh",
    "van-ban-chinh-sach",
    "chuyen-doi-so",
    "mo-hinh-sang-kien",
]

TOPICS = [
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    "Chuyển đổi số",
    "Chỉ số CCHC (PAR INDEX)",
    "Chỉ số hài lòng (SIPAS)",
    "Cổng Dịch vụ công quốc gia",
    "Đề án 06",
]

# Centrally-run cities before the 2025 merger (five); after it the CSV's `type` column says.
CITIES_BEFORE_2025 = ["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"]

# fmt: on


def load_provinces(csv_path: Path) -> tuple[list[str], list[str], dict[str, str]]:
    """Return (63 units before 1 July 2025, 34 units after, {unit name: 'tỉnh' | 'thành phố'})."""
    before: list[str] = []
    after: list[str] = []
    kind: dict[str, str] = {}
    with csv_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            after.append(row["new_unit"])
            kind[row["new_unit"]] = row["type"]
            for old in row["old_units_merged_in"].split(";"):
                if old not in before:
                    before.append(old)
    for old in before:
        kind.setdefault(old, "thành phố" if old in CITIES_BEFORE_2025 else "tỉnh")
    if len(before) != 63 or len(after) != 34:
        raise ValueError(
            f"{csv_path}: expected 63 old and 34 new units, found {len(before)} and {len(after)}"
        )
    return before, after, kind


# fmt: off
# --- People ------------------------------------------------------------------------------------------------

FAMILY = [
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
    "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Tạ", "Hà",
    "Cao", "Lương", "Đoàn", "Trịnh", "Chu", "Triệu", "Kiều", "Lại", "Quách",
]
MIDDLE_M = [
    "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Thế", "Công", "Đình", "Trọng", "Quang",
    "Hải", "Tuấn", "Anh", "Bá", "Mạnh", "Tiến", "Ngọc", "Viết",
]
MIDDLE_F = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Minh", "Thúy", "Phương", "Diệu", "Hoài"]
GIVEN_M = [
    "Hùng", "Dũng", "Long", "Thắng", "Tuấn", "Hải", "Nam", "Sơn", "Minh", "Phúc", "Thành", "Bình",
    "Khánh", "Trung", "Quân", "Cường", "Tâm", "Việt", "Hiếu", "Nghĩa", "Lộc", "Tùng", "Huy", "Kiên",
    "Toàn", "Thịnh", "Vinh", "Đạt", "Tiến", "Hòa", "Thuận", "Quyết", "Chiến", "Thừa", "Phong", "Hưng",
    "Lâm", "Khải", "Đông", "Thái",
]
GIVEN_F = [
    "Hà", "Lan", "Hương", "Hoa", "Thảo", "Hạnh", "Nga", "Linh", "Trang", "Thủy", "Yến", "Phương",
    "Giang", "Mai", "Oanh", "Huyền", "Ngân", "Nhung", "Vân", "Loan", "Hằng", "Xuân", "Thư", "Dung",
]

# fmt: on


def _full_name(rng: random.Random) -> str:
    if rng.random() < 0.25:
        middle, given = rng.choice(MIDDLE_F), rng.choice(GIVEN_F)
    else:
        middle, given = rng.choice(MIDDLE_M), rng.choice(GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def build_officials(count: int, fold, taken: set[str]) -> list[str]:
    """`count` synthetic full names, distinct after `fold` and from the folded names in `taken`.

    Folding matters: "Nguyễn Minh Dũng" and "Nguyễn Minh Dung" would share a registry key.
    """
    rng = random.Random(20210715)  # fixed: the date of Nghị quyết 76/NQ-CP
    seen: dict[str, str] = {}
    while len(seen) < count:
        name = _full_name(rng)
        key = fold(name)
        if key not in taken:
            seen.setdefault(key, name)
    return list(seen.values())


def build_official_entries(
    names: list[str], fold, provinces: list[str], kind: dict[str, str]
) -> list[dict]:
    """Registry entries (data/officials.yaml schema: key, name, bio, positions) for synthetic officials."""
    rng = random.Random(15072021)
    entries = []
    for name in names:
        if rng.random() < 0.5:
            place = rng.choice(provinces)
            title, org = rng.choice(POSITIONS_LOCAL)
            position = {
                "title": title,
                "organisation": org.format(p=f"{kind[place]} {place}"),
                "province": place,
            }
        else:
            title, org = rng.choice(POSITIONS_CENTRAL)
            position = {
                "title": title,
                "organisation": org.format(m=rng.choice(MINISTRIES)),
            }
        position["from"] = rng.randint(2010, 2024)
        bio = f"{position['title']} {position['organisation']} (nhân vật giả lập của bộ dữ liệu thử hiệu năng)."
        entries.append(
            {"key": fold(name), "name": name, "bio": bio, "positions": [position]}
        )
    return entries


def build_authors(count: int = 50) -> list[str]:
    """Bylines as Vietnamese papers print them: mostly a two-syllable pen name, some full names."""
    rng = random.Random(20250701)
    seen: dict[str, None] = {}
    while len(seen) < count:
        if rng.random() < 0.7:
            female = rng.random() < 0.4
            middle = rng.choice(MIDDLE_F[2:] if female else MIDDLE_M)
            given = rng.choice(GIVEN_F if female else GIVEN_M)
            name = f"{middle} {given}"
        else:
            name = _full_name(rng)
        seen.setdefault(name, None)
    return list(seen)


# fmt: off
# --- Tags --------------------------------------------------------------------------------------------------
# No commas anywhere: stock Pelican's `Tags:` line is comma-separated.

TAG_CORE = [
    "cải cách hành chính", "thủ tục hành chính", "dịch vụ công trực tuyến", "dịch vụ công toàn trình",
    "một cửa liên thông", "bộ phận một cửa", "trung tâm phục vụ hành chính công", "số hóa hồ sơ",
    "chữ ký số", "định danh điện tử", "VNeID", "Đề án 06", "chính quyền số", "kinh tế số", "xã hội số",
    "chuyển đổi số", "Chính phủ điện tử", "Chính phủ số", "PAR INDEX", "SIPAS", "Chỉ số CCHC",
    "chỉ số hài lòng", "công vụ", "công chức", "viên chức", "tinh giản biên chế", "vị trí việc làm",
    "sắp xếp đơn vị hành chính", "chính quyền địa phương hai cấp", "kỷ luật kỷ cương hành chính",
    "người đứng đầu", "văn hóa công vụ", "thanh toán trực tuyến", "dữ liệu dân cư",
    "cơ sở dữ liệu quốc gia", "tự chủ tài chính", "đơn vị sự nghiệp công lập", "ngân sách nhà nước",
    "phân cấp phân quyền", "cắt giảm điều kiện kinh doanh", "môi trường kinh doanh", "PCI", "PAPI",
    "ISO 9001", "hệ thống quản lý chất lượng", "văn bản quy phạm pháp luật", "rà soát văn bản",
    "kiểm soát thủ tục hành chính", "phản ánh kiến nghị", "đối thoại doanh nghiệp", "tiếp công dân",
    "tinh gọn bộ máy", "hợp nhất sở ngành", "sáp nhập tỉnh", "cán bộ cấp xã", "đánh giá cán bộ",
    "thi tuyển lãnh đạo", "đào tạo bồi dưỡng", "thu hút nhân tài", "chế độ tiền lương",
    "khoán chi hành chính", "mua sắm công", "đầu tư công", "giải ngân vốn đầu tư công",
    "nền tảng số", "trí tuệ nhân tạo", "điện toán đám mây", "an toàn thông tin", "dữ liệu mở",
    "trục liên thông văn bản", "văn bản điện tử", "hồ sơ công việc điện tử", "họp không giấy",
    "hệ thống thông tin giải quyết TTHC", "Cổng Dịch vụ công quốc gia", "căn cước công dân",
    "tài khoản định danh", "sổ sức khỏe điện tử", "giấy phép lái xe", "đăng ký kinh doanh",
    "cấp phiếu lý lịch tư pháp", "đăng ký hộ tịch", "đất đai", "cấp giấy chứng nhận quyền sử dụng đất",
    "thuế điện tử", "hóa đơn điện tử", "hải quan số", "bảo hiểm xã hội", "an sinh xã hội",
    "thanh tra công vụ", "phòng chống tham nhũng", "kiểm tra công tác CCHC", "sáng kiến CCHC",
    "mô hình hay", "cách làm hiệu quả", "dân vận chính quyền", "Ngày Chuyển đổi số quốc gia",
    "tổ công nghệ số cộng đồng", "bình dân học vụ số", "Nghị quyết 57", "Nghị quyết 18",
    "Nghị quyết 76/NQ-CP", "Chỉ thị 05/CT-TTg", "Quyết định 06/QĐ-TTg", "Nghị định 42/2022/NĐ-CP",
]
TAG_BY_PLACE = ["cải cách hành chính", "chuyển đổi số", "dịch vụ công", "Chỉ số CCHC", "hành chính công"]
TAG_BY_YEAR = [
    "Chỉ số CCHC", "SIPAS", "PAR INDEX", "kế hoạch CCHC", "kiểm tra CCHC", "tổng kết CCHC",
    "Ngày Chuyển đổi số", "giao ban CCHC", "sơ kết CCHC", "báo cáo CCHC", "PCI", "PAPI",
    "tuyển dụng công chức", "tinh giản biên chế", "giải ngân đầu tư công",
]
SECTORS = [
    "giáo dục", "y tế", "đất đai", "thuế", "hải quan", "tư pháp", "xây dựng", "giao thông vận tải",
    "nông nghiệp", "lao động", "bảo hiểm xã hội", "công an", "tài nguyên môi trường", "công thương",
    "kế hoạch đầu tư", "văn hóa", "ngân hàng", "nội vụ",
]
TAG_BY_SECTOR = [
    "thủ tục hành chính lĩnh vực", "dịch vụ công lĩnh vực", "chuyển đổi số ngành", "cải cách hành chính ngành",
]
TAG_QUALIFIERS = [
    "cấp xã", "cấp tỉnh", "cấp huyện", "liên thông", "trực tuyến", "toàn trình", "một phần",
    "mức độ 3", "mức độ 4", "năm đầu nhiệm kỳ", "giai đoạn 2021-2025", "giai đoạn 2021-2030",
]

# fmt: on


def build_tags(provinces: list[str], fold, count: int = 1000) -> list[str]:
    """About `count` distinct tag phrases; distinct also after `fold` (the slug), so no two tag pages clash."""
    out: dict[str, str] = {}

    def add(tag: str) -> None:
        out.setdefault(fold(tag), tag)

    for tag in TAG_CORE:
        add(tag)
    for base in TAG_BY_PLACE:
        for place in provinces:
            add(f"{base} {place}")
    for base in TAG_BY_YEAR:
        for year in range(2015, 2027):
            add(f"{base} {year}")
    for base in TAG_BY_SECTOR:
        for sector in SECTORS:
            add(f"{base} {sector}")
    for base in TAG_CORE[:40]:
        for q in TAG_QUALIFIERS:
            add(f"{base} {q}")
            if len(out) >= count:
                break
        if len(out) >= count:
            break
    # Interleave deterministically so the popular (head) tags are a mix of kinds, not all TAG_CORE.
    tags = list(out.values())[:count]
    random.Random(76).shuffle(tags)
    return tags


# fmt: off
# --- Sources and links -------------------------------------------------------------------------------------

SOURCES = [
    ("Báo Điện tử Chính phủ", "https://baochinhphu.vn"),
    ("Cổng Thông tin điện tử Bộ Nội vụ", "https://moha.gov.vn"),
    ("Báo Nhân Dân", "https://nhandan.vn"),
    ("Báo Gia Lai", "https://baogialai.com.vn"),
    ("TTXVN", "https://baotintuc.vn"),
    ("VietnamPlus", "https://www.vietnamplus.vn"),
    ("Báo Quân đội nhân dân", "https://www.qdnd.vn"),
    ("Báo Lao Động", "https://laodong.vn"),
    ("Báo Pháp luật Việt Nam", "https://baophapluat.vn"),
    ("Báo Hà Nội mới", "https://hanoimoi.vn"),
    ("Báo Đà Nẵng", "https://baodanang.vn"),
    ("Báo Cần Thơ", "https://baocantho.com.vn"),
    ("Tạp chí Tổ chức nhà nước", "https://tcnn.vn"),
    ("Báo Dân tộc và Phát triển", "https://baodantoc.vn"),
]

EXTERNAL_LINKS = [
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn"),
    ("Hệ thống văn bản Chính phủ", "https://vanban.chinhphu.vn"),
    ("Cổng Thông tin điện tử Bộ Nội vụ", "https://moha.gov.vn"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn"),
    ("Cổng pháp luật quốc gia", "https://phapluat.gov.vn"),
]

# --- Sentence parts ----------------------------------------------------------------------------------------

MINISTRIES = [
    "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính", "Bộ Công an", "Bộ Khoa học và Công nghệ",
    "Bộ Xây dựng", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường",
    "Văn phòng Chính phủ", "Bảo hiểm xã hội Việt Nam", "Ngân hàng Nhà nước Việt Nam",
]
CENTRAL_ACTORS = [
    "Chính phủ", "Thủ tướng Chính phủ", "Ban Chỉ đạo cải cách hành chính của Chính phủ",
    "Văn phòng Chính phủ", "Bộ Nội vụ", "Hội đồng tư vấn cải cách thủ tục hành chính của Thủ tướng",
]
# {p} is "tỉnh Gia Lai" / "thành phố Hà Nội" (see make_corpus.place()).
LOCAL_ACTORS = [
    "UBND {p}", "Tỉnh ủy {p}", "Sở Nội vụ {p}", "Văn phòng UBND {p}", "Trung tâm Phục vụ hành chính công {p}",
    "Ban Chỉ đạo cải cách hành chính {p}", "Sở Tư pháp {p}", "Sở Khoa học và Công nghệ {p}",
]
LOCAL_ACTORS_SHORT = [
    "các sở, ban, ngành", "UBND cấp xã", "các cơ quan chuyên môn", "cán bộ, công chức bộ phận một cửa",
    "các địa phương", "người đứng đầu các cơ quan, đơn vị",
]
# Titles as printed before a name; {p} as above, {m} a ministry.
OFFICIAL_TITLES_CENTRAL = [
    "Thủ tướng Chính phủ", "Phó Thủ tướng Chính phủ", "Bộ trưởng {m}", "Thứ trưởng {m}",
    "Vụ trưởng Vụ Cải cách hành chính (Bộ Nội vụ)", "Cục trưởng Cục Kiểm soát thủ tục hành chính",
    "Chủ nhiệm Văn phòng Chính phủ", "Phó Chủ nhiệm Văn phòng Chính phủ",
]
OFFICIAL_TITLES_LOCAL = [
    "Chủ tịch UBND {p}", "Phó Chủ tịch UBND {p}", "Bí thư Tỉnh ủy {p}", "Chủ tịch HĐND {p}",
    "Giám đốc Sở Nội vụ {p}", "Phó Giám đốc Sở Nội vụ {p}", "Chánh Văn phòng UBND {p}",
    "Quyền Chủ tịch UBND {p}",
]

# (title, organisation) of a synthetic official's registry position.
POSITIONS_CENTRAL = [
    ("Bộ trưởng", "{m}"), ("Thứ trưởng", "{m}"), ("Chánh Văn phòng", "{m}"),
    ("Vụ trưởng", "Vụ Cải cách hành chính (Bộ Nội vụ)"),
    ("Cục trưởng", "Cục Kiểm soát thủ tục hành chính (Văn phòng Chính phủ)"),
]
POSITIONS_LOCAL = [
    ("Chủ tịch", "UBND {p}"), ("Phó Chủ tịch", "UBND {p}"), ("Chánh Văn phòng", "UBND {p}"),
    ("Giám đốc", "Sở Nội vụ {p}"), ("Phó Giám đốc", "Sở Nội vụ {p}"), ("Giám đốc", "Sở Tư pháp {p}"),
]
EVENTS = [
    "hội nghị sơ kết công tác cải cách hành chính {period}",
    "hội nghị tổng kết công tác cải cách hành chính năm {year}",
    "hội nghị triển khai Kế hoạch cải cách hành chính năm {year}",
    "hội nghị công bố Chỉ số cải cách hành chính năm {prev}",
    "buổi làm việc với đoàn kiểm tra công tác cải cách hành chính",
    "hội nghị trực tuyến về đẩy mạnh chuyển đổi số",
    "phiên họp thường kỳ của Ban Chỉ đạo cải cách hành chính",
    "hội thảo nâng cao chất lượng phục vụ người dân, doanh nghiệp",
    "buổi đối thoại với người dân và doanh nghiệp về thủ tục hành chính",
    "lễ ra mắt mô hình dịch vụ công trực tuyến toàn trình",
    "hội nghị tập huấn nghiệp vụ kiểm soát thủ tục hành chính",
    "hội nghị giao ban công tác triển khai Đề án 06",
]
# Reporting periods; make_corpus.Context.period() appends the year ("quý I năm 2023", "6 tháng đầu năm 2023").
PERIODS = ["quý I", "6 tháng đầu", "9 tháng đầu", "quý III"]
VERBS = [
    "triển khai", "đẩy mạnh", "tập trung thực hiện", "quyết liệt chỉ đạo", "rà soát", "chấn chỉnh",
    "nâng cao hiệu quả", "tăng cường", "tổ chức thực hiện nghiêm", "đôn đốc", "kiểm tra việc thực hiện",
    "đổi mới", "hoàn thiện", "tích cực triển khai", "tiếp tục thực hiện",
]
OBJECTS = [
    "công tác cải cách hành chính", "cải cách thủ tục hành chính", "việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "việc cung cấp dịch vụ công trực tuyến toàn trình", "cơ chế một cửa, một cửa liên thông",
    "việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp", "kỷ luật, kỷ cương hành chính",
    "Kế hoạch cải cách hành chính năm {year}", "các nhiệm vụ của Đề án 06",
    "việc sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "công tác tuyển dụng, đánh giá cán bộ, công chức theo vị trí việc làm",
    "cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập", "việc ứng dụng chữ ký số trong xử lý văn bản",
    "việc kết nối, chia sẻ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư",
    "việc thanh toán trực tuyến phí, lệ phí", "công tác kiểm tra cải cách hành chính",
    "việc xây dựng chính quyền số", "các giải pháp cải thiện Chỉ số CCHC, Chỉ số SIPAS",
    "công tác rà soát, đơn giản hóa thủ tục hành chính nội bộ", "công tác thông tin, tuyên truyền cải cách hành chính",
    "việc phân cấp, phân quyền trong giải quyết thủ tục hành chính",
    "hoạt động của Trung tâm Phục vụ hành chính công",
]
PURPOSES = [
    "nhằm nâng cao chất lượng phục vụ người dân, doanh nghiệp",
    "góp phần cải thiện môi trường đầu tư, kinh doanh",
    "bảo đảm công khai, minh bạch trong giải quyết thủ tục hành chính",
    "tạo thuận lợi tối đa cho người dân khi thực hiện thủ tục",
    "hướng tới xây dựng nền hành chính phục vụ, chuyên nghiệp, hiện đại",
    "giảm thời gian, chi phí tuân thủ thủ tục hành chính",
    "lấy người dân, doanh nghiệp làm trung tâm",
    "nâng cao năng lực cạnh tranh cấp tỉnh",
    "bảo đảm thông suốt, không gián đoạn hoạt động của chính quyền",
    "từng bước hình thành chính quyền số, kinh tế số, xã hội số",
]
CONNECTORS = [
    "Theo đó,", "Bên cạnh đó,", "Đồng thời,", "Ngoài ra,", "Cùng với đó,", "Trên cơ sở đó,",
    "Thực hiện chỉ đạo của cấp trên,", "Qua theo dõi,", "Nhờ vậy,", "Để thực hiện mục tiêu này,",
]
EMPHASIS_VERBS = ["nhấn mạnh", "đề nghị", "yêu cầu", "khẳng định", "cho biết", "lưu ý", "đánh giá cao"]
OCCASIONS = [
    "Phát biểu tại hội nghị,", "Phát biểu chỉ đạo,", "Kết luận buổi làm việc,", "Tại buổi làm việc,",
    "Trao đổi với phóng viên,", "Phát biểu khai mạc,",
]
CLAUSES = [
    "cải cách hành chính phải được xác định là nhiệm vụ trọng tâm, xuyên suốt",
    "người đứng đầu phải trực tiếp chỉ đạo và chịu trách nhiệm về kết quả cải cách hành chính",
    "không để tình trạng hồ sơ trễ hạn mà không có văn bản xin lỗi người dân",
    "việc số hóa hồ sơ phải thực chất, tránh hình thức",
    "mỗi cán bộ, công chức phải thay đổi tư duy từ quản lý sang phục vụ",
    "cần tiếp tục rà soát, cắt giảm những thủ tục không cần thiết, gây phiền hà",
    "sự hài lòng của người dân, doanh nghiệp là thước đo hiệu quả phục vụ",
    "dữ liệu phải đúng, đủ, sạch, sống để phục vụ chỉ đạo, điều hành",
    "các địa phương cần chủ động nhân rộng những mô hình, sáng kiến hay",
    "chuyển đổi số là yêu cầu tất yếu, không thể chậm trễ",
    "phải xử lý nghiêm các trường hợp nhũng nhiễu, gây khó khăn cho người dân",
]
PROBLEMS = [
    "tỷ lệ hồ sơ trực tuyến toàn trình ở một số lĩnh vực còn thấp",
    "hạ tầng công nghệ thông tin ở cấp xã chưa đồng bộ, đường truyền còn chập chờn",
    "việc số hóa kết quả giải quyết thủ tục hành chính ở một số nơi còn chậm",
    "một bộ phận cán bộ, công chức chưa thực sự chủ động, còn ngại đổi mới",
    "việc kết nối, chia sẻ dữ liệu giữa các hệ thống thông tin còn nhiều vướng mắc",
    "tình trạng hồ sơ quá hạn vẫn còn xảy ra ở một số cơ quan",
    "kỹ năng số của một bộ phận người dân, nhất là ở vùng sâu, vùng xa còn hạn chế",
    "một số văn bản hướng dẫn chưa được ban hành kịp thời",
]
STAT_TEMPLATES = [
    "Tỷ lệ hồ sơ được giải quyết đúng hạn và trước hạn đạt {pct}, tăng {dpct}% so với cùng kỳ năm trước.",
    "Trong {period}, {actor} đã tiếp nhận {count} hồ sơ thủ tục hành chính, trong đó {count2} hồ sơ được tiếp nhận trực tuyến.",
    "Chỉ số cải cách hành chính năm {prev} của {p} đạt {score} điểm, xếp thứ {rank}/{units} tỉnh, thành phố.",
    "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt {pct}, vượt chỉ tiêu được giao.",
    "Đến nay, {actor} đã cung cấp {svc} dịch vụ công trực tuyến, trong đó {svc2} dịch vụ công toàn trình.",
    "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước đạt {pct}.",
    "Qua rà soát, {actor} đã kiến nghị cắt giảm, đơn giản hóa {small} thủ tục hành chính, tiết kiệm chi phí tuân thủ khoảng {money} tỷ đồng mỗi năm.",
    "Tỷ lệ thanh toán trực tuyến phí, lệ phí trên Cổng Dịch vụ công quốc gia đạt {pct} tổng số giao dịch.",
    "Toàn {kind} đã sắp xếp, giảm {small} đầu mối đơn vị và tinh giản {count} biên chế.",
]
ACTION_TEMPLATES = [
    "{conn} {actor} {verb} {object}, {purpose}.",
    "{actor} đã {verb} {object}, {purpose}.",
    "{conn} {actor} chỉ đạo {actors} {verb} {object}.",
    "Năm {year}, {actor} tập trung {verb} {object} và {object2}.",
    "{conn} {actors} được yêu cầu {verb} {object}, {purpose}.",
]
OUTLOOK_TEMPLATES = [
    "Thời gian tới, {actor} tiếp tục {verb} {object}, {purpose}.",
    "Trong năm {next}, {actor} đặt mục tiêu {verb} {object} và {object2}.",
    "{actor} đề nghị {actors} khắc phục ngay những tồn tại, hạn chế đã được chỉ ra.",
]
SUBHEADINGS = [
    "Kết quả nổi bật", "Còn nhiều khó khăn, vướng mắc", "Nhiệm vụ trọng tâm thời gian tới",
    "Đẩy mạnh chuyển đổi số", "Lấy người dân, doanh nghiệp làm trung tâm", "Nâng cao trách nhiệm người đứng đầu",
    "Tháo gỡ điểm nghẽn về thể chế", "Chuyển biến rõ nét", "Những con số ấn tượng", "Giải pháp trong thời gian tới",
    "Số hóa hồ sơ thực chất", "Nhân rộng mô hình hay",
]

# Titles: "{lead}{verb_cap} {object}"; built and length-checked in make_corpus.make_title().
TITLE_VERBS = [
    "Đẩy mạnh", "Nâng cao chất lượng", "Triển khai quyết liệt", "Tập trung tháo gỡ vướng mắc trong",
    "Tăng cường kiểm tra", "Rà soát, đơn giản hóa", "Đổi mới", "Nâng cao hiệu quả", "Siết chặt",
    "Công bố kết quả", "Sơ kết", "Tổng kết", "Tiếp tục hoàn thiện", "Đột phá trong", "Gỡ vướng cho",
    "Chuyển biến tích cực trong", "Nhiều cách làm mới trong", "Quyết tâm cao trong", "Tạo bứt phá về",
    "Kiểm tra, đôn đốc", "Thí điểm", "Chấn chỉnh", "Hướng dẫn thực hiện", "Nhân rộng mô hình",
]
TITLE_OBJECTS = [
    "cải cách thủ tục hành chính", "cải cách hành chính năm {year}", "dịch vụ công trực tuyến toàn trình",
    "số hóa hồ sơ thủ tục hành chính", "cơ chế một cửa liên thông", "kỷ luật, kỷ cương hành chính",
    "thực hiện Đề án 06", "chuyển đổi số trong cơ quan nhà nước", "công tác kiểm soát thủ tục hành chính",
    "sắp xếp tổ chức bộ máy", "chất lượng đội ngũ cán bộ, công chức", "Chỉ số CCHC và Chỉ số SIPAS",
    "cải cách tài chính công", "thanh toán trực tuyến phí, lệ phí", "cải cách chế độ công vụ",
    "xây dựng chính quyền số", "phục vụ người dân, doanh nghiệp", "tinh giản biên chế",
    "vị trí việc làm trong cơ quan hành chính", "tự chủ tài chính đơn vị sự nghiệp công lập",
    "định danh và xác thực điện tử", "cấp phiếu lý lịch tư pháp trên VNeID", "đăng ký hộ tịch trực tuyến",
    "liên thông khai sinh, thường trú, bảo hiểm y tế", "giải quyết thủ tục đất đai", "văn hóa công vụ",
    "tiếp nhận, xử lý phản ánh, kiến nghị", "phân cấp, phân quyền", "chính quyền địa phương hai cấp",
    "ứng dụng trí tuệ nhân tạo trong giải quyết thủ tục",
]
# Headlines built around a figure, which keeps titles distinct across a large corpus.
TITLE_FIGURES = [
    "{pct} hồ sơ thủ tục hành chính được giải quyết đúng hạn",
    "{count} hồ sơ được tiếp nhận trực tuyến {period}",
    "cắt giảm {small} thủ tục hành chính nội bộ",
    "{svc} dịch vụ công trực tuyến toàn trình được cung cấp",
    "Chỉ số SIPAS năm {prev} đạt {pct}",
    "Chỉ số CCHC năm {prev} đạt {score} điểm",
    "số hóa {pct} kết quả giải quyết thủ tục hành chính",
    "tiết kiệm {money} tỷ đồng nhờ đơn giản hóa thủ tục",
    "hơn {count} tài khoản định danh điện tử được kích hoạt",
]
# Event headlines: "{actor} {event}".
TITLE_EVENTS = [
    "sơ kết công tác cải cách hành chính {period}", "tổng kết công tác cải cách hành chính năm {year}",
    "triển khai Kế hoạch cải cách hành chính năm {year}", "công bố Chỉ số cải cách hành chính năm {prev}",
    "kiểm tra công tác cải cách hành chính tại {p}", "đối thoại với doanh nghiệp về thủ tục hành chính {period}",
    "ra mắt mô hình dịch vụ công toàn trình lĩnh vực {sector}", "giao ban công tác triển khai Đề án 06 {period}",
    "kiểm tra việc giải quyết thủ tục hành chính lĩnh vực {sector} năm {year}",
]
TITLE_TAILS = [
    "", "", "", " năm {year}", " {period}", " trên địa bàn {p}", " ở cấp xã", " tại {p}",
    " giai đoạn 2021-2025", " để phục vụ người dân tốt hơn",
]
TITLE_QUOTES = [
    "Nâng cao trách nhiệm người đứng đầu", "Không để người dân phải đi lại nhiều lần",
    "Lấy sự hài lòng của người dân làm thước đo", "Số hóa phải thực chất", "Cải cách hành chính phải đi vào thực chất",
    "Tháo gỡ ngay điểm nghẽn thủ tục", "Xử lý nghiêm cán bộ nhũng nhiễu", "Chuyển đổi số phải lấy dân làm trung tâm",
    "Hồ sơ trễ hạn phải có văn bản xin lỗi", "Dữ liệu phải đúng, đủ, sạch, sống", "Không để thủ tục thành rào cản",
    "Người đứng đầu phải gương mẫu", "Đưa dịch vụ công trực tuyến về tận thôn, bản", "Cắt giảm mạnh giấy tờ không cần thiết",
    "Phục vụ người dân là mệnh lệnh", "Sáp nhập xong phải vận hành ngay", "Không để gián đoạn dịch vụ công",
]
TABLE_ROWS = [
    "Hồ sơ tiếp nhận", "Hồ sơ trực tuyến", "Hồ sơ giải quyết đúng hạn", "Dịch vụ công toàn trình",
    "Thủ tục được cắt giảm", "Hồ sơ được số hóa", "Phản ánh, kiến nghị đã xử lý",
]
# fmt: on
