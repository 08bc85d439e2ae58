import { NavLink } from '../ui/nav-link.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { ApiKeysPanel } from './api-keys-panel.tsx';
import { ConnectedAppsPanel } from './connected-apps-panel.tsx';
import { OAuthAppsPanel } from './oauth-apps-panel.tsx';
import { UsagePanel } from './usage-panel.tsx';

export type SettingsTab = 'api-keys' | 'oauth-apps' | 'connected-apps' | 'usage';

/** Developer settings: API keys, OAuth apps, the apps acting for you, and what they (and you) have called. */
export function SettingsPage({ tab }: { tab: SettingsTab }) {
  return (
    <div className="stack">
      <PageHeading title="Developer settings" focus={false}>
        Developer settings
      </PageHeading>
      <nav aria-label="Developer settings" className="tabs">
        <NavLink href="/settings/api-keys">API keys</NavLink>
        <NavLink href="/settings/oauth-apps">OAuth apps</NavLink>
        <NavLink href="/settings/connected-apps">Connected apps</NavLink>
        <NavLink href="/settings/usage">Usage</NavLink>
      </nav>
      {tab === 'api-keys' && <ApiKeysPanel />}
      {tab === 'oauth-apps' && <OAuthAppsPanel />}
      {tab === 'connected-apps' && <ConnectedAppsPanel />}
      {tab === 'usage' && <UsagePanel />}
    </div>
  );
}
