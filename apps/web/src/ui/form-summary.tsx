import type { Ref } from 'react';
import type { FormErrors } from '../forms/field-errors.ts';
import { ApiError } from './api-error.tsx';

interface FormSummaryProps {
  errors: FormErrors;
  /** The submit's failure, if the server refused it; its validation issues show under the fields. */
  error?: unknown;
  ref?: Ref<HTMLDivElement>;
}

/** Above a form: problems that belong to no single field, and the server's refusal. */
export function FormSummary({ errors, error, ref }: FormSummaryProps) {
  const fieldCount = Object.keys(errors.fields).length;
  return (
    <div ref={ref} tabIndex={-1} className="form-summary">
      {(errors.form.length > 0 || (fieldCount > 0 && !error)) && (
        <div className="notice notice-error" role="alert">
          {fieldCount > 0 && <p>Please correct the {fieldCount === 1 ? 'field' : 'fields'} marked below.</p>}
          {errors.form.length > 0 && (
            <ul>
              {errors.form.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error ? <ApiError error={error} /> : null}
    </div>
  );
}
