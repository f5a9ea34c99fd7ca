// The search page (tim-kiem/): the portal's own index (search-vi.js), filters from the
// articles' and legal documents' front matter, results read out by a live region, 20 at a
// time. Loaded on this page only; the form in every page's header is plain HTML.
import { SearchIndex, highlight } from "./search-vi.js";

const PAGE = 20;
const script = document.querySelector("script[data-index]");
const index = new SearchIndex(new URL(script.dataset.index, location.href).href);
const site = new URL(script.dataset.site, location.href);
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const sort = document.getElementById("search-sort");
const filters = [...form.querySelectorAll("select[data-filter]")];
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const next = document.getElementById("search-next");
const params = ["q", ...filters.map((s) => s.name), "sap-xep"];
let asked = 0;
let shown = { query: "", ids: [], count: 0, filtered: false };

// The choices of each filter, with how many pages have them, sorted as Vietnamese is; a
// filter that the site has no value of (no legal documents: their type, body, status) is hidden.
async function fillFilters() {
  for (const select of filters) {
    const wanted = select.value || select.dataset.wanted || "";
    const values = await index.filterValues(select.dataset.filter);
    select.closest(".search-filter").hidden = !values.length;
    values.sort(([a], [b]) => (select.dataset.filter === "nam" ? b.localeCompare(a) : a.localeCompare(b, "vi")));
    for (const [value, count] of values) select.add(new Option(`${value} (${count})`, value));
    select.value = values.some(([value]) => value === wanted) ? wanted : "";
  }
}

function item(doc, query) {
  const li = document.createElement("li");
  const h = document.createElement("h2");
  const a = document.createElement("a");
  a.href = new URL(doc.url, site).pathname;
  a.textContent = doc.title; // plain text: never parsed as HTML
  h.append(a);
  li.append(h);
  const facts = [doc.date, doc.category].filter(Boolean).join(" · ");
  if (facts) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = facts;
    li.append(meta);
  }
  if (doc.excerpt) {
    const excerpt = document.createElement("p");
    for (const [text, matched] of highlight(doc.excerpt, query)) {
      if (!matched) excerpt.append(text);
      else excerpt.append(Object.assign(document.createElement("mark"), { textContent: text }));
    }
    li.append(excerpt);
  }
  return li;
}

function chosen() {
  const picked = {};
  for (const select of filters) if (select.value) picked[select.dataset.filter] = select.value;
  return picked;
}

const number = (n) => n.toLocaleString("vi-VN");

function said(query, count, showing, filtered) {
  const what = query ? `cho “${query}”${filtered ? " với bộ lọc đã chọn" : ""}` : "theo bộ lọc đã chọn";
  if (!count) {
    return `Không tìm thấy kết quả nào ${what}. Hãy thử từ khóa khác, ngắn hơn${filtered ? ", hoặc bỏ bớt bộ lọc" : ""}.`;
  }
  if (count > showing) return `Có ${number(count)} kết quả ${what}; đang hiển thị ${number(showing)} kết quả đầu.`;
  return `Tìm thấy ${number(count)} kết quả ${what}.`;
}

// Show the next results of the last search (after the first PAGE, on request).
async function more(mine, focus) {
  const from = list.children.length;
  const docs = await index.documents(shown.ids.slice(from, from + PAGE));
  if (mine !== asked) return;
  list.append(...docs.map((doc) => item(doc, shown.query)));
  const rest = shown.count - list.children.length;
  next.hidden = rest <= 0;
  next.textContent = `Xem thêm ${number(Math.min(rest, PAGE))} kết quả`;
  status.textContent = said(shown.query, shown.count, list.children.length, shown.filtered);
  if (focus) list.children[from]?.querySelector("a")?.focus();
}

async function run() {
  const mine = ++asked;
  const query = input.value.trim();
  const picked = chosen();
  list.replaceChildren();
  next.hidden = true;
  if (!query && !Object.keys(picked).length) {
    status.textContent = "";
    return;
  }
  status.textContent = "Đang tìm…";
  try {
    const ids = await index.search(query, { filters: picked, sort: sort.value === "moi-nhat" ? "newest" : "" });
    if (mine !== asked) return; // a newer query was typed meanwhile
    shown = { query, ids, count: ids.length, filtered: Object.keys(picked).length > 0 };
    await more(mine, false);
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
next.addEventListener("click", () => more(asked, true).catch(() => {}));
input.addEventListener("focus", () => index.manifest().catch(() => {}), { once: true });

const given = new URLSearchParams(location.search);
input.value = given.get("q") ?? "";
sort.value = given.get("sap-xep") === "moi-nhat" ? "moi-nhat" : "";
for (const select of filters) select.dataset.wanted = given.get(select.name) ?? "";
const options = form.querySelector(".search-more");
options.open = [...filters, sort].some((select) => given.get(select.name));
options.hidden = false;
// The filters' choices are loaded when they are shown, not before.
let filled = null;
const fill = () => (filled ??= fillFilters().catch(() => {}));
options.addEventListener("toggle", () => options.open && fill());
(options.open ? fill() : Promise.resolve()).then(() => (params.some((name) => given.get(name)) ? run() : undefined));
