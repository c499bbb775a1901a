#!/bin/sh
# One-shot Temporal setup, run by docker-compose.yml in the temporalio/admin-tools image.
#
#   temporal-setup.sh schema     before the server starts: creates the `temporal` and
#                                `temporal_visibility` databases and brings their schemas
#                                to the version this admin-tools image ships.
#   temporal-setup.sh namespace  after the server is up: registers the namespace the
#                                application uses (or updates its retention).
#
# Both steps are idempotent, so every `docker compose up` may run them again:
#   * `temporal-sql-tool create` ignores a database that already exists;
#   * `setup-schema -v 0.0` only creates the version tables and never lowers a recorded version;
#   * `update-schema` applies only the versions above the recorded one.
#
# Uses only what the admin-tools image has (POSIX sh, temporal-sql-tool, temporal). It does not
# use curl or wget: admin-tools images from 1.31 on ship without curl.
set -eu

MAX_ATTEMPTS="${SETUP_MAX_ATTEMPTS:-60}"
SLEEP_SECONDS="${SETUP_SLEEP_SECONDS:-2}"

log() {
  echo "[temporal-setup] $*"
}

# retry DESCRIPTION COMMAND...: runs COMMAND until it succeeds, at most MAX_ATTEMPTS times.
retry() {
  description="$1"
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      log "giving up: $description (failed $attempt times)"
      return 1
    fi
    log "not yet: $description (attempt $attempt/$MAX_ATTEMPTS), retrying in ${SLEEP_SECONDS}s"
    attempt=$((attempt + 1))
    sleep "$SLEEP_SECONDS"
  done
}

sql_tool() {
  # The password travels in SQL_PASSWORD (read by temporal-sql-tool), never on the command line.
  temporal-sql-tool \
    --plugin "$SQL_PLUGIN" \
    --endpoint "$POSTGRES_SEEDS" \
    --port "$DB_PORT" \
    --user "$POSTGRES_USER" \
    "$@"
}

setup_database() {
  db="$1"
  schema_dir="$2"
  log "database $db: create (if missing)"
  sql_tool --db "$db" create
  log "database $db: version tables"
  sql_tool --db "$db" setup-schema -v 0.0
  log "database $db: update schema from $schema_dir"
  sql_tool --db "$db" update-schema -d "$schema_dir"
}

schema() {
  : "${POSTGRES_SEEDS:?POSTGRES_SEEDS (the PostgreSQL host) must be set}"
  : "${POSTGRES_USER:?POSTGRES_USER must be set}"
  : "${SQL_PASSWORD:?SQL_PASSWORD (the PostgreSQL password) must be set}"
  DB_PORT="${DB_PORT:-5432}"
  SQL_PLUGIN="${SQL_PLUGIN:-postgres12}"
  SCHEMA_ROOT="${TEMPORAL_SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"
  TEMPORAL_DB="${DBNAME:-temporal}"
  VISIBILITY_DB="${VISIBILITY_DBNAME:-temporal_visibility}"

  for dir in "$SCHEMA_ROOT/temporal/versioned" "$SCHEMA_ROOT/visibility/versioned"; do
    if [ ! -d "$dir" ]; then
      log "schema directory $dir is missing from this admin-tools image"
      exit 1
    fi
  done

  # PostgreSQL may still be starting: the first `create` doubles as the wait for it.
  retry "connect to PostgreSQL at $POSTGRES_SEEDS:$DB_PORT" sql_tool --db "$TEMPORAL_DB" create
  setup_database "$TEMPORAL_DB" "$SCHEMA_ROOT/temporal/versioned"
  setup_database "$VISIBILITY_DB" "$SCHEMA_ROOT/visibility/versioned"
  log "schemas are up to date"
}

namespace() {
  address="${TEMPORAL_ADDRESS:-temporal:7233}"
  ns="${TEMPORAL_NAMESPACE:-default}"
  retention="${TEMPORAL_NAMESPACE_RETENTION:-30d}"

  retry "Temporal at $address reports SERVING" temporal operator cluster health --address "$address"

  if temporal operator namespace describe --namespace "$ns" --address "$address" >/dev/null 2>&1; then
    log "namespace $ns exists: setting retention to $retention"
    retry "update namespace $ns" \
      temporal operator namespace update --namespace "$ns" --retention "$retention" --address "$address"
  else
    log "namespace $ns: creating with retention $retention"
    # A freshly started server may refuse for a moment; a concurrent creator may win the race.
    retry "create namespace $ns" create_namespace "$ns" "$retention" "$address"
  fi
  log "namespace $ns is ready"
}

create_namespace() {
  temporal operator namespace create --namespace "$1" --retention "$2" --address "$3" ||
    temporal operator namespace describe --namespace "$1" --address "$3" >/dev/null 2>&1
}

case "${1:-}" in
  schema) schema ;;
  namespace) namespace ;;
  *)
    echo "usage: $0 schema|namespace" >&2
    exit 2
    ;;
esac
