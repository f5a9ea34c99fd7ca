// The search page (tim-kiem/): Pagefind's index, Vietnamese rules (search-vi.js), results read
// out by a live region. Loaded on this page only; the form in every page's header is plain HTML.
import { search } from "./search-vi.js";

const script = document.currentScript || document.querySelector("script[data-bundle]");
const bundle = new URL(script.dataset.bundle, location.href);
const site = new URL(script.dataset.site, location.href);
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const sort = document.getElementById("search-sort");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
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

async function run(query) {
  const mine = ++asked;
  query = query.trim();
  list.replaceChildren();
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = "Đang tìm…";
  try {
    const options = sort.value === "moi-nhat" ? { sort: { date: "desc" } } : {};
    const { results, candidates } = await search(await engine(), query, options, 20);
    if (mine !== asked) return; // a newer query was typed meanwhile
    list.replaceChildren(...results.map(({ data }) => item(data)));
    status.textContent = results.length
      ? candidates > results.length
        ? `Có thể có tới ${candidates} kết quả cho “${query}”; đang hiển thị ${results.length} kết quả phù hợp nhất.`
        : `Tìm thấy ${results.length} kết quả cho “${query}”.`
      : `Không tìm thấy kết quả nào cho “${query}”. Hãy thử từ khóa khác, ngắn hơn.`;
  } catch (error) {
    if (mine === asked) status.textContent = "Không tải được chỉ mục tìm kiếm. Xin thử lại sau.";
    throw error;
  }
}

function submit(event) {
  event?.preventDefault();
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  if (sort.value) params.set("sap-xep", sort.value);
  history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
  run(input.value);
}

form.querySelector(".search-options").hidden = false;
form.addEventListener("submit", submit);
sort.addEventListener("change", () => input.value.trim() && submit());
input.addEventListener("focus", () => engine().catch(() => {}), { once: true });
const asked0 = new URLSearchParams(location.search);
sort.value = asked0.get("sap-xep") === "moi-nhat" ? "moi-nhat" : "";
if (asked0.get("q")) {
  input.value = asked0.get("q");
  run(input.value);
}
