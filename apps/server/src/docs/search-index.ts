import { contract } from '@charter/contract';
import { restOnlyErrors } from '@charter/rpc';
import { restOperations } from '@charter/rpc/server';
import { Marked, type Token } from 'marked';
import MiniSearch, { type Options } from 'minisearch';
import { referenceHref } from './guide-sections.ts';
import { type GuideSlug, guidePath, guides } from './guides.ts';
import { headingAnchors, plainText } from './heading-anchors.ts';

/** One thing search can find: an operation, a guide's section or an error code. */
export interface SearchEntry {
  id: string;
  kind: 'Operation' | 'Guide' | 'Error';
  title: string;
  /** What tells it apart: `POST /projects`, the guide it is in, an error's status. */
  label: string;
  text: string;
  href: string;
}

/** How the index is built and searched; the browser loads the index with the same options. */
export const searchOptions = {
  fields: ['title', 'label', 'text'],
  storeFields: ['kind', 'title', 'label', 'href'],
  searchOptions: { boost: { title: 3, label: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
} satisfies Options<SearchEntry>;

/**
 * The docs' search index, built on the server from the contract and the guides as served (their
 * placeholders filled), and searched in the browser by the same library: no search service, no CDN.
 */
export function searchIndex(guideMarkdown: Record<GuideSlug, string>): string {
  const search = new MiniSearch<SearchEntry>(searchOptions);
  search.addAll([
    ...operationEntries(),
    ...guides.flatMap(({ slug, title }) => guideEntries({ slug, title, markdown: guideMarkdown[slug] })),
    ...errorEntries(),
  ]);
  return JSON.stringify({ options: searchOptions, index: search });
}

/** Every REST operation, found by its summary, method and path, tRPC name, tag or description. */
export function operationEntries(): SearchEntry[] {
  return restOperations(contract).map((operation) => {
    const {
      method,
      path,
      procedurePath,
      operationId,
      procedure: { meta },
    } = operation;
    return {
      id: `operation:${operationId}`,
      kind: 'Operation',
      title: meta.summary,
      label: `${method} ${path}`,
      text: [procedurePath, operationId, meta.description ?? ''].join(' '),
      href: referenceHref(operation),
    };
  });
}

/** A guide's sections, each from its heading to the next, linked by the heading's anchor. */
export function guideEntries({
  slug,
  title,
  markdown,
}: {
  slug: GuideSlug;
  title: string;
  markdown: string;
}): SearchEntry[] {
  const anchor = headingAnchors();
  const entries: SearchEntry[] = [];
  for (const token of new Marked({ gfm: true }).lexer(markdown)) {
    if (token.type === 'heading') {
      const id = anchor(token.text);
      const first = entries.length === 0 && token.depth === 1;
      entries.push({
        id: `guide:${slug}#${id}`,
        kind: 'Guide',
        title: first ? title : plainText(token.text),
        label: title,
        text: '',
        href: first ? guidePath(slug) : `${guidePath(slug)}#${id}`,
      });
    } else {
      const current = entries.at(-1);
      if (current) current.text += ` ${wordsOf(token)}`;
    }
  }
  return entries;
}

/** The words a reader sees in a block: markup and generated HTML's tags left out. */
function wordsOf(token: Token): string {
  const raw = 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
  return plainText(raw).replace(/\s+/g, ' ').trim();
}

/** Every code of the error catalogue, linked to its entry on the errors page. */
export function errorEntries(): SearchEntry[] {
  return Object.entries({ ...contract.errors, ...restOnlyErrors }).map(([code, definition]) => ({
    id: `error:${code}`,
    kind: 'Error',
    title: code,
    label: `HTTP ${definition.status}`,
    text: [definition.message, 'description' in definition ? (definition.description ?? '') : ''].join(' '),
    href: `/docs/errors#${code}`,
  }));
}
