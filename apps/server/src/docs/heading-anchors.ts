/**
 * Anchors for a page's headings, as GitHub writes them (`## API keys` → `#api-keys`), so a link
 * written by hand and a search result land on the same place. One per page: repeats get `-1`, `-2`.
 */
export function headingAnchors(): (markdownText: string) => string {
  const seen = new Map<string, number>();
  return (markdownText) => {
    const base = plainText(markdownText)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

/** A heading's markdown as words: links keep their text, code its content, emphasis nothing. */
export function plainText(markdownText: string): string {
  return markdownText
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*_]/g, '');
}
