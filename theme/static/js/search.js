// The search page (tim-kiem/): Pagefind's index, Vietnamese rules (search-vi.js), filters from
// the articles' front matter, results read out by a live region. Loaded on this page only; the
// form in every page's header is plain HTML.
import { search } from "./search-vi.js";

const script = document.querySelector("script[data-bundle]");
const bundle = new URL(script.dataset.bundle, location.href);
const site = new URL(script.dataset.site, location.href);
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const sort = document.getElementById("search-sort");
const filters = [...form.querySelectorAll("select[data-filter]")];
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const params = ["q", ...filters.map((s) => s.name), "sap-xep"];
let pagefind = null;
let asked = 0;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind.js", bundle).href);
    // No bonus for short pages: a keyword's page ("Từ khóa: cải cách hành chính") would
    // otherwise come before the articles about it (measured on the bundled site).
    await pagefind.options({ baseUrl: site.pathname, excerptLength: 30, ranking: { pageLength: 0 } });
    pagefind.init();
  }
  return pagefind;
}

// The choices of each filter, with how many pages have them, sorted as Vietnamese is.
async function fillFilters() {
  const counts = await (await engine()).filters();
  for (const select of filters) {
    const wanted = select.value || select.dataset.wanted || "";
    const values = Object.entries(counts[select.dataset.filter] ?? {});
    values.sort(([a], [b]) => (select.dataset.filter === "nam" ? b.localeCompare(a) : a.localeCompare(b, "vi")));
    for (const [value, count] of values) {
      const option = new Option(`${value} (${count})`, value);
      select.add(option);
    }
    select.value = values.some(([value]) => value === wanted) ? wanted : "";
  }
}

function item(data) {
  const li = document.createElement("li");
  const h = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta?.title || data.url; // plain text: never parsed as HTML
  h.append(a);
  li.append(h);
  const facts = [data.meta?.date, data.meta?.category].filter(Boolean).join(" · ");
  if (facts) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = facts;
    li.append(meta);
  }
  const excerpt = document.createElement("p");
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text; its only markup is <mark>
  li.append(excerpt);
  return li;
}

function chosen() {
  const picked = {};
  for (const select of filters) if (select.value) picked[select.dataset.filter] = select.value;
  return picked;
}

function said(query, count, shown, exact, filtered) {
  const what = query ? `cho “${query}”${filtered ? " với bộ lọc đã chọn" : ""}` : "theo bộ lọc đã chọn";
  if (!shown) {
    return `Không tìm thấy kết quả nào ${what}. Hãy thử từ khóa khác, ngắn hơn${filtered ? ", hoặc bỏ bớt bộ lọc" : ""}.`;
  }
  if (count > shown) {
    return exact
      ? `Có ${count} kết quả ${what}; đang hiển thị ${shown} kết quả đầu.`
      : `Có thể có tới ${count} kết quả ${what}; đang hiển thị ${shown} kết quả phù hợp nhất.`;
  }
  return `Tìm thấy ${shown} kết quả ${what}.`;
}

async function run() {
  const mine = ++asked;
  const query = input.value.trim();
  const picked = chosen();
  list.replaceChildren();
  if (!query && !Object.keys(picked).length) {
    status.textContent = "";
    return;
  }
  status.textContent = "Đang tìm…";
  try {
    const options = { filters: picked, ...(sort.value === "moi-nhat" ? { sort: { date: "desc" } } : {}) };
    const { results, candidates, exact } = await search(await engine(), query, options, 20);
    if (mine !== asked) return; // a newer query was typed meanwhile
    list.replaceChildren(...results.map(({ data }) => item(data)));
    status.textContent = said(query, candidates, results.length, exact, Object.keys(picked).length > 0);
  } catch (error) {
    if (mine === asked) status.textContent = "Không tải được chỉ mục tìm kiếm. Xin thử lại sau.";
    throw error;
  }
}

function remember() {
  const query = new URLSearchParams();
  if (input.value.trim()) query.set("q", input.value.trim());
  for (const select of [...filters, sort]) if (select.value) query.set(select.name, select.value);
  history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  remember();
  run();
});
for (const select of [...filters, sort]) {
  select.addEventListener("change", () => {
    remember();
    run();
  });
}
input.addEventListener("focus", () => engine().catch(() => {}), { once: true });

const given = new URLSearchParams(location.search);
input.value = given.get("q") ?? "";
sort.value = given.get("sap-xep") === "moi-nhat" ? "moi-nhat" : "";
for (const select of filters) select.dataset.wanted = given.get(select.name) ?? "";
const more = form.querySelector(".search-more");
more.open = [...filters, sort].some((select) => given.get(select.name));
more.hidden = false;
// The filters' choices (and so the index) are loaded when they are shown, not before.
let filled = null;
const fill = () => (filled ??= fillFilters().catch(() => {}));
more.addEventListener("toggle", () => more.open && fill());
(more.open ? fill() : Promise.resolve()).then(() => (params.some((name) => given.get(name)) ? run() : undefined));
