import type { ReactNode } from 'react';

/** The attributes that tie a control to its label, hint and errors. */
export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  /** The form's id prefix, so two forms on a page never share ids. */
  form: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  children: (control: ControlProps) => ReactNode;
  className?: string;
}

/** A labelled control with its hint and errors, linked by `aria-describedby` and `aria-invalid`. */
export function Field({ form, name, label, hint, errors, children, className }: FieldProps) {
  const id = `${form}-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, name, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': describedBy })}
      {errorId && <FieldErrors id={errorId} errors={errors ?? []} />}
    </div>
  );
}

function FieldErrors({ id, errors }: { id: string; errors: readonly string[] }) {
  return (
    <ul className="field-errors" id={id}>
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

interface ChoiceGroupProps {
  form: string;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  children: ReactNode;
}

/** A group of checkboxes or radios under one legend, with the group's errors. */
export function ChoiceGroup({ form, name, legend, hint, errors, children }: ChoiceGroupProps) {
  const id = `${form}-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <fieldset
      className="field choice-group"
      aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <div className="choices">{children}</div>
      {errorId && <FieldErrors id={errorId} errors={errors ?? []} />}
    </fieldset>
  );
}
