#!/usr/bin/env bash
# The one test command (npm test): installs the browser the browser tests drive when it is missing, then runs every
# check (type check, lint, all tests). Browser tests use Debian's chromium at /usr/bin/chromium via playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium is missing: installing Debian's chromium package for the browser tests."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  # The emoji font only makes 👍/👎 visible in the screenshots the tests write to docs/screenshots/.
  $SUDO apt-get install -y chromium fonts-noto-color-emoji
fi

exec npm run check
