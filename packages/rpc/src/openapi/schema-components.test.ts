import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { initContract } from '../contract-builder.ts';
import { defineErrors } from '../error-catalogue.ts';
import { openApiDocument } from './openapi-document.ts';
import { SchemaComponents } from './schema-components.ts';
import { serverOptions, validationErrors } from './test-kit.ts';

const c = initContract({ errors: defineErrors({}), scopes: {} });

describe('SchemaComponents', () => {
  it('publishes a schema registered with .meta({ id }) once and refers to it wherever it appears', () => {
    const Author = z.object({ name: z.string() }).meta({ id: 'Author' });
    const components = new SchemaComponents();
    const book = components.convert(
      z.object({ author: Author, coAuthors: z.array(Author) }),
      'output',
      'Book',
    );
    const document = { book };
    expect(components.publish(document)).toEqual({
      Author: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
    });
    expect(document.book.properties).toEqual({
      author: { $ref: '#/components/schemas/Author' },
      coAuthors: {
        type: 'array',
        items: { $ref: '#/components/schemas/Author', xml: { name: 'i' } },
        xml: { wrapped: true },
      },
    });
  });

  it('publishes the schemas named in the options, without touching the global registry', () => {
    const Tag = z.object({ label: z.string() });
    const components = new SchemaComponents({ Tag });
    const document = { schema: components.convert(z.array(Tag), 'output', 'Tags') };
    expect(Object.keys(components.publish(document))).toEqual(['Tag']);
    expect(document.schema.items).toEqual({ $ref: '#/components/schemas/Tag', xml: { name: 'i' } });
    expect(z.globalRegistry.get(Tag)).toBeUndefined();
  });

  it('names the input form NameInput when a default or a closed object makes it differ from the output', () => {
    const Page = z.object({ size: z.number().default(10) });
    const components = new SchemaComponents({ Page });
    const document = {
      output: components.convert(z.object({ page: Page }), 'output', 'A'),
      input: components.convert(z.object({ page: Page }), 'input', 'B'),
    };
    const schemas = components.publish(document);
    expect(schemas.Page).toMatchObject({ required: ['size'], additionalProperties: false });
    expect(schemas.PageInput).toEqual({
      type: 'object',
      properties: { size: { type: 'number', default: 10 } },
    });
    expect(document.output.properties).toMatchObject({ page: { $ref: '#/components/schemas/Page' } });
    expect(document.input.properties).toMatchObject({ page: { $ref: '#/components/schemas/PageInput' } });
  });

  it('keeps one component when the input and output forms are the same', () => {
    const Colour = z.enum(['red', 'green']);
    const components = new SchemaComponents({ Colour });
    const document = [
      components.convert(z.object({ colour: Colour }), 'output', 'A'),
      components.convert(z.object({ colour: Colour }), 'input', 'B'),
    ];
    expect(components.publish(document)).toEqual({ Colour: { type: 'string', enum: ['red', 'green'] } });
  });

  it('splits a named schema that refers to one whose forms differ, so each form points at its own', () => {
    const Size = z.number().default(1);
    const Box = z.object({ size: Size });
    const Crate = z.object({ boxes: z.array(Box).optional() });
    const components = new SchemaComponents({ Box, Crate });
    const document = [components.convert(Crate, 'output', 'A'), components.convert(Crate, 'input', 'B')];
    const schemas = components.publish(document);
    expect(Object.keys(schemas)).toEqual(['Box', 'BoxInput', 'Crate', 'CrateInput']);
    expect(JSON.stringify(schemas.CrateInput)).toContain('#/components/schemas/BoxInput');
    expect(JSON.stringify(schemas.Crate)).not.toContain('BoxInput');
  });

  it('refuses two different schemas under one name', () => {
    const components = new SchemaComponents();
    components.convert(z.object({ a: z.string() }).meta({ id: 'Thing' }), 'output', 'A');
    expect(() =>
      components.convert(z.object({ b: z.string() }).meta({ id: 'Thing' }), 'output', 'B'),
    ).toThrow('Two different schemas are named "Thing"');
  });

  it('turns a Date into an ISO 8601 date-time string and a nullable Date into that or null', () => {
    const components = new SchemaComponents();
    expect(components.convert(z.object({ at: z.date().nullable() }), 'output', 'A').properties).toEqual({
      at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    });
  });

  it('describes what JSON Schema cannot express (transforms, custom checks) as any value instead of failing', async () => {
    const Slug = z.string().transform((text) => text.toLowerCase());
    const Even = z.custom<number>((value) => typeof value === 'number' && value % 2 === 0);
    const contract = c.contract({
      slugs: c.mutation({
        summary: 'Slug',
        auth: 'public',
        input: z
          .object({ slug: Slug, even: Even })
          .refine((input) => input.slug.length > 0, { message: 'Give a slug.' }),
        output: z.object({ slug: Slug }),
      }),
    });
    const document = openApiDocument(contract, serverOptions);
    expect(document.components.schemas.SlugsInput?.properties).toEqual({
      slug: { type: 'string' },
      even: {},
    });
    expect(document.components.schemas.SlugsOutput?.properties).toEqual({ slug: {} });
    expect(await validationErrors(document)).toBeUndefined();
  });

  it('publishes a recursive schema as a component that refers to itself', async () => {
    interface Folder {
      name: string;
      children: Folder[];
    }
    const Folder: z.ZodType<Folder> = z.lazy(() => z.object({ name: z.string(), children: z.array(Folder) }));
    const contract = c.contract({
      folders: c.query({ summary: 'Folders', auth: 'public', output: Folder }),
    });
    const document = openApiDocument(contract, serverOptions);
    const output = document.components.schemas.FoldersOutput;
    expect(output?.properties).toMatchObject({
      children: { type: 'array', items: { $ref: '#/components/schemas/FoldersOutput' } },
    });
    expect(await validationErrors(document)).toBeUndefined();
  });
});
