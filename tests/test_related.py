"""Related news: scoring by shared terms (weighted by kind and rarity), recency, limits, ties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from portal_taxonomy.related import compute_related

VN = timezone(timedelta(hours=7))


@dataclass(eq=False)
class A:
    slug: str
    date: datetime
    source_path: str = ""

    def __post_init__(self) -> None:
        self.source_path = self.source_path or f"{self.slug}.md"


class T:
    def __init__(self, name: str) -> None:
        self.name = name


def day(n: int) -> datetime:
    return datetime(2024, 1, 1, tzinfo=VN) + timedelta(days=n)


OFFICIAL, TOPIC, PROVINCE, TAG = 3.0, 3.0, 2.0, 1.0


def related(articles: list[A], terms: list[list[tuple[float, T]]], **kw: float) -> dict[str, list[str]]:
    # The site's article order: newest first, then slug, then source path.
    order = sorted(range(len(articles)), key=lambda i: (-articles[i].date.timestamp(), articles[i].slug, articles[i].source_path))
    arts = [articles[i] for i in order]
    result = compute_related(arts, [terms[i] for i in order], **kw)  # type: ignore[arg-type]
    return {a.slug: [r.slug for r in rel] for a, rel in zip(arts, result, strict=True)}


def test_a_shared_official_outweighs_a_shared_province_and_a_shared_tag() -> None:
    chinh, gia_lai, mot_cua = T("Phạm Minh Chính"), T("Gia Lai"), T("một cửa")
    filler = [T(f"x{i}") for i in range(20)]
    articles = [A("goc", day(10)), A("cung-can-bo", day(5)), A("cung-tinh", day(5)), A("cung-tu-khoa", day(5))]
    terms = [
        [(OFFICIAL, chinh), (PROVINCE, gia_lai), (TAG, mot_cua)],
        [(OFFICIAL, chinh)],
        [(PROVINCE, gia_lai)],
        [(TAG, mot_cua)],
    ]
    # Unrelated articles so that every term has the same rarity.
    articles += [A(f"khac-{i}", day(-i)) for i in range(20)]
    terms += [[(TAG, f)] for f in filler]
    result = related(articles, terms, min_score=0.0)
    assert result["goc"] == ["cung-can-bo", "cung-tinh", "cung-tu-khoa"]


def test_more_recent_candidates_win_when_terms_are_equal() -> None:
    topic = T("Chuyển đổi số")
    articles = [A("goc", day(100)), A("gan", day(95)), A("xa", day(-600))]
    terms = [[(TOPIC, topic)]] * 3
    assert related(articles, terms, min_score=0.0)["goc"] == ["gan", "xa"]


def test_ties_break_on_date_then_slug_whatever_the_input_order() -> None:
    topic = T("Đề án 06")
    base = [A("goc", day(10)), A("b-bai", day(5)), A("a-bai", day(5)), A("c-bai", day(5))]
    terms = [[(TOPIC, topic)]] * 4
    first = related(base, terms, min_score=0.0)["goc"]
    second = related(list(reversed(base)), terms, min_score=0.0)["goc"]
    assert first == second == ["a-bai", "b-bai", "c-bai"]


def test_at_most_five_and_never_itself() -> None:
    topic = T("Cải cách thể chế")
    articles = [A(f"bai-{i:02d}", day(i)) for i in range(12)]
    terms = [[(TOPIC, topic), (TAG, T(f"rieng-{i}"))] for i in range(12)]
    result = related(articles, terms, min_score=0.0)
    assert all(len(v) == 5 and k not in v for k, v in result.items())


def test_below_the_minimum_score_nothing_is_related() -> None:
    common = T("cải cách")  # a tag on every article: it says almost nothing
    articles = [A(f"bai-{i}", day(i)) for i in range(50)]
    terms = [[(TAG, common)] for _ in range(50)]
    assert all(v == [] for v in related(articles, terms).values())


def test_only_the_nearest_postings_in_time_are_considered() -> None:
    topic = T("Chỉ số CCHC")
    articles = [A(f"bai-{i:03d}", day(i)) for i in range(100)]
    terms = [[(TOPIC, topic)]] * 100
    result = related(articles, terms, window=3, min_score=0.0)
    assert set(result["bai-050"]) <= {f"bai-{i:03d}" for i in range(47, 54)}


def test_parallel_ranking_gives_the_same_lists() -> None:
    from portal_taxonomy import related as module

    topics = [T(f"chủ đề {i}") for i in range(7)]
    articles = [A(f"bai-{i:04d}", day(i % 400)) for i in range(2400)]
    articles.sort(key=lambda a: (-a.date.timestamp(), a.slug))
    terms = [[(TOPIC, topics[i % 7]), (TAG, topics[(i * 3) % 7])] for i in range(len(articles))]
    serial = module.compute_related(articles, terms, min_score=0.0)
    parallel = module.compute_related(articles, terms, min_score=0.0, processes=2)
    assert len(articles) >= module.PARALLEL_MIN_ARTICLES
    assert [[a.slug for a in r] for r in serial] == [[a.slug for a in r] for r in parallel]
