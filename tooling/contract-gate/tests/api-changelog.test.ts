import { describe, expect, it } from 'vitest';
import { apiChangelog } from '../src/api-changelog.ts';
import { fixtureRepository } from './fixture-repository.ts';

describe('apiChangelog', () => {
  it('lists each release with its changes since the one before, newest first', () => {
    const repository = fixtureRepository({ version: '1.0.0', outputFields: 'title: z.string()' });
    repository.tagRelease('1.0.0');
    repository.changeOutput('title: z.string(), body: z.string()');
    repository.commit();
    repository.tagRelease('1.1.0');
    repository.changeOutput('body: z.string()');
    repository.commit();
    repository.tagRelease('2.0.0');
    const markdown = apiChangelog({ root: repository.root, contractPackage: 'contract' });
    expect(markdown).toBe(
      [
        '## 2.0.0',
        '',
        '### Breaking',
        '',
        '- `notes.get` (output.title): output.title was removed: callers reading it get nothing',
        '',
        '## 1.1.0',
        '',
        '### Other changes',
        '',
        '- `notes.get` (output.body): output.body was added: callers that do not read it are unaffected',
        '',
        '## 1.0.0',
        '',
        'No changes to the API.',
      ].join('\n'),
    );
  });

  it('says when nothing has been released', () => {
    const repository = fixtureRepository({ version: '1.0.0', outputFields: 'title: z.string()' });
    expect(apiChangelog({ root: repository.root, contractPackage: 'contract' })).toBe(
      '@fixture/contract has no release yet.',
    );
  });
});
