import { useCallback, useEffect, useRef, useState } from 'react';
import type * as z from 'zod';
import { issuesOf } from '../ui/api-errors.ts';
import {
  type FormErrors,
  firstInvalidField,
  formErrorsOf,
  type IssueMapping,
  noErrors,
} from './field-errors.ts';

/**
 * A form's validation errors, from the contract schema in the browser or from the server, shown
 * under their fields; after a refused submit, focus moves to the first field in error (or to the
 * form's error summary).
 */
export function useFormErrors(mapping: IssueMapping) {
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [focusRequest, setFocusRequest] = useState(0);
  const mappingRef = useRef(mapping);
  mappingRef.current = mapping;

  useEffect(() => {
    if (focusRequest === 0) return;
    const field = firstInvalidField(errors, mappingRef.current.fields);
    const element = field ? formRef.current?.elements.namedItem(field) : null;
    const target = element instanceof RadioNodeList ? element[0] : element;
    if (target instanceof HTMLElement) target.focus();
    else summaryRef.current?.focus();
  }, [focusRequest, errors]);

  const show = useCallback((next: FormErrors) => {
    setErrors(next);
    setFocusRequest((count) => count + 1);
  }, []);

  /** Parses `input` with the contract schema: the parsed value, or undefined with the errors shown. */
  const check = useCallback(
    <S extends z.ZodType>(schema: S, input: unknown): z.output<S> | undefined => {
      const result = schema.safeParse(input);
      if (result.success) {
        setErrors(noErrors);
        return result.data;
      }
      show(formErrorsOf(result.error.issues, mappingRef.current));
      return undefined;
    },
    [show],
  );

  /** Shows the server's validation issues, if the error carries any; true when it did. */
  const fromServer = useCallback(
    (error: unknown): boolean => {
      const issues = issuesOf(error);
      if (issues.length === 0) return false;
      show(formErrorsOf(issues, mappingRef.current));
      return true;
    },
    [show],
  );

  /** Puts a refusal the server explains in its own words (USER_NOT_FOUND, …) under one field. */
  const onField = useCallback(
    (field: string, message: string) => show({ fields: { [field]: [message] }, form: [] }),
    [show],
  );

  const clear = useCallback(() => setErrors(noErrors), []);

  return { formRef, summaryRef, errors, check, fromServer, onField, clear };
}
