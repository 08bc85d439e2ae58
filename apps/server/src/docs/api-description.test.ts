import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiDescription } from './api-description.ts';

const contractPackage = join(dirname(createRequire(import.meta.url).resolve('@charter/contract')), '..');

describe('apiDescription', () => {
  it("states the contract package's version as the API's version", () => {
    const { version } = JSON.parse(readFileSync(join(contractPackage, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(apiDescription({ origin: 'http://127.0.0.1:1' }).info.version).toBe(version);
  });
});
