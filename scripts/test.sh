#!/usr/bin/env bash
# The one test command (npm test): installs the browser the browser tests drive when it is missing, then runs every
# check (type check, lint, all tests). Browser tests use Debian's chromium at /usr/bin/chromium via playwright-core.
# PostgreSQL tests use Debian's postgresql: the tests start a throwaway cluster of their own
# (test/support/postgres-global-setup.ts), so the package's own cluster is not needed. The tests through a reverse proxy
# use Debian's nginx, run in the foreground with a generated configuration (test/support/nginx.ts).
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

if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; then
  echo "PostgreSQL is missing: installing Debian's postgresql package for the PostgreSQL tests."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

if [ ! -x /usr/sbin/nginx ]; then
  echo "nginx is missing: installing Debian's nginx package for the tests through a reverse proxy (docs/deploy/nginx.conf)."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  # The tests run nginx themselves, in the foreground on a free port; the package's own service is not needed.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx
fi

exec npm run check
