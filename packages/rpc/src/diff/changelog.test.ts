import { describe, expect, it } from 'vitest';
import { changelogMarkdown } from './changelog.ts';

describe('changelogMarkdown', () => {
  it('lists releases newest first, breaking changes before the others', () => {
    const markdown = changelogMarkdown([
      { version: '1.0.0', changes: [] },
      {
        version: '2.0.0',
        changes: [
          {
            procedure: 'tasks.find',
            at: '',
            rule: 'procedure-added',
            breaking: false,
            reason: 'it was added',
          },
          {
            procedure: 'tasks.get',
            at: 'output.title',
            rule: 'output-field-removed',
            breaking: true,
            reason: 'output.title was removed',
          },
        ],
      },
    ]);
    expect(markdown).toBe(
      [
        '## 2.0.0',
        '',
        '### Breaking',
        '',
        '- `tasks.get` (output.title): output.title was removed',
        '',
        '### Other changes',
        '',
        '- `tasks.find`: it was added',
        '',
        '## 1.0.0',
        '',
        'No changes to the API.',
      ].join('\n'),
    );
  });
});
