"""Seeded generator of a synthetic Vietnamese news corpus for the build benchmark.

    python bench/make_corpus.py --n 1000 --seed 1 --out bench/corpus/n1000

writes the same N articles twice:

* ``<out>/ours/articles/<year>/<slug>.md`` — YAML front matter between ``---`` lines (title, date, category,
  summary, officials, provinces, topics, tags, author, optional source) as the project's reader expects, with
  ``<out>/ours/data/`` and ``<out>/ours/pages/`` copied from ``content/``. Our build checks every named
  official against ``data/officials.yaml``, so the copy of that registry gets an entry for each synthetic
  official after the project's own entries (which come first in the bank and are named most often);
* ``<out>/stock/articles/<year>/<slug>.md`` — stock Pelican's ``Key: value`` Markdown metadata, so stock
  Pelican's default reader reads the same corpus.

Determinism: one ``random.Random(seed)`` drives every choice, in a fixed order, and nothing iterates a set, so
the same seed gives byte-identical files. ``corpus_key()`` hashes everything that changes the output (this
file, the word bank, content/data, content/pages, the province list, N and the seed); ``run.py`` regenerates a
cached corpus when the key in ``<out>/corpus.json`` differs.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import json
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from random import Random

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_bank as bank  # bench/ is not a package: import the sibling module by path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_CONTENT = REPO / "content"
DEFAULT_PROVINCES_CSV = REPO.parent / "shared" / "domain" / "provinces-2025.csv"
# Bump when the output changes in a way the hash of the sources would not show.
GENERATOR_VERSION = 1

TZ = dt.timezone(dt.timedelta(hours=7))
# The merged provinces' governments work from 1 July 2025: later articles name the 34 new units.
MERGER = dt.datetime(2025, 7, 1, tzinfo=TZ)
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = (dt.date(2026, 12, 31) - FIRST_DAY).days + 1


# --- Text helpers ------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """ASCII slug: strip Vietnamese tones, map đ/Đ to d (NFD does not decompose it), hyphenate the rest."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def fmt_int(n: int) -> str:
    """Vietnamese thousands separator: 12.345."""
    return f"{n:,}".replace(",", ".")


def fmt_dec(x: float) -> str:
    """Vietnamese decimal comma: 98,5."""
    return f"{x:.1f}".replace(".", ",")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def low(text: str) -> str:
    """Lower-case the first letter unless the phrase starts with an acronym or a proper noun."""
    first = text.split(" ", 1)[0]
    if first.isupper() or first in ("Chỉ", "Cổng", "Đề"):
        return text
    return text[:1].lower() + text[1:]


# YAML plain scalars are fine for most Vietnamese text; quote only what YAML would read differently.
_YAML_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: | #|:$|\s$""")


def yaml_str(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False) if _YAML_UNSAFE.search(text) else text


# --- The article model -------------------------------------------------------------------------------------


@dataclass
class Article:
    slug: str
    title: str
    date: dt.datetime
    category: str
    summary: str
    officials: list[str]
    provinces: list[str]
    topics: list[str]
    tags: list[str]
    author: str
    source: tuple[str, str] | None
    body: str


def zipf_cum(n: int, s: float = 1.0) -> list[float]:
    """Cumulative weights 1/(i+1)^s: a few very popular items and a long tail, as on a real news site."""
    return list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))


OFFICIALS = 300  # size of the officials bank


@dataclass
class OfficialsRegistry:
    """The project's content/data/officials.yaml, if any: its text, names, and folded names in use."""

    text: str
    names: list[str]
    taken: set[str]

    @classmethod
    def load(cls, path: Path) -> OfficialsRegistry:
        if not path.is_file():
            return cls("", [], set())
        text = path.read_text(encoding="utf-8")
        entries = [e for e in yaml.safe_load(text) or [] if isinstance(e, dict)]
        names = [e["name"] for e in entries if e.get("name")]
        # A synthetic name must not fold to any key, name or variant already registered.
        taken = {
            fold(str(v))
            for e in entries
            for v in [e.get("key"), e.get("name"), *(e.get("variants") or [])]
            if v
        }
        return cls(text, names, taken)

    def with_synthetic(self, gen: Generator) -> str:
        """The registry text, verbatim, followed by entries for the synthetic officials."""
        entries = bank.build_official_entries(
            gen.synthetic_officials, fold, gen.before, gen.unit_kind
        )
        extra = yaml.safe_dump(
            entries,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=1000,
        )
        head = (
            "# Synthetic officials added by bench/make_corpus.py for the benchmark.\n"
        )
        return self.text.rstrip("\n") + "\n\n" + head + extra


class Generator:
    """Holds the banks and the seeded RNG; `article(i)` makes the i-th article, in order."""

    def __init__(
        self,
        seed: int,
        provinces_csv: Path,
        category_names: dict[str, str],
        registry: OfficialsRegistry,
    ) -> None:
        self.rng = Random(seed)
        self.before, self.after, self.unit_kind = bank.load_provinces(provinces_csv)
        self.category_names = category_names
        # The project's registered officials come first, so the Zipf weights make them the most
        # mentioned, as real leaders are; synthetic names fill the bank up to ~300.
        self.synthetic_officials = bank.build_officials(
            max(OFFICIALS - len(registry.names), 0), fold, registry.taken
        )
        self.officials = registry.names + self.synthetic_officials
        self.authors = bank.build_authors(50)
        self.tags = bank.build_tags(
            self.before + [p for p in self.after if p not in self.before], fold, 1000
        )
        self.cum_officials = zipf_cum(len(self.officials), 0.8)
        self.cum_authors = zipf_cum(len(self.authors), 0.6)
        self.cum_tags = zipf_cum(len(self.tags), 0.8)
        self.tag_scope = self._tag_scopes()
        self.slugs: dict[str, int] = {}
        self._check_nfc()

    def _tag_scopes(self) -> dict[str, tuple[int | None, str | None]]:
        """For each tag, the year and the province it names, if any: such a tag fits only matching articles."""
        places = sorted(set(self.before) | set(self.after), key=lambda p: (-len(p), p))
        scopes: dict[str, tuple[int | None, str | None]] = {}
        for tag in self.tags:
            year = re.search(r" (20\d\d)$", tag)
            place = next((p for p in places if tag.endswith(" " + p)), None)
            scopes[tag] = (int(year.group(1)) if year else None, place)
        return scopes

    def tag_fits(self, tag: str, year: int, provinces: list[str]) -> bool:
        tag_year, place = self.tag_scope[tag]
        return (tag_year is None or tag_year == year) and (
            place is None or place in provinces
        )

    def _check_nfc(self) -> None:
        for name in dir(bank):
            value = getattr(bank, name)
            if isinstance(value, list):
                for item in value:
                    if (
                        isinstance(item, str)
                        and unicodedata.normalize("NFC", item) != item
                    ):
                        raise ValueError(f"corpus_bank.{name}: {item!r} is not NFC")

    # -- small random helpers --

    def pick_weighted(
        self, items: list[str], cum: list[float], k: int, fits=None
    ) -> list[str]:
        """k distinct items drawn by weight, each passing `fits` (k is small, so redraw on a miss)."""
        out: list[str] = []
        total = cum[-1]
        while len(out) < k:
            item = items[bisect.bisect(cum, self.rng.random() * total)]
            if item not in out and (fits is None or fits(item)):
                out.append(item)
        return out

    def place(self, name: str) -> str:
        return f"{self.unit_kind[name]} {name}"

    # -- the article --

    def article(self) -> Article:
        r = self.rng
        day = FIRST_DAY + dt.timedelta(days=r.randrange(DAYS))
        date = dt.datetime(
            day.year,
            day.month,
            day.day,
            r.randint(7, 17),
            5 * r.randrange(12),
            tzinfo=TZ,
        )
        units = self.after if date >= MERGER else self.before
        category = r.choice(bank.CATEGORY_KEYS)
        n_prov = (
            r.choice((1, 1, 2))
            if category == "tin-dia-phuong"
            else r.choice((0, 0, 0, 1, 1, 2))
        )
        provinces = r.sample(units, n_prov)
        officials = self.pick_weighted(
            self.officials, self.cum_officials, r.choice((0, 1, 1, 1, 2, 2, 3))
        )
        topics = r.sample(bank.TOPICS, r.randint(1, 3))
        if category == "chuyen-doi-so" and "Chuyển đổi số" not in topics:
            topics[0] = "Chuyển đổi số"
        tags = self.pick_weighted(
            self.tags,
            self.cum_tags,
            r.randint(1, 4),
            lambda t: self.tag_fits(t, date.year, provinces),
        )
        author = self.pick_weighted(self.authors, self.cum_authors, 1)[0]
        ctx = Context(self, date, provinces, officials, len(units))
        # Our reader slugs the title (stock reads `Slug:`), so a repeated title would give two articles one
        # URL there: redraw it, and fall back to a numeric suffix only if the draws keep colliding.
        for _ in range(20):
            title = ctx.title()
            if fold(title) not in self.slugs:
                break
        slug = self.unique_slug(fold(title))
        source = None
        if r.random() < 0.4:
            name, site = r.choice(bank.SOURCES)
            source = (
                name,
                f"{site}/{slug[:60].rstrip('-')}-{r.randint(100000, 999999)}.html",
            )
        summary = ctx.action(with_conn=False)
        body = ctx.body()
        return Article(
            slug,
            title,
            date,
            category,
            summary,
            officials,
            provinces,
            topics,
            tags,
            author,
            source,
            body,
        )

    def unique_slug(self, slug: str) -> str:
        seen = self.slugs.get(slug, 0) + 1
        self.slugs[slug] = seen
        if seen == 1:
            return slug
        candidate = f"{slug}-{seen}"
        while candidate in self.slugs:  # "x-2" may itself be a real title's slug
            seen += 1
            candidate = f"{slug}-{seen}"
        self.slugs[slug] = seen
        self.slugs[candidate] = 1
        return candidate


class Context:
    """Sentence and body assembly for one article; every slot is filled from the article's own metadata."""

    def __init__(
        self,
        gen: Generator,
        date: dt.datetime,
        provinces: list[str],
        officials: list[str],
        units: int,
    ):
        self.g = gen
        self.r = gen.rng
        self.date = date
        self.year = date.year
        self.provinces = provinces
        self.officials = officials
        self.units = units
        # "Some bold": in ~60% of articles, some figures are bold.
        self.bold = self.r.random() < 0.6
        # One title per official per article, as printed in that article.
        self.titles = {name: self._official_title() for name in officials}
        self.decks: dict[int, list] = {}

    def deal(self, items: list):
        """Next item from a per-article shuffled deck of `items`: no repeat until all have been used."""
        deck = self.decks.get(id(items))
        if not deck:
            deck = self.decks[id(items)] = list(items)
            self.r.shuffle(deck)
        return deck.pop()

    # -- slots --

    def p(self) -> str:
        return self.g.place(self.r.choice(self.provinces))

    def actor(self) -> str:
        r = self.r
        if self.provinces and r.random() < 0.65:
            return r.choice(bank.LOCAL_ACTORS).format(p=self.p())
        return r.choice(bank.MINISTRIES if r.random() < 0.5 else bank.CENTRAL_ACTORS)

    def _official_title(self) -> str:
        r = self.r
        if self.provinces and r.random() < 0.6:
            return r.choice(bank.OFFICIAL_TITLES_LOCAL).format(p=self.p())
        return r.choice(bank.OFFICIAL_TITLES_CENTRAL).format(
            m=r.choice(bank.MINISTRIES)
        )

    def official(self) -> str:
        name = self.r.choice(self.officials)
        return f"{self.titles[name]} {name}"

    def period(self) -> str:
        return f"{self.r.choice(bank.PERIODS)} năm {self.year}"

    def objs(self) -> tuple[str, str]:
        return self.deal(bank.OBJECTS).format(year=self.year), self.deal(
            bank.OBJECTS
        ).format(year=self.year)

    def figures(self) -> dict[str, str | int]:
        """Slot values for sentences and headlines built around numbers."""
        r = self.r
        count = r.randint(1200, 480000)
        svc = r.randint(150, 2500)
        return {
            "pct": self.num(fmt_dec(r.uniform(80, 99.9)) + "%"),
            "dpct": fmt_dec(r.uniform(0.5, 12)),
            "count": self.num(fmt_int(count)),
            "count2": fmt_int(r.randint(count // 3, count)),
            "svc": fmt_int(svc),
            "svc2": fmt_int(r.randint(svc // 4, svc)),
            "score": self.num(fmt_dec(r.uniform(72, 93))),
            "rank": r.randint(1, self.units),
            "units": self.units,
            "small": r.randint(3, 180),
            "money": fmt_dec(r.uniform(1, 900)),
            "period": self.period(),
            "year": self.year,
            "prev": self.year - 1,
        }

    def num(self, text: str) -> str:
        return f"**{text}**" if self.bold and self.r.random() < 0.3 else text

    # -- sentences --

    def lead(self) -> str:
        r = self.r
        event = r.choice(bank.EVENTS).format(
            period=self.period(), year=self.year, prev=self.year - 1
        )
        return (
            f"Ngày {self.date.day}/{self.date.month}, {self.actor()} tổ chức {event}."
        )

    def action(self, with_conn: bool = True) -> str:
        r = self.r
        template = r.choice(
            bank.ACTION_TEMPLATES if with_conn else bank.ACTION_TEMPLATES[1:2]
        )
        obj, obj2 = self.objs()
        text = template.format(
            conn=r.choice(bank.CONNECTORS),
            actor=self.actor(),
            actors=r.choice(bank.LOCAL_ACTORS_SHORT),
            verb=r.choice(bank.VERBS),
            object=obj,
            object2=obj2,
            purpose=self.deal(bank.PURPOSES),
            year=self.year,
        )
        return cap(text)

    def stat(self) -> str:
        template = self.deal(bank.STAT_TEMPLATES)
        if "{p}" in template and not self.provinces:
            template = bank.STAT_TEMPLATES[0]
        text = template.format(
            actor=self.actor(),
            p=self.p() if self.provinces else "",
            kind=self.g.unit_kind[self.provinces[0]] if self.provinces else "quốc",
            **self.figures(),
        )
        return cap(text)

    def quote(self) -> str:
        r = self.r
        who = self.official() if self.officials else r.choice(bank.CENTRAL_ACTORS)
        return f"{self.deal(bank.OCCASIONS)} {who} {r.choice(bank.EMPHASIS_VERBS)}, {self.deal(bank.CLAUSES)}."

    def problem(self) -> str:
        r = self.r
        first, second = r.sample(bank.PROBLEMS, 2)
        return f"Tuy nhiên, {first}; {second}."

    def outlook(self) -> str:
        r = self.r
        obj, obj2 = self.objs()
        return r.choice(bank.OUTLOOK_TEMPLATES).format(
            actor=self.actor(),
            actors=r.choice(bank.LOCAL_ACTORS_SHORT),
            verb=r.choice(bank.VERBS),
            object=obj,
            object2=obj2,
            purpose=r.choice(bank.PURPOSES),
            next=self.year + 1,
        )

    def link(self) -> str:
        name, url = self.r.choice(bank.EXTERNAL_LINKS)
        return self.r.choice(
            (
                f"Người dân, doanh nghiệp có thể tra cứu thông tin và nộp hồ sơ trực tuyến tại [{name}]({url}).",
                f"Toàn văn văn bản được đăng tải trên [{name}]({url}).",
                f"Thông tin chi tiết được cập nhật thường xuyên trên [{name}]({url}).",
            )
        )

    def title(self) -> str:
        r = self.r
        for _ in range(50):
            kind = r.random()
            if kind < 0.15 and self.officials:
                text = f"{self.official()}: {r.choice(bank.TITLE_QUOTES)}"
            elif kind < 0.4:
                fig = {
                    **self.figures(),
                    "pct": fmt_dec(r.uniform(80, 99.9)) + "%",
                    "count": fmt_int(r.randint(1200, 480000)),
                    "score": fmt_dec(r.uniform(72, 93)),
                }
                who = (
                    r.choice(self.provinces)
                    if self.provinces
                    else r.choice(bank.MINISTRIES)
                )
                text = f"{who}: {cap(r.choice(bank.TITLE_FIGURES).format(**fig))}"
            elif kind < 0.55:
                event = r.choice(bank.TITLE_EVENTS)
                if "{p}" in event and not self.provinces:
                    continue
                p = self.p() if self.provinces else ""
                event = event.format(
                    period=self.period(),
                    year=self.year,
                    prev=self.year - 1,
                    p=p,
                    sector=r.choice(bank.SECTORS),
                )
                text = f"{self.actor()} {event}"
            else:
                obj = r.choice(bank.TITLE_OBJECTS).format(year=self.year)
                tail = r.choice(bank.TITLE_TAILS)
                if ("{p}" in tail and not self.provinces) or (
                    str(self.year) in obj and "{" in tail
                ):
                    tail = ""  # no place to name, or the year is already in the title
                tail = tail.format(
                    year=self.year,
                    period=self.period(),
                    p=self.p() if self.provinces else "",
                )
                verb = r.choice(bank.TITLE_VERBS)
                if kind < 0.8 and self.provinces:
                    text = f"{r.choice(self.provinces)}: {verb} {obj}{tail}"
                elif kind < 0.8:
                    text = f"{r.choice(bank.MINISTRIES)}: {verb} {obj}{tail}"
                else:
                    text = f"{self.actor()} {low(verb)} {obj}{tail}"
            if 8 <= len(text.split()) <= 14:
                return cap(text)
        return cap(text)  # unreachable in practice: the parts are sized for 8-14 words

    # -- body --

    def body(self) -> str:
        r = self.r
        n_par = r.randint(6, 10)
        target = r.randint(700, 860)
        per_par = target / n_par
        middle = [
            self.action,
            self.action,
            self.stat,
            self.stat,
            self.quote,
            self.action,
        ]
        if self.officials:
            middle.append(self.quote)
        paragraphs: list[list[str]] = []
        for i in range(n_par):
            if i == 0:
                sentences = [self.lead()]
            elif i == n_par - 1:
                sentences = [self.outlook()]
            elif i == n_par - 2 and r.random() < 0.7:
                sentences = [self.problem()]
            else:
                sentences = []
            words = sum(len(s.split()) for s in sentences)
            while words < per_par - 15:
                s = r.choice(middle)()
                sentences.append(s)
                words += len(s.split())
            paragraphs.append(sentences)
        if r.random() < 0.35:  # an external link in some articles
            paragraphs[r.randrange(1, n_par)].append(self.link())
        blocks = [" ".join(s) for s in paragraphs]
        heads = r.sample(range(2, n_par - 1), r.randint(1, 2))
        table_at = r.randrange(1, n_par - 1) if r.random() < 0.05 else -1
        out: list[str] = []
        for i, block in enumerate(blocks):
            if i in heads:
                out.append(f"## {r.choice(bank.SUBHEADINGS)}")
            out.append(block)
            if i == table_at:
                out.append(self.table())
        return "\n\n".join(out) + "\n"

    def table(self) -> str:
        r = self.r
        rows = r.sample(bank.TABLE_ROWS, r.randint(3, 5))
        lines = [
            f"| Chỉ tiêu | Năm {self.year - 1} | Năm {self.year} |",
            "| --- | ---: | ---: |",
        ]
        for row in rows:
            before = r.randint(500, 90000)
            lines.append(
                f"| {row} | {fmt_int(before)} | {fmt_int(int(before * r.uniform(0.9, 1.6)))} |"
            )
        return "\n".join(lines)


# --- Rendering -----------------------------------------------------------------------------------------------


def render_ours(a: Article) -> str:
    lines = [
        "---",
        f"title: {yaml_str(a.title)}",
        f"date: {a.date.isoformat()}",
        f"category: {a.category}",
        f"summary: {yaml_str(a.summary)}",
    ]
    for key, values in (
        ("officials", a.officials),
        ("provinces", a.provinces),
        ("topics", a.topics),
        ("tags", a.tags),
    ):
        if values:  # empty lists are left out, as an editor would
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_str(v)}" for v in values)
    lines.append(f"author: {yaml_str(a.author)}")
    if a.source:
        lines += [
            "source:",
            f"  name: {yaml_str(a.source[0])}",
            f"  url: {a.source[1]}",
        ]
    lines += ["---", "", a.body]
    return "\n".join(lines)


def render_stock(a: Article, category_name: str) -> str:
    head = [
        f"Title: {a.title}",
        f"Date: {a.date:%Y-%m-%d %H:%M}",
        f"Category: {category_name}",
        f"Tags: {', '.join(a.tags)}",
        f"Author: {a.author}",
        f"Summary: {a.summary}",
        f"Slug: {a.slug}",
    ]
    return "\n".join(head) + "\n\n" + a.body


# --- Driver --------------------------------------------------------------------------------------------------


def leaf_category_names(categories_yaml: Path) -> dict[str, str]:
    names: dict[str, str] = {}

    def walk(items: list[dict]) -> None:
        for item in items:
            if item.get("children"):
                walk(item["children"])
            else:
                names[item["key"]] = item["name"]

    walk(yaml.safe_load(categories_yaml.read_text(encoding="utf-8")))
    missing = [k for k in bank.CATEGORY_KEYS if k not in names]
    if missing:
        raise ValueError(
            f"{categories_yaml}: leaf categories {missing} not found; update bench/corpus_bank.py"
        )
    return names


def corpus_key(
    n: int,
    seed: int,
    content: Path = DEFAULT_CONTENT,
    provinces_csv: Path = DEFAULT_PROVINCES_CSV,
) -> str:
    """Content hash of everything that changes the corpus; run.py compares it with <out>/corpus.json."""
    h = hashlib.sha256(f"v{GENERATOR_VERSION} n={n} seed={seed}\n".encode())
    files = [BENCH / "make_corpus.py", BENCH / "corpus_bank.py", provinces_csv]
    for sub in ("data", "pages"):
        if (content / sub).is_dir():
            files += sorted(p for p in (content / sub).rglob("*") if p.is_file())
    for path in files:
        h.update(
            str(path.relative_to(path.anchor)).encode()
            + b"\0"
            + path.read_bytes()
            + b"\0"
        )
    return h.hexdigest()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(
    n: int,
    seed: int,
    out: Path,
    content: Path = DEFAULT_CONTENT,
    provinces_csv: Path = DEFAULT_PROVINCES_CSV,
) -> dict:
    """Write the corpus to `out` (replacing it) and return the stamp also written to <out>/corpus.json."""
    start = time.perf_counter()
    names = leaf_category_names(content / "data" / "categories.yaml")
    registry = OfficialsRegistry.load(content / "data" / "officials.yaml")
    gen = Generator(seed, provinces_csv, names, registry)
    out = out.resolve()
    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    words = 0
    for _ in range(n):
        a = gen.article()
        words += len(a.body.split())
        rel = Path("articles", str(a.date.year), f"{a.slug}.md")
        write(tmp / "ours" / rel, render_ours(a))
        write(tmp / "stock" / rel, render_stock(a, names[a.category]))
    # Not the URL history: it records the project's own articles, which the corpus does not have
    # (the build reports every recorded file that is missing).
    shutil.copytree(content / "data", tmp / "ours" / "data", ignore=shutil.ignore_patterns("url-history.yaml"))
    if registry.text:  # our build checks every named official against the registry
        write(tmp / "ours" / "data" / "officials.yaml", registry.with_synthetic(gen))
    if (content / "pages").is_dir():
        shutil.copytree(content / "pages", tmp / "ours" / "pages")
    stamp = {
        "n": n,
        "seed": seed,
        "key": corpus_key(n, seed, content, provinces_csv),
        "words_per_article": round(words / max(n, 1)),
    }
    write(tmp / "corpus.json", json.dumps(stamp, indent=2) + "\n")
    # Timing is returned, not written: the corpus stays byte-identical from run to run.
    stamp["seconds"] = round(time.perf_counter() - start, 2)
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return stamp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of articles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="output folder (replaced)")
    ap.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT,
        help="where data/ and pages/ are copied from",
    )
    ap.add_argument(
        "--provinces",
        type=Path,
        default=DEFAULT_PROVINCES_CSV,
        help="provinces-2025.csv",
    )
    args = ap.parse_args(argv)
    stamp = generate(args.n, args.seed, args.out, args.content, args.provinces)
    print(
        f"{args.out}: {stamp['n']} articles, ~{stamp['words_per_article']} words each, {stamp['seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
