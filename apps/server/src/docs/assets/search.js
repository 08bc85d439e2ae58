// Search across operations, guides and error codes: the server builds the index once
// (search-index.ts); this page loads it on first use and searches it with the same library.
import MiniSearch from '/docs/assets/minisearch.js';

const input = document.getElementById('docs-search');
const results = document.getElementById('search-results');
const status = document.getElementById('search-status');
let loading;

const load = () => {
  loading ??= fetch('/docs/search-index.json')
    .then((response) => response.json())
    .then(({ options, index }) => MiniSearch.loadJS(index, options));
  return loading;
};

function resultItem(hit) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = hit.href;
  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = hit.kind;
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = hit.title;
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = hit.label;
  link.append(kind, title);
  // A guide's own opening section is labelled by its title already.
  if (hit.label !== hit.title) link.append(label);
  item.append(link);
  return item;
}

async function show() {
  const query = input.value.trim();
  if (query === '') {
    results.replaceChildren();
    results.hidden = true;
    status.textContent = '';
    return;
  }
  const index = await load();
  if (input.value.trim() !== query) return; // a later keystroke has its own search
  const hits = index.search(query).slice(0, 8);
  results.replaceChildren(...hits.map(resultItem));
  results.hidden = hits.length === 0;
  status.textContent = hits.length === 0 ? `Nothing matches “${query}”.` : `${hits.length} found.`;
}

input.addEventListener('focus', () => load().catch(() => undefined), { once: true });
input.addEventListener('input', () => {
  show().catch(() => {
    status.textContent = 'Search is unavailable: the index did not load.';
  });
});
// Enter opens the best match.
input.form.addEventListener('submit', (event) => {
  event.preventDefault();
  results.querySelector('a')?.click();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    input.value = '';
    show();
  } else if (event.key === 'ArrowDown') {
    event.preventDefault();
    results.querySelector('a')?.focus();
  }
});
// Arrow keys move through the results; up from the first goes back to the search box.
results.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  event.preventDefault();
  const links = [...results.querySelectorAll('a')];
  const at = links.indexOf(document.activeElement);
  const next = event.key === 'ArrowDown' ? links[Math.min(at + 1, links.length - 1)] : links[at - 1];
  (next ?? input).focus();
});
// "/" focuses search, as on GitHub, unless the reader is typing somewhere.
document.addEventListener('keydown', (event) => {
  const typing =
    event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable]');
  if (event.key === '/' && !typing) {
    event.preventDefault();
    input.focus();
  }
});
