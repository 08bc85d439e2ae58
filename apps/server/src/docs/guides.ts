import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { packageRoot } from '../package-root.ts';
import { type GuideFacts, guideSections } from './guide-sections.ts';
import { headingAnchors } from './heading-anchors.ts';

/** The guides, in the order the navigation lists them. `errors` lives at /docs/errors, its codes' home. */
export const guides = [
  { slug: 'getting-started', title: 'Getting started' },
  { slug: 'authentication', title: 'Authentication' },
  { slug: 'rate-limits', title: 'Rate limits' },
  { slug: 'errors', title: 'Errors' },
  { slug: 'pagination', title: 'Pagination' },
  { slug: 'retries', title: 'Retries' },
  { slug: 'xml', title: 'XML' },
  { slug: 'typescript-client', title: 'TypeScript client' },
  { slug: 'agents', title: 'AI agents (MCP)' },
  { slug: 'examples', title: 'Examples' },
  { slug: 'changes', title: 'API changes' },
] as const;

export type GuideSlug = (typeof guides)[number]['slug'];

/** Where a guide is served. */
export const guidePath = (slug: GuideSlug): string =>
  slug === 'errors' ? '/docs/errors' : `/docs/guides/${slug}`;

/** A guide's markdown as written, before its placeholders are filled. */
export function guideSource(slug: GuideSlug): string {
  return readFileSync(join(packageRoot, 'src', 'docs', 'guides', `${slug}.md`), 'utf8');
}

/** The XML mapping, written once beside the codec in @charter/rpc. */
function xmlMapping(): string {
  return readFileSync(fileURLToPath(import.meta.resolve('@charter/rpc/xml-mapping.md')), 'utf8');
}

/** Every guide as markdown with its placeholders filled from the contract and the configuration. */
export function guideMarkdown(facts: GuideFacts): Record<GuideSlug, string> {
  const sections = guideSections(facts, xmlMapping());
  const fill = (source: string, slug: string) =>
    source.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const value = sections[name];
      if (value === undefined) throw new Error(`guide ${slug} uses {{${name}}}, which nothing fills`);
      return value;
    });
  return Object.fromEntries(guides.map(({ slug }) => [slug, fill(guideSource(slug), slug)])) as Record<
    GuideSlug,
    string
  >;
}

/**
 * Markdown to HTML, each heading with its anchor (`headingAnchors`); raw HTML in a guide is ours
 * (generated sections), never a caller's.
 */
export function renderMarkdown(markdown: string): string {
  const anchor = headingAnchors();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${anchor(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}
