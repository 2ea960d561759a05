// kb's search box: Material's search dialog answered by Pagefind (the index under
// pagefind/, built by the kb plugin). Pagefind loads only the index fragments a query
// needs: its code (about 160 KB with its worker and WebAssembly) is fetched as soon as
// this script runs, the index fragments only as a query asks for them.
//
// What costs time is Pagefind's ranking: it compares every page a query matches with
// every posting of the words matched, so its time grows with the square of the pages
// matched, and a query matches every word it is a prefix of. One or two letters match
// nearly every page: seconds at 20,000 entries, during which the worker can do nothing
// else. Hence: one letter is never searched, two only once typing pauses, and a search
// that finishes after the query moved on is shown only if the query still starts with
// it (its results then contain the latest query's).
const root = new URL("../../", import.meta.url);
const settings = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const LIMIT = 20;
const FIRST = 5; // shown one by one as their fragments arrive, the rest together after
const SHORT = 3; // queries shorter than this wait for a pause in the typing
const PAUSE_MS = 400; // about the gap between two keys of a slow typist
const OPTIONS = { baseUrl: root.pathname, excerptLength: 24 };

const translate = (key) => (settings.translations || {})[key] || "";
const $ = (selector) => document.querySelector(selector);

let loading = null;
function pagefind() {
  loading ??= import(new URL("pagefind/pagefind.js", root).href).then(
    async (found) => {
      await found.options(OPTIONS);
      await found.init(); // starts the worker, its WebAssembly and the index's metadata
      return found;
    },
    (error) => {
      loading = null; // tried again at the next search (kb serve writes the index later)
      throw error;
    },
  );
  return loading;
}

// The tags and every search filtered by one go to a second Pagefind instance (same
// worker and WebAssembly, an index state of its own): once an instance has loaded the
// tag filter's index, each of its searches also counts its results per tag, which made
// every search 3 to 5 times slower at 20,000 entries.
let tagged = null;
function withTags() {
  tagged ??= pagefind().then((found) => found.createInstance(OPTIONS));
  return tagged;
}

function counted(total) {
  if (total === 0) return translate("search.result.none");
  const key = total === 1 ? "search.result.one" : "search.result.other";
  return translate(key).replace("#", String(total));
}

function item(data) {
  const entry = document.createElement("li");
  entry.className = "md-search-result__item";
  const link = document.createElement("a");
  link.href = data.url;
  link.className = "md-search-result__link";
  link.tabIndex = -1;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-search-result__article--document md-typeset";
  const icon = document.createElement("div");
  icon.className = "md-search-result__icon md-icon";
  const title = document.createElement("h1");
  title.textContent = data.meta.title || data.url;
  const excerpt = document.createElement("p");
  excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: escaped text with <mark> around matches
  article.append(icon, title, excerpt);
  link.append(article);
  entry.append(link);
  return entry;
}

/** What the box asks for now: a single letter counts as nothing typed yet. */
function wanted() {
  const query = $("[data-kb-search-query]").value.trim();
  return { query: query.length > 1 ? query : "", tag: $("[data-kb-search-tag]").value };
}

/** Whether results for `done` may stand in for `now`: same tag, `now` extends its query. */
function covers(done, now) {
  return done.tag === now.tag && now.query.startsWith(done.query);
}

// One search at a time: the worker ranks one query after the other and answers data()
// only between rankings, so a search per keystroke would queue behind stale ones. While
// one runs, only the latest query waits; each search's first results show before the
// next search starts, the rest only when no newer query waits.
let running = false;
let again = false;
async function run() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      await show(wanted());
    } while (again);
  } finally {
    running = false;
  }
}

async function show(asked) {
  const list = $("[data-kb-search-results]");
  const meta = $("[data-kb-search-meta]");
  // A tag alone is not searched: Pagefind's search without words fetches every index
  // fragment (3.5 MB at 5,000 entries). The tag's page lists its entries.
  if (!asked.query) {
    list.replaceChildren();
    meta.textContent = translate("search.result.placeholder");
    return;
  }
  const found = asked.tag ? await withTags() : await pagefind();
  const filters = asked.tag ? { tag: [asked.tag] } : {};
  const search = await found.search(asked.query, { filters });
  if (!search || (again && !covers(asked, wanted()))) return; // the query moved on
  // Each of the first results shows as soon as it and those ranked above it are here,
  // not when the slowest of them is.
  const first = search.results.slice(0, FIRST).map((r) => r.data());
  if (first.length === 0) {
    meta.textContent = counted(0);
    list.replaceChildren();
  }
  for (const [rank, fetched] of first.entries()) {
    const data = await fetched;
    if (again && !covers(asked, wanted())) return;
    if (rank === 0) {
      meta.textContent = counted(search.results.length);
      list.replaceChildren(item(data));
    } else {
      list.append(item(data));
    }
  }
  if (again) return; // a newer query waits: its results matter more than these
  const rest = await Promise.all(search.results.slice(FIRST, LIMIT).map((r) => r.data()));
  if (!again) list.append(...rest.map(item));
}

// A short query matches most pages: it is searched once typing pauses, not at every
// keystroke. Nothing is preloaded for it: Pagefind fetches the one index fragment whose
// word range holds the query, which for two letters is rarely the third letter's.
let paused = null;
function typed() {
  clearTimeout(paused);
  const query = $("[data-kb-search-query]").value.trim();
  if (query.length >= SHORT || query.length === 0) return run();
  paused = setTimeout(run, PAUSE_MS);
}

async function offerTags() {
  const select = $("[data-kb-search-tag]");
  if (select.dataset.loaded) return;
  select.dataset.loaded = "yes";
  const filters = await (await withTags()).filters();
  const tags = Object.entries(filters.tag || {}).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, count] of tags) select.append(new Option(`${name} (${count})`, name));
  select.hidden = tags.length === 0;
}

function open(isOpen) {
  const toggle = document.getElementById("__search");
  if (toggle) toggle.checked = isOpen;
}

const input = $("[data-kb-search-query]");
if (input) {
  // At once, not when the page is idle: someone who opens a page to search types within
  // a few hundred milliseconds, and Pagefind's start-up takes about that long. A failure
  // shows when a search needs Pagefind.
  pagefind().catch(() => {});
  input.addEventListener("focus", () => {
    open(true);
    offerTags();
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
  $("[data-kb-search-tag]").addEventListener("change", run);
  input.form.addEventListener("reset", () => setTimeout(typed));
  $("[data-kb-search-results]").addEventListener("click", (event) => {
    if (event.target.closest("a")) open(false);
  });
}
