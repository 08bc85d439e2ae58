#!/usr/bin/env node
// Contracts are TypeScript (a git ref's tree has no build): tsx lets this process import them.
import { register } from 'tsx/esm/api';

register();
await import('../src/diff/cli.ts');
