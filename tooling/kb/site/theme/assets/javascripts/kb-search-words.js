// The words of kb's search index, exactly as kb.site.searchwords cuts them in Python:
// the index is written by Python and read here, so a word must become the same term on
// both sides (tests/e2e/test_search_words.py compares them in the browser).
//
// Python counts code points where JavaScript's `length` counts UTF-16 units, and sorts
// strings by code point where `<` compares units: both differ only for characters
// outside the Basic Multilingual Plane, handled below where it matters.

// Python's [^\W_]+: maximal runs of letters and digits (no marks, no underscore).
const TOKEN = /[\p{L}\p{N}]+/gu;
export const LONGEST = 64; // longer tokens (hashes, base64) are not indexed
export const SHORTEST_PREFIX = 3; // shorter query terms match only themselves

/** The number of code points in `text` (Python's len). */
export function size(text) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) count++; // a low surrogate ends a pair already counted
  }
  return count;
}

/** A token of `text` lowered, or "" when it is too long to be indexed. */
function lowered(run) {
  const token = run.toLowerCase();
  return token.length > LONGEST && size(token) > LONGEST ? "" : token;
}

/** The tokens of `text`, lowercased, in order; tokens over 64 characters dropped. */
export function tokens(text) {
  const found = [];
  for (const [run] of text.matchAll(TOKEN)) {
    const token = lowered(run);
    if (token) found.push(token);
  }
  return found;
}

/** Each token of `text` with where it stands: [start, end, term], for excerpts. */
export function spans(text) {
  const found = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = lowered(match[0]);
    if (token) found.push([match.index, match.index + match[0].length, stem(token)]);
  }
  return found;
}

/** The S-stemmer: plurals to singulars, good enough for English and harmless elsewhere. */
export function stem(token) {
  if (token.length <= 3 || size(token) <= 3) return token;
  if (token.endsWith("ies") && !token.endsWith("eies") && !token.endsWith("aies")) {
    return token.slice(0, -3) + "y";
  }
  if (token.endsWith("es") && !/[aeo]es$/.test(token)) return token.slice(0, -1);
  if (token.endsWith("s") && !token.endsWith("us") && !token.endsWith("ss")) {
    return token.slice(0, -1);
  }
  return token;
}

/** A query's terms: its tokens stemmed, in order, each once. */
export function terms(text) {
  return [...new Set(tokens(text).map(stem))];
}

/** Whether the indexed `term` answers the query term `asked`: itself, or for a query
 * term of 3 or more characters any term it begins. */
export function matches(term, asked) {
  return term === asked || (prefixes(asked) && term.startsWith(asked));
}

/** Whether a query term matches the terms it begins, not only itself. */
export function prefixes(asked) {
  return asked.length >= SHORTEST_PREFIX && size(asked) >= SHORTEST_PREFIX;
}

/** Python's string order (by code point): a surrogate, that is a character beyond
 * U+FFFF, sorts after every other unit, where `<` puts it before U+E000-U+FFFF. */
export function compare(a, b) {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xAstral = x >= 0xd800 && x <= 0xdfff;
    const yAstral = y >= 0xd800 && y <= 0xdfff;
    if (xAstral !== yAstral) return xAstral ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
