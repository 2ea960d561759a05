// kb's search box: Material's search dialog answered by Pagefind (the index under
// pagefind/, built by the kb plugin). Pagefind loads only the index fragments a query
// needs: its code (about 160 KB) is fetched once the page is idle, the index fragments
// only as a query asks for them.
const root = new URL("../../", import.meta.url);
const settings = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const LIMIT = 20;
const FIRST = 5; // shown as soon as their fragments arrive, the rest follow

const translate = (key) => (settings.translations || {})[key] || "";
const $ = (selector) => document.querySelector(selector);

let loading = null;
function pagefind() {
  loading ??= import(new URL("pagefind/pagefind.js", root).href).then(async (found) => {
    await found.options({ baseUrl: root.pathname, excerptLength: 24 });
    await found.init();
    return found;
  });
  return loading;
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

// One search at a time: Pagefind's worker runs them in order, so a search per keystroke
// would queue behind the stale ones; while one runs, only the latest query waits.
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
      await show($("[data-kb-search-query]").value.trim(), $("[data-kb-search-tag]").value);
    } while (again);
  } finally {
    running = false;
  }
}

async function show(query, tag) {
  const list = $("[data-kb-search-results]");
  const meta = $("[data-kb-search-meta]");
  if (!query && !tag) {
    list.replaceChildren();
    meta.textContent = translate("search.result.placeholder");
    return;
  }
  const found = await pagefind();
  const search = await found.search(query || null, { filters: tag ? { tag: [tag] } : {} });
  if (again || !search) return; // a later keystroke has taken over
  const first = await Promise.all(search.results.slice(0, FIRST).map((r) => r.data()));
  if (again) return;
  meta.textContent = counted(search.results.length);
  list.replaceChildren(...first.map(item));
  const rest = await Promise.all(search.results.slice(FIRST, LIMIT).map((r) => r.data()));
  if (!again) list.append(...rest.map(item));
}

async function offerTags() {
  const select = $("[data-kb-search-tag]");
  if (select.dataset.loaded) return;
  select.dataset.loaded = "yes";
  const filters = await (await pagefind()).filters();
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
  // Ready before the first keystroke; Material's search fetched its whole index here.
  const idle = window.requestIdleCallback ?? ((run) => setTimeout(run, 200));
  addEventListener("load", () => idle(() => pagefind()), { once: true });
  input.addEventListener("focus", () => {
    open(true);
    offerTags();
  });
  input.addEventListener("input", run);
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
  input.form.addEventListener("reset", () => setTimeout(run));
  $("[data-kb-search-results]").addEventListener("click", (event) => {
    if (event.target.closest("a")) open(false);
  });
}
