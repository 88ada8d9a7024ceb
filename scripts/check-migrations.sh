#!/usr/bin/env bash
# Fails when the schema modules listed in drizzle.config.ts (the app's lib/server/db/schema.ts and the
# sandboxes' lib/server/sandbox/schema.ts) have changes that no migration captures (run `npm run db:generate`).
set -euo pipefail
cd "$(dirname "$0")/.."
# drizzle-kit wants paths relative to the project.
scratch="tests/.tmp/migrations-check"
rm -rf "$scratch" && mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT
cp -r lib/server/db/migrations "$scratch/migrations"
# The project's own config, writing into the scratch copy: the schema list is kept in one place.
cat >"$scratch/drizzle.config.ts" <<CONFIG
import config from "../../../drizzle.config";
export default { ...config, out: "./$scratch/migrations" };
CONFIG
output=$(node_modules/.bin/drizzle-kit generate --config "$scratch/drizzle.config.ts" 2>&1)
if ! grep -q "No schema changes" <<<"$output"; then
  echo "The database schema has changes without a migration. Run: npm run db:generate" >&2
  echo "$output" >&2
  exit 1
fi
echo "Migrations match the schema."
