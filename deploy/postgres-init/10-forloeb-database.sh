#!/bin/sh
# Creates the application's own role and database (the read model) next to Temporal's databases.
#
# The postgres image runs this once, when it initialises an empty data volume. It runs as the
# database superuser over the local socket, before the server accepts TCP connections. The role
# cannot reach Temporal's databases' tables, and Temporal's user does not need this database.
#
# The image sources this file when it is not executable, so it sets no shell options and does not
# call `exit`: a missing password ends in `false`, which stops the image's entrypoint (it runs
# with `set -e`) either way.
if [ -z "${FORLOEB_DB_PASSWORD:-}" ]; then
  echo "10-forloeb-database.sh: FORLOEB_DB_PASSWORD is not set" >&2
  false
else
  psql --no-psqlrc -v ON_ERROR_STOP=1 \
    --username "$POSTGRES_USER" --dbname postgres \
    -v app_role="${FORLOEB_DB_USER:-forloeb}" \
    -v app_db="${FORLOEB_DB_NAME:-forloeb}" \
    -v app_password="$FORLOEB_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER :"app_role";
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"app_db" TO :"app_role";
SQL
fi
