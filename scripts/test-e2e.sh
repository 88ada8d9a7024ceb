#!/usr/bin/env bash
# Browser tests against the production build. SKIP_BUILD=1 reuses an existing .next build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
# One canary provider key for the run: the build sees it as every provider's key, the server as
# its sandbox key, and the tests fail if it shows up in a bundle, a page, an answer or a log line.
export E2E_KEY_CANARY="${E2E_KEY_CANARY:-canary_$(node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("hex"))')}"
mkdir -p tests/.tmp
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  AIVIDEO_API_KEY="$E2E_KEY_CANARY" SKILLS_VIDEO_API_KEY="$E2E_KEY_CANARY" APIDOT_API_KEY="$E2E_KEY_CANARY" \
    NEXT_TELEMETRY_DISABLED=1 npm run build
  # The audit scans the build for the key it was made with (also when a later run skips the build).
  printf '%s' "$E2E_KEY_CANARY" >tests/.tmp/build-canary
fi
exec node_modules/.bin/playwright test "$@"
