import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBudgets } from '../rate-limit/budgets-config.ts';
import { apiDescription } from './api-description.ts';
import { guideMarkdown, guidePath, guides, renderMarkdown } from './guides.ts';

const contractPackage = join(dirname(createRequire(import.meta.url).resolve('@charter/contract')), '..');

describe('apiDescription', () => {
  it("states the contract package's version as the API's version", () => {
    const { version } = JSON.parse(readFileSync(join(contractPackage, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(apiDescription({ origin: 'http://127.0.0.1:1' }).info.version).toBe(version);
  });

  it('links only to guide sections that exist, in every operation and in the introduction', () => {
    const origin = 'http://127.0.0.1:1';
    const markdown = guideMarkdown({ origin, accessTokenTtlSeconds: 900, budgets: defaultBudgets });
    const pages = new Map(guides.map(({ slug }) => [guidePath(slug), renderMarkdown(markdown[slug])]));
    pages.set('/docs', pages.get('/docs/guides/getting-started') ?? ''); // where /docs redirects
    const text = JSON.stringify(apiDescription({ origin }));
    const links = [...text.matchAll(/\]\(http:\/\/127\.0\.0\.1:1(\/docs[^)#]*)(?:#([^)]*))?\)/g)];
    expect(links.length).toBeGreaterThan(100);
    for (const [link, path = '', anchor] of new Map(links.map((match) => [match[0], match])).values()) {
      const page = pages.get(path);
      expect(page, link).toBeDefined();
      if (anchor) expect(page, link).toContain(`id="${anchor}"`);
    }
  });
});
