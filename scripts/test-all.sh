#!/usr/bin/env bash
# The whole suite, in the order that fails fastest: types, lint, the migration check, unit tests
# (no database), integration tests (every database suite on PGlite and on the local Postgres, then
# the clients, fuzzing and the upload corpus), the real builds behind the server-only boundary,
# the production build with the browser tests, then the reliability runs (crashes, lost webhooks,
# the shared call budget, webhook storms) against that build.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck" && npm run --silent typecheck
echo "== lint" && npm run --silent lint
echo "== migrations match the schema" && npm run --silent db:check
echo "== unit" && npm run --silent test:unit
echo "== integration (PGlite, Postgres, no database choice)" && npm run --silent test:integration
echo "== server-only build boundary" && npm run --silent test:build-boundary
echo "== build and end-to-end" && npm run --silent test:e2e
echo "== reliability (real processes; RELIABILITY_SCALE=full for the documented sizes)" && npm run --silent test:reliability
