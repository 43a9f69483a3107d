#!/usr/bin/env bash
# Installs what the harness needs, and only what is missing, so a second run starts in seconds:
# npm packages from the lockfile, and Debian's Chromium and its headless shell (Playwright cannot
# download its own here).
set -euo pipefail
cd "$(dirname "$0")/.."

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.installed-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: installing npm dependencies from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

# The headless shell is what the runs launch (src/browser/launch.ts): a fraction of the full browser's
# CPU per page. The full chromium stays for headed runs (--headed) and as the fallback.
chromium=${INGO_CHROMIUM_PATH:-/usr/bin/chromium}
missing=()
[ -x "$chromium" ] || missing+=(chromium)
[ -n "${INGO_CHROMIUM_PATH:-}" ] || [ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  elif [ -x "$chromium" ]; then
    echo "setup: chromium-headless-shell is missing (the full chromium is used, several times slower): sudo apt-get install -y chromium-headless-shell" >&2
  else
    echo "setup: Chromium is missing at $chromium; install it with: sudo apt-get update && sudo apt-get install -y chromium chromium-headless-shell" >&2
    exit 1
  fi
fi
