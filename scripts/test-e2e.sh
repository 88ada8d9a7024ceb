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
  rm -f tests/.tmp/build-canary.json
  AIVIDEO_API_KEY="$E2E_KEY_CANARY" SKILLS_VIDEO_API_KEY="$E2E_KEY_CANARY" APIDOT_API_KEY="$E2E_KEY_CANARY" \
    NEXT_TELEMETRY_DISABLED=1 npm run build
  # The audit scans the build for the key it was made with, tied to this build's id, so a later
  # run with SKIP_BUILD=1 over another build does not search for a key that build never saw.
  printf '{"canary":"%s","buildId":"%s"}' "$E2E_KEY_CANARY" "$(cat .next/BUILD_ID)" >tests/.tmp/build-canary.json
fi
exec node_modules/.bin/playwright test "$@"
