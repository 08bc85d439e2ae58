import { type $ZodIssue, type $ZodType, type output, safeParse } from 'zod/v4/core';
import type { SchemaTypes } from '../procedure.ts';
import { reviveJson } from './json-revival.ts';

/** A worked example of one event, for the docs and the OpenAPI document; the contract's tests parse each. */
export interface EventExample<TData = unknown> {
  title: string;
  timestamp: Date;
  data: TData;
}

/** What a contract author writes for one event: what happened, and the schema of what it carries. */
export interface EventDefinition<TData extends SchemaTypes = SchemaTypes> {
  summary: string;
  description?: string;
  data: TData;
  examples?: readonly EventExample<output<TData>>[];
}

/** Payload schemas by event type: what a catalogue is generic in. */
export type EventSchemas = Record<string, SchemaTypes>;

/** Events by type (`task.created`), each with its payload schema. */
export interface EventCatalogue<TSchemas extends EventSchemas = EventSchemas> {
  readonly '~events': true;
  readonly definitions: { readonly [TType in keyof TSchemas]: EventDefinition<TSchemas[TType]> };
  /**
   * Reads an event as a JSON body carries it (`{ type, timestamp, data }`, Dates as ISO 8601 text)
   * into its typed form; throws an InvalidEventError saying what is wrong.
   */
  parse(body: unknown): EventIn<TSchemas, keyof TSchemas>;
}

type EventIn<TSchemas extends EventSchemas, TType extends keyof TSchemas> = TType extends string
  ? { type: TType; timestamp: Date; data: output<TSchemas[TType]> }
  : never;

/** Any catalogue, whatever its events. */
export type AnyEventCatalogue = { readonly '~events': true; readonly definitions: object };

type SchemasOf<TCatalogue> = TCatalogue extends EventCatalogue<infer TSchemas> ? TSchemas : never;

/** The event of a type (every type of the catalogue by default, as a union), as receivers get it. */
export type EventOf<
  TCatalogue extends AnyEventCatalogue,
  TType extends keyof SchemasOf<TCatalogue> = keyof SchemasOf<TCatalogue>,
> = EventIn<SchemasOf<TCatalogue>, TType>;

/** What an event of a type carries, as its producer writes it. */
export type EventDataOf<
  TCatalogue extends AnyEventCatalogue,
  TType extends keyof SchemasOf<TCatalogue>,
> = output<SchemasOf<TCatalogue>[TType]>;

/** A body that is not an event of the catalogue: an unknown type, or data its schema refuses. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    message: string,
    /** The schema's issues, when the data was the problem. */
    readonly issues: readonly $ZodIssue[] = [],
  ) {
    super(message);
  }
}

// Dotted lowercase words, as Standard Webhooks and most providers name them: `task.created`, `project.member_added`.
const eventTypePattern = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$/;

/**
 * Declares the events an API sends: each type with a summary, its payload schema and examples.
 * Throws when a type is not dotted lowercase words.
 */
export function defineEvents<const TSchemas extends EventSchemas>(
  definitions: {
    readonly [TType in keyof TSchemas]: EventDefinition<TSchemas[TType]>;
  },
): EventCatalogue<TSchemas> {
  for (const type of Object.keys(definitions)) {
    if (!eventTypePattern.test(type))
      throw new Error(`The event type "${type}" should be dotted lowercase words, like task.created`);
  }
  return {
    '~events': true,
    definitions,
    parse: (body) => parseEvent(definitions, body) as never,
  };
}

function parseEvent(definitions: Readonly<Record<string, EventDefinition>>, body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidEventError('An event is a JSON object with `type`, `timestamp` and `data`.');
  const { type, timestamp, data } = body as Record<string, unknown>;
  const definition =
    typeof type === 'string' && Object.hasOwn(definitions, type) ? definitions[type] : undefined;
  if (!definition || typeof type !== 'string')
    throw new InvalidEventError(`Unknown event type ${JSON.stringify(type)}.`);
  const at = typeof timestamp === 'string' ? new Date(timestamp) : undefined;
  if (!at || Number.isNaN(at.getTime()))
    throw new InvalidEventError('The event `timestamp` is not an ISO 8601 instant.');
  const schema = definition.data as unknown as $ZodType;
  const parsed = safeParse(schema, reviveJson(schema, data));
  if (!parsed.success) {
    const where = parsed.error.issues.map(
      (issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`,
    );
    throw new InvalidEventError(
      `The ${type} event's data is not valid: ${where.join('; ')}`,
      parsed.error.issues,
    );
  }
  return { type, timestamp: at, data: parsed.data };
}
