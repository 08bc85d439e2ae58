import { useEffect, useRef, useState } from 'react';

interface ShownOnceProps {
  title: string;
  /** Each secret with what it is: `[['API key', 'chk_…']]`. */
  secrets: readonly (readonly [label: string, value: string])[];
  note: string;
  onDone: () => void;
}

/** A secret the server shows only once: focused, selectable, copyable, and gone when dismissed. */
export function ShownOnce({ title, secrets, note, onDone }: ShownOnceProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="card shown-once stack" aria-labelledby="shown-once-heading">
      <h3 id="shown-once-heading" ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      <p className="notice notice-warning">{note}</p>
      {secrets.map(([label, value]) => {
        const id = `secret-${label.toLowerCase().replace(/\W+/g, '-')}`;
        return (
          <div className="field" key={label}>
            <label htmlFor={id}>{label}</label>
            <div className="secret-row">
              <input
                id={id}
                type="text"
                className="secret"
                readOnly
                value={value}
                onFocus={(event) => event.target.select()}
              />
              <button
                type="button"
                onClick={() =>
                  navigator.clipboard?.writeText(value).then(
                    () => setCopied(label),
                    () => setCopied(null),
                  )
                }
              >
                Copy<span className="visually-hidden"> {label}</span>
              </button>
            </div>
          </div>
        );
      })}
      <p role="status">{copied ? `${copied} copied to the clipboard.` : ''}</p>
      <button type="button" className="primary" onClick={onDone}>
        I have stored it safely
      </button>
    </section>
  );
}
