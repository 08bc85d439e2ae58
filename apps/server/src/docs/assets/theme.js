// The docs' colour scheme: the reader's choice if they made one (kept in this browser), else the
// system's. Loaded in <head>, before the page paints, so a dark page never flashes white.
(() => {
  const key = 'charter.docs.theme';
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  /** This page's choice, for when storage is disabled. */
  let choice = null;
  const chosen = () => {
    try {
      return localStorage.getItem(key) ?? choice;
    } catch {
      return choice;
    }
  };
  const apply = () => {
    const stored = chosen();
    const dark = stored === 'dark' || (stored !== 'light' && system.matches);
    const root = document.documentElement;
    root.dataset.theme = dark ? 'dark' : 'light';
    // Swagger UI's own dark theme hangs on this class.
    root.classList.toggle('dark-mode', dark);
    document.getElementById('theme-toggle')?.setAttribute('aria-pressed', String(dark));
  };
  apply();
  system.addEventListener('change', apply);
  // Another tab's choice applies here too.
  window.addEventListener('storage', (event) => {
    if (event.key === key || event.key === null) apply();
  });
  document.addEventListener('DOMContentLoaded', () => {
    apply();
    document.getElementById('theme-toggle')?.addEventListener('click', () => {
      choice = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
      try {
        localStorage.setItem(key, choice);
      } catch {
        // storage disabled: the choice lasts for this page only
      }
      apply();
    });
  });
})();
