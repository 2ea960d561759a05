// The reader of kb's static search index (format v1, written by kb.site.searchindex
// into site/search/): index.json names the shards, the tags and the build; a query
// fetches only the shards its terms fall in, the tag's page list when a tag is chosen,
// and the page files of the results shown. Everything fetched is kept for the page's
// life, so a query that extends the previous one usually fetches nothing but pages.
import { compare, matches, prefixes, spans } from "./kb-search-words.js";

const FORMAT = 1;
const WINDOW = 30; // tokens in an excerpt
const BEFORE = 10; // of which before the first match

/** JSON from `url`; an error for anything but 200, so callers can try again later. */
async function fetched(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${response.status} for ${url}`);
  return response.json();
}

/** Delta-encoded page ids (each a gap from the one before) as ids. */
function undelta(gaps) {
  const ids = new Int32Array(gaps.length);
  let id = 0;
  for (let i = 0; i < gaps.length; i++) ids[i] = id += gaps[i];
  return ids;
}

export class SearchIndex {
  /** The index in `folder` (a URL ending in "/"): its index.json, always revalidated
   * (kb serve rewrites it), so every other file can be fetched for this build only. */
  static async load(folder) {
    const meta = await fetched(new URL("index.json", folder), { cache: "no-cache" });
    if (meta.v !== FORMAT) throw new Error(`search index format ${meta.v}, not ${FORMAT}`);
    return new SearchIndex(folder, meta);
  }

  constructor(folder, meta) {
    this.folder = folder;
    this.build = meta.build;
    this.pages = meta.pages;
    this.firsts = meta.shards;
    this.tags = meta.tags; // [[name, count], ...] by name
    this.files = new Map(); // path -> promise of its parsed content
    this.loaded = new Map(); // page id -> its page file, once it has arrived
  }

  /** A file of this build, fetched once; a failed fetch is forgotten, to be tried again. */
  file(path, parse = (json) => json) {
    let promise = this.files.get(path);
    if (!promise) {
      const url = new URL(`${path}?v=${this.build}`, this.folder);
      promise = fetched(url).then(parse);
      promise.catch(() => this.files.delete(path));
      this.files.set(path, promise);
    }
    return promise;
  }

  /** Shard i as a Map (a term like "constructor" must not find Object's prototype). */
  shard(i) {
    return this.file(`s/${i}.json`, (terms) => new Map(Object.entries(terms)));
  }

  /** Page `id`'s file: {u: URL, t: title, g: tags, d: date, x: text}. */
  page(id) {
    return this.file(`p/${id}.json`).then((data) => {
      this.loaded.set(id, data);
      return data;
    });
  }

  /** The ids of tag `name`'s pages, ascending (newest first); none for an unknown tag. */
  async tagged(name) {
    const i = this.tags.findIndex(([tag]) => tag === name);
    return i < 0 ? new Int32Array(0) : this.file(`t/${i}.json`, undelta);
  }

  /** The shards that can hold `term` (or, for a prefix term, the terms it begins):
   * the last one starting at or before it, then those starting with it. */
  shardsFor(term) {
    const firsts = this.firsts;
    let after = 0; // the first shard starting after the term
    for (let high = firsts.length; after < high; ) {
      const middle = (after + high) >> 1;
      if (compare(firsts[middle], term) <= 0) after = middle + 1;
      else high = middle;
    }
    const found = after > 0 ? [after - 1] : [];
    if (!prefixes(term)) return found;
    for (let i = after; i < firsts.length && firsts[i].startsWith(term); i++) found.push(i);
    return found;
  }

  /** Each page's value for the query term `asked` (0: not matched): the best posting
   * score of the terms it matches, half for a longer term than the one typed. */
  async values(asked) {
    const shards = await Promise.all(this.shardsFor(asked).map((i) => this.shard(i)));
    const values = new Float64Array(this.pages);
    const add = (postings, weight) => {
      for (let i = 0, id = 0; i < postings.length; i += 2) {
        id += postings[i];
        const value = postings[i + 1] * weight;
        if (value > values[id]) values[id] = value;
      }
    };
    for (const terms of shards) {
      if (!prefixes(asked)) {
        if (terms.has(asked)) add(terms.get(asked), 1);
        continue;
      }
      for (const [term, postings] of terms) {
        if (term.startsWith(asked)) add(postings, term === asked ? 1 : 0.5);
      }
    }
    return values;
  }

  /** The ids of the pages matching every term (and the tag, if any), best first, ties
   * newest first; with a tag and no terms, the tag's pages newest first. */
  async rank(terms, tag = "") {
    const [values, members] = await Promise.all([
      Promise.all(terms.map((term) => this.values(term))),
      tag ? this.tagged(tag) : null,
    ]);
    if (terms.length === 0) return members ? Array.from(members) : [];
    const allowed = members && new Uint8Array(this.pages);
    if (members) for (const id of members) allowed[id] = 1;
    const sums = new Float64Array(this.pages);
    const found = [];
    for (let id = 0; id < this.pages; id++) {
      if (allowed && !allowed[id]) continue;
      let sum = 0;
      for (const value of values) {
        if (value[id] === 0) {
          sum = 0;
          break;
        }
        sum += value[id];
      }
      if (sum > 0) {
        sums[id] = sum;
        found.push(id);
      }
    }
    return found.sort((a, b) => sums[b] - sums[a] || a - b);
  }
}

// Python's html.escape, so that an excerpt is the same string on both sides.
const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
function escaped(text) {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** `text` escaped, every token matching a query term in <mark> (for titles). */
export function highlighted(text, terms) {
  let html = "";
  let at = 0;
  for (const [from, to, term] of spans(text)) {
    if (!terms.some((asked) => matches(term, asked))) continue;
    html += `${escaped(text.slice(at, from))}<mark>${escaped(text.slice(from, to))}</mark>`;
    at = to;
  }
  return html + escaped(text.slice(at));
}

/** About 30 tokens of `text` around its first token matching a query term, escaped,
 * every matching token in <mark>; the first 30 tokens when none matches (the page
 * matched by its title). */
export function excerpt(text, terms) {
  const words = spans(text);
  const hit = ([, , term]) => terms.some((asked) => matches(term, asked));
  const first = words.findIndex(hit);
  const start = Math.max(0, first - BEFORE);
  const shown = words.slice(start, start + WINDOW);
  if (shown.length === 0) return "";
  let html = start > 0 ? "… " : "";
  let at = shown[0][0];
  for (const word of shown) {
    const [from, to] = word;
    html += escaped(text.slice(at, from));
    const token = escaped(text.slice(from, to));
    html += hit(word) ? `<mark>${token}</mark>` : token;
    at = to;
  }
  return start + WINDOW < words.length ? `${html} …` : html;
}

