import type { ContractChange } from './contract-change.ts';

/** One released version and what changed since the one before it. */
export interface Release {
  version: string;
  changes: readonly ContractChange[];
}

/** An API changelog in Markdown, newest release first: breaking changes, then the rest. */
export function changelogMarkdown(releases: readonly Release[]): string {
  const line = (change: ContractChange) =>
    `- \`${change.procedure}\`${change.at ? ` (${change.at})` : ''}: ${change.reason}`;
  return [...releases]
    .reverse()
    .map(({ version, changes }) => {
      const breaking = changes.filter((change) => change.breaking);
      const other = changes.filter((change) => !change.breaking);
      const sections = [
        breaking.length > 0 ? `### Breaking\n\n${breaking.map(line).join('\n')}` : '',
        other.length > 0 ? `### Other changes\n\n${other.map(line).join('\n')}` : '',
      ].filter(Boolean);
      return `## ${version}\n\n${sections.length > 0 ? sections.join('\n\n') : 'No changes to the API.'}`;
    })
    .join('\n\n');
}
