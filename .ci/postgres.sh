#!/usr/bin/env bash
# Installs and starts Debian's PostgreSQL on 127.0.0.1:5432 with a matching/matching role and
# a matching_test database. Exits non-zero (and CI skips the PostgreSQL tests) if it cannot.
set -uo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || exit 1
fi
cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
[ -n "$cluster" ] || exit 1
# shellcheck disable=SC2086
pg_ctlcluster $cluster start 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done
su postgres -c "psql -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='matching') THEN CREATE ROLE matching LOGIN PASSWORD 'matching' CREATEDB; END IF; END \\\$\\\$;\"" >/dev/null || exit 1
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='matching_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O matching matching_test" || exit 1
exit 0
