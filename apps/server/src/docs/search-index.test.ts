import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { defaultBudgets } from '../rate-limit/budgets-config.ts';
import { guideMarkdown, renderMarkdown } from './guides.ts';
import { guideEntries, type SearchEntry, searchIndex } from './search-index.ts';

const markdown = guideMarkdown({
  origin: 'http://127.0.0.1:3000',
  accessTokenTtlSeconds: 900,
  budgets: defaultBudgets,
});

/** The index as the browser loads it: the JSON the server sends, read with the options it carries. */
function loaded(): MiniSearch<SearchEntry> {
  const { options, index } = JSON.parse(searchIndex(markdown));
  return MiniSearch.loadJS(index, options);
}
const hrefs = (query: string) =>
  loaded()
    .search(query)
    .map((hit) => hit.href as string);

describe('the docs search index', () => {
  it('finds an operation by words of its summary and links to it in the reference', () => {
    expect(hrefs('create task')[0]).toBe('/docs/reference#/tasks/tasksCreate');
  });

  it('finds an operation by its path or its tRPC name', () => {
    expect(hrefs('POST /projects')).toContain('/docs/reference#/projects/projectsCreate');
    expect(hrefs('apiKeys.revoke')[0]).toBe('/docs/reference#/apiKeys/apiKeysRevoke');
  });

  it("finds a guide's section by its words and links to the section's anchor", () => {
    expect(hrefs('api keys')).toContain('/docs/guides/authentication#api-keys');
    expect(hrefs('cursor')).toContain('/docs/guides/pagination');
  });

  it('finds an error code and links to its entry in the catalogue', () => {
    expect(hrefs('EMAIL_TAKEN')[0]).toBe('/docs/errors#EMAIL_TAKEN');
  });

  it('forgives a typo and completes a word being typed', () => {
    expect(hrefs('pagnation')).toContain('/docs/guides/pagination');
    expect(hrefs('authenti')).toContain('/docs/guides/authentication');
  });

  it('finds nothing for words no page has', () => {
    expect(hrefs('zeppelin')).toEqual([]);
  });

  it('links each guide section to an anchor its rendered page has', () => {
    for (const slug of ['authentication', 'rate-limits', 'getting-started'] as const) {
      const html = renderMarkdown(markdown[slug]);
      for (const { href } of guideEntries({ slug, title: slug, markdown: markdown[slug] })) {
        const anchor = href.split('#')[1];
        if (anchor) expect(html, href).toContain(`id="${anchor}"`);
      }
    }
  });
});
