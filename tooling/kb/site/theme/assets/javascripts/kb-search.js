// kb's search box: Material's search dialog answered by kb's own static index (site/search/,
// written during the build by kb.site.searchindex, read by kb-search-index.js).
//
// index.json (a few kilobytes: the shards' first terms, the tags) is fetched as soon as
// this script runs, so the first keystroke finds it there. A query then fetches the
// shards its terms fall in and the page files of the first results; ranking is a pass
// over arrays of page ids, a few milliseconds even at 20,000 entries. So every
// keystroke is answered at once, each query on its own: results are shown for the query
// the box holds now, or, while its pages are on their way, for an earlier query it
// extends (they are mostly the same pages), never for a query typed past.
import { SearchIndex, excerpt, highlighted } from "./kb-search-index.js";
import { prefixes, size, terms } from "./kb-search-words.js";

const root = new URL("../../", import.meta.url);
const settings = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const STEP = 10; // results fetched and shown at a time: the list shows ten at first
const PAUSE_MS = 400; // about the gap between two keys of a slow typist
const RECHECK_MS = 2000; // index.json is asked again when the box opens after this long
const MORE = "More results";

const translate = (key) => (settings.translations || {})[key] || "";
const $ = (selector) => document.querySelector(selector);

const folder = new URL("search/", root);
let loading = null;
let checked = 0; // when index.json was last asked for
function index() {
  if (loading) return loading;
  checked = performance.now();
  loading = SearchIndex.load(folder).catch((error) => {
    loading = null; // tried again at the next search (kb serve writes the index later)
    throw error;
  });
  return loading;
}

/** When the box opens: kb serve writes the index again a little after it reloads the
 * page, so a page open for a while asks whether index.json names a newer build, and
 * if so searches that one (the files of a build are fetched with ?v=BUILD, so the old
 * and the new one are never mixed). A conditional request: no body when unchanged. */
async function recheck() {
  if (!loading || performance.now() - checked < RECHECK_MS) return;
  checked = performance.now();
  const [current, fresh] = await Promise.all([loading, SearchIndex.load(folder)]);
  if (fresh.build === current.build) return;
  loading = Promise.resolve(fresh);
  offerTags(fresh);
  latest = null; // so that the query in the box is searched again
  typed();
}

let sequence = 0;
let latest = null; // the query the box holds now
let shown = null; // the query whose results the list shows

/** What the box asks for now. One letter counts as nothing typed yet: as a prefix it
 * would match nearly every page, and as an exact term it is rarely what is meant. */
function wanted() {
  const text = $("[data-kb-search-query]").value.trim();
  const typed = size(text) > 1 ? text : "";
  const tag = $("[data-kb-search-tag]").value;
  return { seq: ++sequence, text: typed, terms: terms(typed), tag };
}

/** Whether results for `done` may stand in for `now`: same tag, `now` extends its text. */
function covers(done, now) {
  return done.tag === now.tag && now.text.startsWith(done.text);
}

/** Whether the first of `asked`'s results can be shown at once (or it has none). */
function ready(asked) {
  if (!asked.ids) return false;
  return asked.ids.length === 0 || asked.index.loaded.has(asked.ids[0]);
}

/** Whether `asked`'s results may replace what the list shows. */
function mayShow(asked) {
  if (asked === latest) return true;
  const newer = !shown || shown.seq < asked.seq;
  return newer && asked.ids.length > 0 && covers(asked, latest) && !ready(latest);
}

function typed() {
  const asked = wanted();
  const same = latest && !latest.failed && asked.text === latest.text && asked.tag === latest.tag;
  if (same) return; // a trailing space, or a letter typed and deleted
  latest = asked;
  if (!asked.text && !asked.tag) {
    shown = asked;
    $("[data-kb-search-meta]").textContent = translate("search.result.placeholder");
    $("[data-kb-search-results]").replaceChildren();
    return;
  }
  answer(asked);
}

async function answer(asked) {
  try {
    asked.index = await index();
    asked.ids = await asked.index.rank(asked.terms, asked.tag);
    await reveal(asked, 0);
  } catch (error) {
    loading = null; // a file missing: the index may have been rewritten (kb serve)
    asked.failed = true;
    if (asked === latest) {
      shown = asked;
      $("[data-kb-search-meta]").textContent = "Search is not available, try again";
      $("[data-kb-search-results]").replaceChildren();
    }
    console.warn("kb search:", error);
  }
}

/** Shows `asked`'s results from rank `from` on, STEP of them, each as soon as its page
 * file and those of the results above it are here. */
async function reveal(asked, from) {
  const list = $("[data-kb-search-results]");
  const pending = asked.ids.slice(from, from + STEP).map((id) => asked.index.page(id));
  for (const page of pending) page.catch(() => {}); // the first failure is enough
  if (pending.length === 0) {
    if (asked !== latest) return;
    // A word of one or two letters matches only itself: "alb h" finds nothing while
    // "alb hand" is being typed. "None" waits for a pause; the list keeps what it shows.
    if (prefixes(asked.terms.at(-1) ?? "")) present(asked);
    else setTimeout(() => asked === latest && present(asked), PAUSE_MS);
    return;
  }
  for (const [rank, page] of pending.entries()) {
    const data = await page;
    if (from === 0 && rank === 0) {
      if (!mayShow(asked)) return;
      present(asked);
    } else if (shown !== asked) {
      return; // another query's results replaced these
    }
    list.append(item(data, asked.terms));
  }
  if (from + pending.length < asked.ids.length) list.append(more(asked, from + pending.length));
}

function present(asked) {
  shown = asked;
  $("[data-kb-search-meta]").textContent = counted(asked.ids.length);
  $("[data-kb-search-results]").replaceChildren();
}

function counted(total) {
  if (total === 0) return translate("search.result.none");
  const key = total === 1 ? "search.result.one" : "search.result.other";
  return translate(key).replace("#", String(total));
}

function item(data, words) {
  const entry = document.createElement("li");
  entry.className = "md-search-result__item";
  const link = document.createElement("a");
  link.href = new URL(data.u, root).href;
  link.className = "md-search-result__link";
  link.tabIndex = -1;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-search-result__article--document md-typeset";
  const icon = document.createElement("div");
  icon.className = "md-search-result__icon md-icon";
  const title = document.createElement("h1");
  title.innerHTML = highlighted(data.t || data.u, words); // escaped, as the excerpt
  const text = document.createElement("p");
  text.innerHTML = excerpt(data.x, words); // escaped text with <mark> around matches
  article.append(icon, title, text);
  link.append(article);
  entry.append(link);
  return entry;
}

// The next results load when the end of the list scrolls into view, or on a click
// (a keyboard user tabs to the button).
const scrolled = new IntersectionObserver(
  (seen) => seen.filter((e) => e.isIntersecting).forEach((e) => e.target.click()),
  { root: $("[data-kb-search] .md-search__scrollwrap") },
);

function more(asked, from) {
  const entry = document.createElement("li");
  entry.className = "md-search-result__item kb-search__more";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = MORE;
  // Once: scrolling the button into view and clicking it can both happen at once.
  button.addEventListener("click", () => {
    scrolled.unobserve(button);
    entry.remove();
    reveal(asked, from).catch((error) => console.warn("kb search:", error));
  }, { once: true });
  entry.append(button);
  scrolled.observe(button);
  return entry;
}

/** The tag menu: every tag of the index with its count (the first option, "All tags",
 * stays); the tag chosen stays chosen if the index still has it. */
function offerTags(found) {
  const select = $("[data-kb-search-tag]");
  const chosen = select.value;
  select.replaceChildren(select.options[0]);
  for (const [name, count] of found.tags) select.append(new Option(`${name} (${count})`, name));
  select.value = found.tags.some(([name]) => name === chosen) ? chosen : "";
  select.hidden = found.tags.length === 0;
  select.dataset.build = found.build;
}

/** Fills the tag menu once the index is here (now, or at the next search). */
function tagsWhenLoaded() {
  index().then((found) => {
    if ($("[data-kb-search-tag]").dataset.build !== found.build) offerTags(found);
  }, () => {});
}

function open(isOpen) {
  const toggle = document.getElementById("__search");
  if (toggle) toggle.checked = isOpen;
}

const input = $("[data-kb-search-query]");
if (input) {
  // At once, not on focus: someone who opens a page to search types within a few
  // hundred milliseconds. A failure shows when a search needs the index.
  tagsWhenLoaded();
  input.addEventListener("focus", () => {
    open(true);
    recheck().catch(() => {}); // a failure shows at the next search, if it lasts
    tagsWhenLoaded();
  });
  input.addEventListener("input", typed);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      open(false);
      input.blur();
    } else if (event.key === "Enter") {
      event.preventDefault();
      $("[data-kb-search-results] a")?.click();
    }
  });
  // Material's shortcuts to the search box, which its own search component would bind.
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (["/", "s", "f"].includes(event.key)) {
      event.preventDefault();
      input.focus();
    }
  });
  $("[data-kb-search-tag]").addEventListener("change", typed);
  input.form.addEventListener("reset", () => setTimeout(typed));
  $("[data-kb-search-results]").addEventListener("click", (event) => {
    if (event.target.closest("a")) open(false);
  });
}
