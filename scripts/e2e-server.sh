#!/usr/bin/env bash
# Serves the production build for the end-to-end tests: a fresh data directory, the sandbox
# providers with short task times, and a fast reconciler.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATA_DIR="tests/.tmp/e2e-data"
rm -rf "$DATA_DIR"
export PORT="${E2E_PORT:-3210}"
export SANDBOX_TASK_SECONDS="${SANDBOX_TASK_SECONDS:-5}"
export RECONCILE_INTERVAL_MS="${RECONCILE_INTERVAL_MS:-1000}"
# Info, so the log audit (tests/e2e/leaks.audit.ts) reads every line the app writes in normal use.
export LOG_LEVEL="${LOG_LEVEL:-info}"
export E2E_SERVER_LOG="tests/.tmp/e2e-server.log"
mkdir -p tests/.tmp
export NEXT_TELEMETRY_DISABLED=1
export SANDBOX_API_KEY="${SANDBOX_API_KEY:-sandbox}"
# The sandbox account lists every model but happyhorse: lv too (the live account does not), so the
# long-video specs run, and one model the account does not offer, which Generate shows as such.
if [ -z "${SANDBOX_FAULTS:-}" ]; then
  export SANDBOX_FAULTS='{"supportedModels":["t2v","i2v","lv","t2v_v3","i2v_v3","minimax","seedance20","wan27"]}'
fi
# The specs create dozens of tasks a minute as the admin; the per-member limits are tested elsewhere.
export CREATE_RATE_LIMIT="${CREATE_RATE_LIMIT:-10000}"
export QUOTE_RATE_LIMIT="${QUOTE_RATE_LIMIT:-10000}"
unset DATABASE_URL AIVIDEO_API_KEY AIVIDEO_BASE_URL SKILLS_VIDEO_API_KEY SKILLS_VIDEO_BASE_URL APIDOT_API_KEY APIDOT_BASE_URL APP_PUBLIC_URL AUTH_SECRET ADMIN_EMAIL ADMIN_PASSWORD
export NEXT_MANUAL_SIG_HANDLE=true
# Everything the server prints goes to the log file through one tee (so lines from the two streams
# never split each other); Playwright's output shows all but the info lines.
exec > >(tee "$E2E_SERVER_LOG" | grep --line-buffered -v '"level":30,' >&2) 2>&1
exec node_modules/.bin/next start -p "$PORT" -H 127.0.0.1
