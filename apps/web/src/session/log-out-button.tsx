import { useState } from 'react';
import { session } from '../api.ts';

/** Ends the session on the server and in every tab of this browser. */
export function LogOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="link-button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        session.logOut().finally(() => setBusy(false));
      }}
    >
      Log out
    </button>
  );
}
