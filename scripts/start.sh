#!/usr/bin/env bash
# `npm start`: installs what is needed, builds the CLI and runs `lifeline demo`, the whole
# lifecycle story against the embedded Graph emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
pnpm install --frozen-lockfile --reporter=silent
pnpm exec turbo run build --filter=@lifeline/cli... --output-logs=errors-only >/dev/null
exec node packages/cli/dist/bin.js demo "$@"
