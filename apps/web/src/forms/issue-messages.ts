import type { Issue } from './field-errors.ts';

// zod's built-in English messages ("Too small: expected string to have >=8 characters") are written
// for developers; the contract's own messages ("Must be in the future.") are already for people.
const builtIn = /^(Too small|Too big|Invalid|Unrecognized key)/;

const formats: Record<string, string> = {
  email: 'Enter an email address, like name@example.com.',
  url: 'Enter a full web address, starting with https://.',
  datetime: 'Enter a date and time.',
  date: 'Enter a date.',
  uuid: 'This is not a valid id.',
};

/**
 * The message a person reads under a field: the contract's own words where it wrote any, otherwise
 * one written here for each kind of zod issue, from the issue's details or, for an issue the server
 * sent back (code and message only), from zod's message.
 */
export function readableMessage(issue: Issue): string {
  if (!builtIn.test(issue.message)) return issue.message;
  const origin = issue.origin ?? /expected (\w+)/.exec(issue.message)?.[1];
  const limit = (value: number | bigint | undefined) =>
    Number(value ?? /(\d+)/.exec(issue.message)?.[1] ?? Number.NaN);
  const code = issue.code ?? codeOf(issue.message);
  switch (code) {
    case 'too_small': {
      const minimum = limit(issue.minimum);
      if (origin === 'string') return minimum <= 1 ? 'Fill this in.' : `Use at least ${minimum} characters.`;
      if (origin === 'array' || origin === 'set')
        return minimum <= 1 ? 'Choose at least one.' : `Choose at least ${minimum}.`;
      return Number.isNaN(minimum) ? 'This is too small.' : `Use ${minimum} or more.`;
    }
    case 'too_big': {
      const maximum = limit(issue.maximum);
      if (origin === 'string') return `Use at most ${maximum} characters.`;
      if (origin === 'array' || origin === 'set') return `Choose at most ${maximum}.`;
      return Number.isNaN(maximum) ? 'This is too big.' : `Use ${maximum} or less.`;
    }
    case 'invalid_format': {
      const format = issue.format ?? formatOf(issue.message);
      return (format && formats[format]) ?? 'This is not in the expected form.';
    }
    case 'invalid_value':
      return 'Choose one of the options.';
    case 'invalid_type':
      return /received (undefined|null)$/.test(issue.message) ? 'Fill this in.' : 'Enter a valid value.';
    default:
      return 'Check this value.';
  }
}

function codeOf(message: string): string | undefined {
  if (message.startsWith('Too small')) return 'too_small';
  if (message.startsWith('Too big')) return 'too_big';
  if (message.startsWith('Invalid option')) return 'invalid_value';
  if (message.startsWith('Invalid input: expected')) return 'invalid_type';
  return undefined;
}

function formatOf(message: string): string | undefined {
  const named: Record<string, string> = {
    'Invalid email address': 'email',
    'Invalid URL': 'url',
    'Invalid ISO datetime': 'datetime',
    'Invalid ISO date': 'date',
    'Invalid UUID': 'uuid',
  };
  return named[message];
}
