import { XmlError } from './xml-error.ts';

/** The XmlError an action throws, for tests to check its code and message; fails if it throws none. */
export function refusalOf(action: () => unknown): XmlError {
  try {
    action();
  } catch (error) {
    if (error instanceof XmlError) return error;
    throw error;
  }
  throw new Error('Expected an XmlError, but nothing was thrown');
}
