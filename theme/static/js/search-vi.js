// The search index of the portal (tim-kiem/chi-muc/, written by plugins/portal_search) and
// the Vietnamese rules of matching, the same as the index's (plugins/portal_search/words.py):
//  - every word is indexed folded (no tone or vowel marks, đ → d) and with its marks, so a
//    word typed without marks matches any marks ("dien tu" → "điện tử"), and a word typed
//    with marks matches those marks only, whatever the position of the tone ("hoà" = "hòa",
//    not "hóa"); NFD input is put in NFC first;
//  - every word of the query must be in the page; the last one may be the start of a word
//    (3 letters or more: "hoat" finds "hoạt động");
//  - a legal document whose number is among the query's words ("76/NQ-CP", "76 nq cp",
//    "Nghị định 42/2022/ND-CP": its number key, words.py `number_key`) comes first, then pages
//    where the query's words stand side by side in the title or sa-pô, then by a score
//    (rarer words and words of the title count more), then newest first.
// An ES module without dependencies. Tested with Node (tests/test_search.py) and in Chromium
// (tests/test_search_browser.py).

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/u; // huyền, sắc, ngã, hỏi, nặng
const NUMBER_FORM = "#"; // the form of a legal document's number key (words.py NUMBER_FORM)

export const words = (text) => text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export const fold = (word) => word.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/\p{M}/gu, "");

// [the word without its tone, the tone] — "hòa" and "hoà" give the same.
const parts = (word) => {
  const d = word.toLowerCase().normalize("NFD");
  const tone = d.match(TONES)?.[0] ?? "";
  return [d.replace(new RegExp(TONES, "gu"), "").normalize("NFC"), tone];
};

export const form = (word) => parts(word).join("");

const shardOf = (term) => [...term.split(" ")[0]].slice(0, 3).join("");
const fileName = (key) =>
  /^[a-z0-9]+$/.test(key) ? key : "x" + [...new TextEncoder().encode(key)].map((b) => b.toString(16).padStart(2, "0")).join("");

// One word of a query: what it matches.
export function term(word, prefix = false) {
  const w = word.normalize("NFC").toLowerCase();
  const folded = fold(w);
  const [plain, tone] = parts(w);
  const marked = folded !== w;
  const open = prefix && [...folded].length >= 3; // a shard holds every word that starts with its key
  return {
    word: w, folded, marked, open,
    // does a word of the page, folded `f` and with form `pageForm`, match?
    matches(f, pageForm, asPrefix = open) {
      if (asPrefix ? !f.startsWith(folded) : f !== folded) return false;
      if (!marked || pageForm === f) return true; // typed without marks, or the page has none
      if (!asPrefix) return pageForm === plain + tone;
      const [pagePlain, pageTone] = parts(pageForm);
      return pagePlain.startsWith(plain) && (!tone || pageTone === tone);
    },
  };
}

// The entries of a binary index file (plugins/portal_search/index.py): Map key →
// [{form, ids: Uint32Array, weights: Uint8Array}], each weight the class 0–7 (log2) of the
// document's weight.
export function decode(buffer) {
  const bytes = new Uint8Array(buffer);
  const text = new TextDecoder();
  const entries = new Map();
  let at = 0;
  const number = () => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      const byte = bytes[at++];
      value += (byte & 127) * shift;
      if (!(byte & 128)) return value;
    }
  };
  const string = () => {
    const size = number();
    at += size;
    return text.decode(bytes.subarray(at - size, at));
  };
  while (at < bytes.length) {
    const key = string();
    const forms = [];
    for (let f = number(); f > 0; f--) {
      const form = string();
      const count = number();
      const ids = new Uint32Array(count);
      const weights = new Uint8Array(count);
      for (let i = 0, id = 0; i < count; i++) {
        const value = number();
        id += Math.floor(value / 8);
        ids[i] = id;
        weights[i] = value % 8;
      }
      forms.push({ form, ids, weights });
    }
    entries.set(key, forms);
  }
  return entries;
}

// The parts of `text` to show, each [text, matched]: the words of the query are marked, and
// words marked side by side are one part ("Dịch vụ công", not three).
export function highlight(text, query) {
  const terms = words(query).map((w, i, all) => term(w, i === all.length - 1));
  const parts = text.normalize("NFC").split(/([\p{L}\p{N}]+)/u).filter(Boolean).map((part) => {
    if (!/[\p{L}\p{N}]/u.test(part)) return [part, false];
    const lower = part.toLowerCase();
    const f = fold(lower);
    return [part, terms.some((t) => t.matches(f, form(lower)))];
  });
  const joined = [];
  parts.forEach(([part, matched], i) => {
    const between = !matched && /^\s+$/u.test(part) && joined.at(-1)?.[1] && parts[i + 1]?.[1];
    const last = joined.at(-1);
    if (last && last[1] === (matched || between)) last[0] += part;
    else joined.push([part, matched || Boolean(between)]);
  });
  return joined;
}

export class SearchIndex {
  // `base`: the URL of tim-kiem/chi-muc/; `load(url, kind)` (kind "json" or "bytes"), for Node.
  constructor(base, load = null) {
    this.base = base;
    this.load = load ?? (async (url, kind, fresh) => {
      const response = await fetch(url, fresh ? { cache: "no-cache" } : {});
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return kind === "json" ? response.json() : response.arrayBuffer();
    });
    this.files = new Map();
  }

  manifest() {
    return (this.manifestLoaded ??= this.load(new URL("muc-luc.json", this.base).href, "json", true));
  }

  async file(path, kind) {
    if (!this.files.has(path)) {
      const loading = this.manifest().then((m) => this.load(new URL(`${path}?v=${m.stamp}`, this.base).href, kind));
      this.files.set(path, kind === "bytes" ? loading.then(decode) : loading);
      loading.catch(() => this.files.delete(path));
    }
    return this.files.get(path);
  }

  async shard(key) {
    const manifest = await this.manifest();
    return manifest.shards.includes(key) ? this.file(`tu/${fileName(key)}.bin`, "bytes") : new Map();
  }

  // {value: count} of a filter, values in Vietnamese order.
  async filterValues(name) {
    const manifest = await this.manifest();
    if (!manifest.filters.includes(name)) return [];
    const entries = await this.file(`loc/${name}.bin`, "bytes");
    return [...entries].map(([value, forms]) => [value, forms[0].ids.length]);
  }

  // Document numbers kept by the chosen filters ({name: value}), or null for no filter.
  async kept(filters) {
    let kept = null;
    for (const [name, value] of Object.entries(filters)) {
      const manifest = await this.manifest();
      const entries = manifest.filters.includes(name) ? await this.file(`loc/${name}.bin`, "bytes") : new Map();
      const ids = new Set(entries.get(value)?.[0].ids ?? []);
      kept = kept === null ? ids : new Set([...kept].filter((id) => ids.has(id)));
    }
    return kept;
  }

  // The numbers of the documents found, best first (or newest first with sort "newest").
  async search(query, { filters = {}, sort = "" } = {}) {
    const manifest = await this.manifest();
    const typed = words(query);
    const kept = await this.kept(filters);
    // Documents are numbered oldest first (plugins/portal_search/index.py): the highest is the newest.
    if (!typed.length) return kept === null ? [] : [...kept].sort((a, b) => b - a);
    const terms = typed.map((w, i) => term(w, i === typed.length - 1));
    const shards = await Promise.all(terms.map((t) => this.shard(shardOf(t.folded))));
    let found = null; // Map id → score
    terms.forEach((t, i) => {
      const weight = new Map();
      for (const [key, forms] of shards[i]) {
        if (key.includes(" ")) continue;
        const whole = key === t.folded;
        if (!whole && !(t.open && key.startsWith(t.folded))) continue;
        for (const { form, ids, weights } of forms) {
          if (!t.matches(key, form, !whole)) continue;
          ids.forEach((id, k) => {
            const w = 2 ** weights[k] / (whole ? 1 : 2);
            if (!(weight.get(id) >= w)) weight.set(id, w);
          });
        }
      }
      const idf = Math.log(1 + manifest.documents / Math.max(1, weight.size));
      const next = new Map();
      for (const [id, w] of weight) {
        if (kept !== null && !kept.has(id)) continue;
        if (found === null || found.has(id)) next.set(id, (found?.get(id) ?? 0) + (idf * w) / (w + 3));
      }
      found = next;
    });
    const together = new Map(); // id → pairs of the query's words side by side
    for (let i = 0; i + 1 < terms.length; i++) {
      const pair = shards[i].get(`${terms[i].folded} ${terms[i + 1].folded}`) ?? [];
      for (const { form, ids } of pair) {
        if (form === NUMBER_FORM) continue; // a two-word number: counted below
        for (const id of ids) if (found.has(id)) together.set(id, (together.get(id) ?? 0) + 1);
      }
    }
    const numbered = new Set(); // documents whose whole number is a run of the query's words
    for (let i = 0; i + 1 < terms.length; i++) {
      let key = terms[i].folded;
      for (let j = i + 1; j < terms.length; j++) {
        key += ` ${terms[j].folded}`; // the shard of a number key is its first word's
        for (const { form, ids } of shards[i].get(key) ?? []) {
          if (form === NUMBER_FORM) for (const id of ids) if (found.has(id)) numbered.add(id);
        }
      }
    }
    const ids = [...found.keys()];
    if (sort === "newest") return ids.sort((a, b) => b - a);
    const first = (id) => (numbered.has(id) ? 1 : 0);
    return ids.sort((a, b) => first(b) - first(a) || (together.get(b) ?? 0) - (together.get(a) ?? 0) || found.get(b) - found.get(a) || b - a);
  }

  // [{url, title, date, category, excerpt}] of document numbers, in the same order.
  async documents(ids) {
    const { chunk } = await this.manifest();
    const files = await Promise.all(ids.map((id) => this.file(`bai/${Math.floor(id / chunk)}.json`, "json")));
    return ids.map((id, i) => {
      const [url, title, date, category, excerpt] = files[i][id % chunk];
      return { url, title, date, category, excerpt };
    });
  }
}
