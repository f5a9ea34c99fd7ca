// Vietnamese rules on top of Pagefind's search (an ES module, no dependencies).
//
// Pagefind folds tone and vowel marks (NFD, marks removed): "dich vu cong" finds "Dịch vụ công",
// an accented query ranks exact matches first. What it does not do, added here:
//  1. đ/Đ has no decomposition: "dien tu" would never find "điện tử". Each word typed without
//     any mark that starts with d is also tried with đ (at most 3 words: 8 searches).
//  2. Queries are put in NFC, so NFD input (some keyboards) keeps the exact-accent bonus.
//  3. Every word is a prefix match, and a word that matches nothing falls back to a shorter one:
//     "hoa" finds "hoạt". A hit is kept only if every word but the last is a whole word of
//     the page and the last one starts one. A word typed with marks must have the same marks
//     (old and new tone placement, "hoà"/"hòa", are the same word); a word typed without marks
//     matches any marks.
//  4. Hits where the words stand side by side, as typed, come first.
// Tested with Node (tests/test_search.py) and in Chromium (tests/test_search_browser.py).

export const fold = (s) =>
  s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

const hasMarks = (t) => /[đĐ]/.test(t) || /\p{M}/u.test(t.normalize("NFD"));

export const words = (s) => s.normalize("NFC").split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);

export function dVariants(query, most = 3) {
  const terms = words(query);
  const ds = terms.map((t, i) => (/^[dD]/.test(t) && !hasMarks(t) ? i : -1)).filter((i) => i >= 0).slice(0, most);
  const out = [];
  for (let mask = 0; mask < 1 << ds.length; mask++) {
    const variant = terms.slice();
    ds.forEach((at, bit) => {
      if (mask & (1 << bit)) variant[at] = variant[at].replace(/^d/, "đ").replace(/^D/, "Đ");
    });
    out.push(variant.join(" "));
  }
  return terms.length ? out : [];
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu; // huyền, sắc, ngã, hỏi, nặng
// One key for a word whatever the position of its tone mark ("hòa" = "hoà", not "hóa").
export const toneKey = (w) => {
  const d = w.normalize("NFD").toLowerCase();
  return d.replace(TONES, "").normalize("NFC") + (d.match(TONES)?.[0] ?? "");
};

export function matches(text, query) {
  const page = words(text).map((t) => ({ f: fold(t), k: toneKey(t), plain: !hasMarks(t) }));
  const q = words(query);
  return q.every((t, i) => {
    const last = i === q.length - 1;
    const same = (a, b) => (last ? a.startsWith(b) : a === b);
    const f = fold(t);
    if (!hasMarks(t)) return page.some((p) => same(p.f, f));
    const k = toneKey(t);
    return page.some((p) => same(p.k, k) || (p.plain && same(p.f, f)));
  });
}

const longestRun = (positions) => {
  const s = [...new Set(positions)].sort((a, b) => a - b);
  let best = s.length ? 1 : 0;
  for (let i = 1, run = 1; i < s.length; i++) {
    run = s[i] === s[i - 1] + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
};

// {results: [{data, score}], candidates}: at most `limit` checked hits (their fragments are
// loaded one by one); `candidates` is the number of unchecked hits, an upper bound.
export async function search(pagefind, query, options = {}, limit = 20) {
  const variants = dVariants(query);
  if (!variants.length) {
    // No words but filters: every page they keep (newest first, if asked).
    if (!Object.keys(options.filters ?? {}).length) return { results: [], candidates: 0 };
    const all = await pagefind.search(null, options);
    const hits = all?.results ?? [];
    const data = await Promise.all(hits.slice(0, limit).map((hit) => hit.data()));
    return { results: data.map((d) => ({ data: d, score: 0 })), candidates: hits.length, exact: true };
  }
  const count = words(variants[0]).length;
  const runs = await Promise.all(variants.map((v) => pagefind.search(v, options)));
  const best = new Map();
  for (const run of runs) {
    for (const hit of run?.results ?? []) {
      const together = count > 1 && longestRun(hit.words ?? []) >= count;
      const seen = best.get(hit.id);
      if (!seen || hit.score > seen.score) best.set(hit.id, { hit, score: hit.score, together: together || Boolean(seen?.together) });
      else seen.together ||= together;
    }
  }
  const ranked = [...best.values()];
  if (!options.sort) ranked.sort((a, b) => b.together - a.together || b.score - a.score);
  const results = [];
  for (const entry of ranked) {
    if (results.length >= limit) break;
    const data = await entry.hit.data();
    if (matches(`${data.meta?.title ?? ""} ${data.content}`, query)) results.push({ data, score: entry.score });
  }
  return { results, candidates: ranked.length };
}
