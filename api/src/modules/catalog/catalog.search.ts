import { pinyin } from 'pinyin-pro';

/** What the index knows of an item: enough to match, rank and filter without the database. */
export interface SearchEntry {
  itemCode: string;
  name: string;
  aliases: string[];
  keywords: string[];
  departmentCode: string;
  departmentName: string;
  category: string;
  lifeEvents: string[];
  modes: string[];
  popularity: number;
}

export interface SearchHit {
  entry: SearchEntry;
  score: number;
  matchedBy: string;
}

interface Indexed {
  entry: SearchEntry;
  /** name first, then aliases */
  names: string[];
  keywords: string[];
  /** full pinyin and initials of each of `names`, lower-case, no spaces */
  fullPinyin: string[];
  initials: string[];
  bigrams: Set<string>;
  /** normalised category and department name, for the department-level match */
  shelf: string;
  department: string;
}

/** A query prepared once, not once per item. */
interface Query {
  text: string;
  bigrams: string[];
}

const CJK = /[\u3400-\u9fff]/;
// One collator: String#localeCompare builds a new one per call, which dominated search time.
const byName = new Intl.Collator('zh').compare;
/** Fewer exact hits than this and the search tries again with typo tolerance. */
const FUZZY_BELOW = 3;
const NOISE = /[\s,，。.、!！?？:：;；"“”'‘’()（）《》\-_/]+/g;

/**
 * The 超市 search. Residents type Chinese in their own words, full pinyin or pinyin initials,
 * sometimes with a typo; a synonym table maps their words (生孩子, 退休金, 社保卡丢了) to the
 * catalogue's. Pure and in memory: ~1,000 items are scored in well under a millisecond.
 */
export class SearchIndex {
  private readonly items: Indexed[];
  private readonly synonyms: [string, string[]][];
  private readonly browseOrder: SearchEntry[];

  constructor(entries: SearchEntry[], synonyms: { term: string; expandsTo: string[] }[]) {
    this.items = entries.map(indexEntry);
    this.browseOrder = entries.slice().sort((a, b) => b.popularity - a.popularity || byName(a.name, b.name));
    // Longest terms first, so 社保卡丢了 wins over 社保卡.
    this.synonyms = synonyms.map((s) => [normalise(s.term), s.expandsTo.map(normalise)] as [string, string[]]).sort((a, b) => b[0].length - a[0].length);
  }

  get size(): number {
    return this.items.length;
  }

  /** Ranked matches for `query`; items that don't match are left out. */
  search(input: string): SearchHit[] {
    const exact = this.scan(input, false);
    // Typo tolerance is the fallback: only when the exact pass finds (almost) nothing.
    return exact.length >= FUZZY_BELOW ? exact : this.scan(input, true);
  }

  private scan(input: string, fuzzy: boolean): SearchHit[] {
    const q = normalise(input);
    if (!q) return [];
    const hits: SearchHit[] = [];
    const chinese = CJK.test(q);
    const prepared: Query = { text: q, bigrams: bigrams(q) };
    const expansions = chinese ? this.expand(q).map((e) => ({ ...e, query: { text: e.term, bigrams: bigrams(e.term) } })) : [];
    for (const item of this.items) {
      let best = chinese ? scoreChinese(item, prepared, fuzzy) : scoreLatin(item, q, fuzzy);
      for (const { query: expanded, via } of expansions) {
        const s = scoreChinese(item, expanded, fuzzy);
        if (s && s.score * 0.9 > (best?.score ?? 0)) best = { score: s.score * 0.9, matchedBy: `同义词“${via}”` };
      }
      if (best) hits.push({ entry: item.entry, score: best.score + Math.min(item.entry.popularity, 100) / 20, matchedBy: best.matchedBy });
    }
    return hits.sort((a, b) => b.score - a.score || b.entry.popularity - a.entry.popularity || byName(a.entry.name, b.entry.name));
  }

  /** Up to `limit` item names for suggestions as the resident types. */
  suggest(query: string, limit = 8): string[] {
    return this.search(query)
      .slice(0, limit)
      .map((h) => h.entry.name);
  }

  /** Every entry, for browsing with filters and no query. */
  all(): SearchEntry[] {
    return this.browseOrder;
  }

  private expand(q: string): { term: string; via: string }[] {
    const out: { term: string; via: string }[] = [];
    for (const [term, targets] of this.synonyms) {
      // Only when the resident's words contain the term: a half-typed word is matched directly, not relabelled.
      if (q.includes(term)) {
        for (const t of targets) out.push({ term: t, via: term });
      }
    }
    return out;
  }
}

function indexEntry(entry: SearchEntry): Indexed {
  const names = [entry.name, ...entry.aliases].map(normalise).filter(Boolean);
  return {
    entry,
    names,
    keywords: entry.keywords.map(normalise).filter(Boolean),
    fullPinyin: names.map((n) => pinyin(n, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase()),
    initials: names.map((n) => pinyin(n, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase()),
    bigrams: new Set(names.flatMap(bigrams)),
    shelf: normalise(entry.category),
    department: normalise(entry.departmentName),
  };
}

function scoreChinese(item: Indexed, query: Query, fuzzy = false): { score: number; matchedBy: string } | null {
  const q = query.text;
  const [name, ...aliases] = item.names;
  if (name === q) return { score: 100, matchedBy: '名称' };
  if (name?.startsWith(q)) return { score: 85, matchedBy: '名称' };
  if (name?.includes(q)) return { score: 70, matchedBy: '名称' };
  if (aliases.some((a) => a === q)) return { score: 80, matchedBy: '别名' };
  if (aliases.some((a) => a.includes(q))) return { score: 60, matchedBy: '别名' };
  if (item.keywords.some((k) => k === q || k.includes(q) || (k.length >= 2 && q.includes(k)))) return { score: 50, matchedBy: '关键词' };
  if (item.shelf === q || item.department.includes(q)) return { score: 30, matchedBy: '部门' };
  // Cheap typo tolerance: enough shared character pairs with a name (一个字打错也能找到).
  if (fuzzy && q.length >= 3) {
    const qb = query.bigrams;
    const shared = qb.filter((b) => item.bigrams.has(b)).length;
    const dice = (2 * shared) / (qb.length + Math.min(item.bigrams.size, qb.length + 2));
    if (shared >= 2 && dice >= 0.5) return { score: 20 + 20 * dice, matchedBy: '相近' };
  }
  return null;
}

function scoreLatin(item: Indexed, q: string, fuzzy = false): { score: number; matchedBy: string } | null {
  let best: { score: number; matchedBy: string } | null = null;
  const consider = (score: number, matchedBy: string) => {
    if (!best || score > best.score) best = { score, matchedBy };
  };
  item.initials.forEach((ini, i) => {
    const weight = i === 0 ? 1 : 0.85;
    if (ini === q) consider(90 * weight, '拼音首字母');
    else if (ini.startsWith(q)) consider(75 * weight, '拼音首字母');
    else if (q.length >= 2 && ini.includes(q)) consider(55 * weight, '拼音首字母');
  });
  item.fullPinyin.forEach((py, i) => {
    const weight = i === 0 ? 1 : 0.85;
    if (py === q) consider(95 * weight, '拼音');
    else if (py.startsWith(q)) consider(80 * weight, '拼音');
    else if (q.length >= 3 && py.includes(q)) consider(60 * weight, '拼音');
  });
  if (fuzzy && !best && q.length >= 4) {
    // One wrong, missing or extra letter in a pinyin prefix.
    for (const py of [...item.fullPinyin, ...item.initials]) {
      if (withinOneEdit(py.slice(0, q.length), q) || withinOneEdit(py.slice(0, q.length + 1), q)) {
        consider(30, '拼音（相近）');
        break;
      }
    }
  }
  return best;
}

export function normalise(s: string): string {
  return s.toLowerCase().replace(NOISE, '');
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Levenshtein distance ≤ 1, without building the matrix. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
