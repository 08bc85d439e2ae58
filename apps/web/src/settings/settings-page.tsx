import { NavLink } from '../ui/nav-link.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { ApiKeysPanel } from './api-keys-panel.tsx';
import { OAuthAppsPanel } from './oauth-apps-panel.tsx';
import { UsagePanel } from './usage-panel.tsx';

export type SettingsTab = 'api-keys' | 'oauth-apps' | 'usage';

/** Developer settings: API keys, OAuth apps, and what they (and you) have called. */
export function SettingsPage({ tab }: { tab: SettingsTab }) {
  return (
    <div className="stack">
      <PageHeading title="Developer settings" focus={false}>
        Developer settings
      </PageHeading>
      <nav aria-label="Developer settings" className="tabs">
        <NavLink href="/settings/api-keys">API keys</NavLink>
        <NavLink href="/settings/oauth-apps">OAuth apps</NavLink>
        <NavLink href="/settings/usage">Usage</NavLink>
      </nav>
      {tab === 'api-keys' && <ApiKeysPanel />}
      {tab === 'oauth-apps' && <OAuthAppsPanel />}
      {tab === 'usage' && <UsagePanel />}
    </div>
  );
}
