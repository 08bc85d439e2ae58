import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import { ApiError } from './api-error.tsx';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  /** Why the last attempt failed, shown in the dialog. */
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before something that cannot be undone. The native <dialog> traps focus and
 * closes on Escape; focus starts on Cancel, the safe choice, and returns where it was.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useModal(ref, open);
  useEffect(() => {
    if (open) cancelRef.current?.focus();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      className="dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      {error ? <ApiError error={error} /> : null}
      <div className="actions">
        <button type="button" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy} aria-busy={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** Shows a <dialog> modally while `open`, and gives focus back to what had it when it closes. */
export function useModal(ref: RefObject<HTMLDialogElement | null>, open: boolean): void {
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.close();
      // The opener may be gone (a removed row): then the page's own heading takes focus.
      const target = opener instanceof HTMLElement && opener.isConnected ? opener : lastPageHeading();
      target?.focus();
    };
  }, [ref, open]);
}

function lastPageHeading(): HTMLElement | null {
  const headings = document.querySelectorAll<HTMLElement>('main .page-heading');
  return headings[headings.length - 1] ?? null;
}
