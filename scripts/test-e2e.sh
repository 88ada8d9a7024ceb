#!/usr/bin/env bash
# Browser tests against the production build. SKIP_BUILD=1 reuses an existing .next build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  NEXT_TELEMETRY_DISABLED=1 npm run build
fi
exec node_modules/.bin/playwright test "$@"
