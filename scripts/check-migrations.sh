#!/usr/bin/env bash
# Fails when lib/server/db/schema.ts has changes that no migration captures (run `npm run db:generate`).
set -euo pipefail
cd "$(dirname "$0")/.."
# drizzle-kit wants a path relative to the project.
scratch="tests/.tmp/migrations-check"
rm -rf "$scratch" && mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT
cp -r lib/server/db/migrations "$scratch/migrations"
output=$(node_modules/.bin/drizzle-kit generate --dialect postgresql --schema lib/server/db/schema.ts --out "$scratch/migrations" 2>&1)
if ! grep -q "No schema changes" <<<"$output"; then
  echo "The database schema has changes without a migration. Run: npm run db:generate" >&2
  echo "$output" >&2
  exit 1
fi
echo "Migrations match the schema."
