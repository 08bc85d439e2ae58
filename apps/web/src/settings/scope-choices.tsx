import { delegableScopeNames, type Scope, scopes } from '@charter/contract';
import { ChoiceGroup } from '../ui/field.tsx';

interface ScopeChoicesProps {
  form: string;
  errors?: readonly string[] | undefined;
  hint?: string;
  defaultChecked?: readonly Scope[];
}

/** Checkboxes for the scopes a key or app may carry, each with what it allows. */
export function ScopeChoices({ form, errors, hint, defaultChecked = [] }: ScopeChoicesProps) {
  return (
    <ChoiceGroup form={form} name="scopes" legend="Scopes" hint={hint} errors={errors}>
      {delegableScopeNames.map((scope) => (
        <label key={scope} className="choice scope-choice">
          <input
            type="checkbox"
            name="scopes"
            value={scope}
            defaultChecked={defaultChecked.includes(scope)}
            aria-invalid={errors?.length ? true : undefined}
          />
          <span>
            <code>{scope}</code> <span className="muted">{scopes[scope]}</span>
          </span>
        </label>
      ))}
    </ChoiceGroup>
  );
}
