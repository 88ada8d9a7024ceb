#!/usr/bin/env bash
# The whole suite, in the order that fails fastest: types, lint, unit and integration (PGlite and
# the local Postgres), the production build and the browser tests, then the reliability runs
# (crashes, lost webhooks, the shared call budget, webhook storms) against that build.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck" && npm run --silent typecheck
echo "== lint" && npm run --silent lint
echo "== migrations match the schema" && npm run --silent db:check
echo "== unit and integration" && npm run --silent test:unit
echo "== build and end-to-end" && npm run --silent test:e2e
echo "== reliability (real processes; RELIABILITY_SCALE=full for the documented sizes)" && npm run --silent test:reliability
