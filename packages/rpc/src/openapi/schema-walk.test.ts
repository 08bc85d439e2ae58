import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { walkSchema } from './schema-walk.ts';

const kindsAt = (schema: $ZodType) => {
  const seen: string[] = [];
  walkSchema(schema, (node, path) => seen.push(`${path.join('.') || '(root)'}: ${node._zod.def.type}`));
  return seen;
};

describe('walkSchema', () => {
  it('visits every node a value passes through, with its path', () => {
    const schema = z
      .object({
        tags: z.array(z.string()).optional(),
        owner: z.union([z.uuid(), z.null()]),
        size: z.string().pipe(z.coerce.number()),
      })
      .default({ owner: null, size: 1 });
    expect(kindsAt(schema)).toEqual([
      '(root): default',
      '(root): object',
      'tags: optional',
      'tags: array',
      'tags.[]: string',
      'owner: union',
      'owner: string',
      'owner: null',
      'size: pipe',
      'size: string',
    ]);
  });

  it('visits a schema used at two paths at each of them', () => {
    const Id = z.uuid();
    expect(kindsAt(z.object({ projectId: Id, userId: Id }))).toEqual([
      '(root): object',
      'projectId: string',
      'userId: string',
    ]);
  });

  it('visits a recursive schema once', () => {
    interface Folder {
      children: Folder[];
    }
    const Folder: z.ZodType<Folder> = z.lazy(() => z.object({ children: z.array(Folder) }));
    expect(kindsAt(Folder)).toEqual(['(root): lazy', '(root): object', 'children: array']);
  });

  it('throws on a kind of node it does not know, so nothing new slips past', () => {
    const unknown = { _zod: { def: { type: 'hologram' } } } as unknown as $ZodType;
    expect(() => walkSchema(unknown, () => {})).toThrow('walkSchema does not know zod\'s "hologram" nodes');
  });
});
