#!/bin/bash
# Run once by the postgres image when it initialises an empty data directory (docker-entrypoint-initdb.d):
# the hub's own login role, not a superuser, owning the hub's database. The hub's Flyway migrations create
# the tables in it at the hub's first start. Names and password come from the environment (compose.yaml);
# the password never appears on a command line.
set -euo pipefail
: "${CITYHUB_DB_PASSWORD:?CITYHUB_DB_PASSWORD must be set (the password of the hub role)}"
db_user="${CITYHUB_DB_USER:-cityhub}"
db_name="${CITYHUB_DB_NAME:-cityhub}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
     --set=db_user="${db_user}" --set=db_name="${db_name}" --set=db_password="${CITYHUB_DB_PASSWORD}" <<'SQL'
CREATE ROLE :"db_user" LOGIN PASSWORD :'db_password';
CREATE DATABASE :"db_name" OWNER :"db_user" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db_name" FROM PUBLIC;
SQL
echo "cityhub: role ${db_user} and database ${db_name} created"
