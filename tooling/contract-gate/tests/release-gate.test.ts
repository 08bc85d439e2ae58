import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReleaseGate } from '../src/release-gate.ts';
import { fixtureRepository } from './fixture-repository.ts';

const gate = (root: string) => runReleaseGate({ root, contractPackage: 'contract' });

describe('the release gate', () => {
  it('passes a contract never released, saying it is the first release', () => {
    const repository = fixtureRepository({ version: '1.0.0', outputFields: 'title: z.string()' });
    expect(gate(repository.root)).toMatchObject({
      passed: true,
      message: expect.stringContaining(
        '@fixture/contract@1.0.0 has no release tag: this is its first release',
      ),
    });
  });

  it('passes a contract outside any git repository as a first release', () => {
    const repository = fixtureRepository({ version: '1.0.0', outputFields: 'title: z.string()' });
    rmSync(join(repository.root, '.git'), { recursive: true });
    expect(gate(repository.root)).toMatchObject({
      passed: true,
      message: expect.stringContaining('first release'),
    });
  });

  it('passes a contract unchanged since its release', () => {
    const repository = fixtureRepository({ version: '1.0.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    expect(gate(repository.root)).toMatchObject({ passed: true, changes: [] });
  });

  it('refuses an output field removed without a changeset, naming the field and saying breaking', () => {
    const repository = fixtureRepository({
      version: '1.2.0',
      outputFields: 'title: z.string(), body: z.string()',
    });
    repository.tagRelease();
    repository.changeOutput('body: z.string()');
    const verdict = gate(repository.root);
    expect(verdict.passed).toBe(false);
    expect(verdict.message).toContain('1 breaking change to @fixture/contract since @fixture/contract@1.2.0');
    expect(verdict.message).toContain('notes.get output.title: output.title was removed');
    expect(verdict.message).toContain('choose major');
  });

  it('refuses a breaking change whose changeset asks only for a minor bump after 1.0', () => {
    const repository = fixtureRepository({ version: '1.2.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    repository.changeOutput('title: z.string().optional()');
    repository.addChangeset('soft-title', { '@fixture/contract': 'minor' });
    expect(gate(repository.root)).toMatchObject({
      passed: false,
      message: expect.stringContaining('output.title'),
    });
  });

  it('passes a breaking change once a pending changeset bumps the package major', () => {
    const repository = fixtureRepository({ version: '1.2.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    repository.changeOutput('');
    repository.addChangeset('drop-title', { '@fixture/contract': 'major' });
    expect(gate(repository.root)).toMatchObject({
      passed: true,
      message: expect.stringContaining('released as a major bump'),
    });
  });

  it('passes a breaking change bumped major on a package of the same fixed group', () => {
    const repository = fixtureRepository({ version: '1.2.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    repository.changeOutput('');
    repository.addChangeset('client-major', { '@fixture/client': 'major' });
    expect(gate(repository.root).passed).toBe(true);
  });

  it('passes a breaking change before 1.0 with a minor bump, as semver has it', () => {
    const repository = fixtureRepository({ version: '0.3.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    repository.changeOutput('');
    repository.addChangeset('drop-title', { '@fixture/contract': 'minor' });
    expect(gate(repository.root).passed).toBe(true);
  });

  it('refuses a breaking change before 1.0 with only a patch bump', () => {
    const repository = fixtureRepository({ version: '0.3.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    repository.changeOutput('');
    repository.addChangeset('drop-title', { '@fixture/contract': 'patch' });
    expect(gate(repository.root)).toMatchObject({
      passed: false,
      message: expect.stringContaining('choose minor'),
    });
  });

  it('passes a breaking change whose changesets were already consumed into a major version', () => {
    const repository = fixtureRepository({ version: '1.2.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    repository.changeOutput('');
    repository.setVersion('2.0.0');
    expect(gate(repository.root).passed).toBe(true);
  });

  it('reports, without refusing, a change that breaks nobody and has no changeset', () => {
    const repository = fixtureRepository({ version: '1.2.0', outputFields: 'title: z.string()' });
    repository.tagRelease();
    repository.changeOutput('title: z.string(), body: z.string()');
    expect(gate(repository.root)).toMatchObject({
      passed: true,
      message: expect.stringMatching(
        /none breaking, and no changeset names it \(consider `pnpm changeset` with a minor bump\)[\s\S]*output\.body was added/,
      ),
    });
  });

  it('compares with the newest release tag by version, not by name', () => {
    const repository = fixtureRepository({ version: '1.9.0', outputFields: 'title: z.string()' });
    repository.tagRelease('1.9.0');
    repository.changeOutput('');
    repository.commit();
    repository.tagRelease('1.10.0');
    expect(gate(repository.root)).toMatchObject({ passed: true, changes: [] });
  });
});
