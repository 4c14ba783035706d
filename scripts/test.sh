#!/usr/bin/env bash
# `npm test`: installs the pinned toolchain and dependencies, then lints, checks changesets,
# typechecks, builds, checks the published shape of each package, runs every test and runs
# `npm start`. It ends with one line, `N passed, N failed`, counting every test and every gate.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh || exit 1

rm -rf packages/*/reports apps/*/reports examples/*/reports bench/reports
gates_passed=0
gates_failed=0
gate() {
  local name=$1
  shift
  echo "::: $name"
  if "$@"; then
    gates_passed=$((gates_passed + 1))
  else
    echo "::: $name failed" >&2
    gates_failed=$((gates_failed + 1))
  fi
}

gate install pnpm install --frozen-lockfile --reporter=append-only
gate format-and-lint pnpm exec biome check .
gate changesets node scripts/check-changesets.mjs
gate build-typecheck-test pnpm exec turbo run build typecheck lint test --continue --concurrency=3 \
  --output-logs=errors-only

# `npm start` is what a newcomer runs first: it must exit 0 and end with the demo's closing line.
# The CLI is built by now, so its build here is a cache hit and the demo takes about a second.
npm_start() {
  local output
  output=$(npm start --silent) &&
    [[ $(tail -n 1 <<<"$output") == *'Every lifecycle notification was handled.'* ]] && return 0
  printf '%s\n' "$output"
  return 1
}
gate npm-start npm_start

node scripts/summarize-tests.mjs "$gates_passed" "$gates_failed"
