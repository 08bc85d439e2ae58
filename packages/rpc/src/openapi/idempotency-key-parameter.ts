import type { ParameterObject } from './openapi-types.ts';

/** The `Idempotency-Key` request header of a mutation that takes one (draft-ietf-httpapi-idempotency-key-header). */
export function idempotencyKeyParameter(required: boolean): ParameterObject {
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required,
    description:
      'A key of your choosing, unique per call (a UUID), so that a retry cannot run the call twice: a repeat with the same key and input within 24 hours answers what the first call answered (with `Idempotent-Replayed: true`), and a repeat with another input is refused with `IDEMPOTENCY_KEY_REUSED`. Quoted or not.',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: 257,
      pattern: '^"?[\\x21\\x23-\\x2b\\x2d-\\x5b\\x5d-\\x7e]{1,255}"?$',
      examples: ['"8e03978e-40d5-43e8-bc93-6894a57f9324"'],
    },
  };
}
