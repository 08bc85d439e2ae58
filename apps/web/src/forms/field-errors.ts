import { readableMessage } from './issue-messages.ts';

/** One problem with an input, as zod reports it in the browser and the server sends it back. */
export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** zod's issue code (`too_small`, …); the server sends it too. */
  readonly code?: string;
  /** What zod adds in the browser, to write a message from: `string`, `array`, … */
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly format?: string;
}

/** Problems sorted to where a form shows them: under a field, or above the form. */
export interface FormErrors {
  /** By field name (the first path segment); a field's messages in the order reported. */
  fields: Record<string, string[]>;
  /** Problems with no field of this form (the whole input, or a field the form does not show). */
  form: string[];
}

export const noErrors: FormErrors = { fields: {}, form: [] };

export interface IssueMapping {
  /** The fields the form shows; issues anywhere else go to `form`. */
  fields: readonly string[];
  /** How to name one item of an array field in a message: `{ labels: 'Label' }` gives `Label 2: …`. */
  itemNoun?: Readonly<Record<string, string>>;
  /** Input keys that a field of another name edits: `{ dueDate: 'due' }`. */
  aliases?: Readonly<Record<string, string>>;
}

/**
 * Maps validation issues, from `schema.safeParse` in the browser or `error.data.issues` from the
 * server (the same schema, so the same messages), to the form's fields.
 */
export function formErrorsOf(issues: readonly Issue[], mapping: IssueMapping): FormErrors {
  const result: FormErrors = { fields: {}, form: [] };
  for (const issue of issues) {
    const [head, index] = issue.path;
    const text = readableMessage(issue);
    const key = typeof head === 'string' ? (mapping.aliases?.[head] ?? head) : undefined;
    if (key === undefined || !mapping.fields.includes(key)) {
      result.form.push(text);
      continue;
    }
    const noun = mapping.itemNoun?.[key];
    const message = typeof index === 'number' && noun ? `${noun} ${index + 1}: ${text}` : text;
    const messages = result.fields[key] ?? [];
    if (!messages.includes(message)) messages.push(message);
    result.fields[key] = messages;
  }
  return result;
}

/** The first field with a problem, in the form's order: where focus goes after a refused submit. */
export function firstInvalidField(errors: FormErrors, order: readonly string[]): string | undefined {
  return order.find((field) => errors.fields[field]?.length);
}
