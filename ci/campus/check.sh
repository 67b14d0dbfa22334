#!/usr/bin/env bash
# CI gate of a campus repository (docs/ci.md): validate the campus inventory, render every
# switch, access point and server file, and run each through its own checker, offline.
#
#   .campusnet/ci/campus/check.sh INVENTORY REPORTS
#
# INVENTORY: the campus inventory directory (campusnet.yml and the topic files).
# REPORTS:   where the JUnit report (campusnet-check.xml) and the HTML overview
#            (campusnet-report.html) go: safe to publish, they hold no secret and no
#            member's data. Rendered files (which do hold secrets) stay in the checkout's build/.
# CAMPUSNET_VAULT_PASSWORD (optional, from the CI's secret variables): the vault password
#            of members.yml and secrets.yml; it only ever lands in a 0600 temporary file.
#
# Runs as root or with passwordless sudo on a Debian 12 runner with podman (scripts/setup.sh
# installs what is missing, once; the checker image is built once and cached in podman).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 INVENTORY REPORTS" >&2; exit 2; }
campusnet=$(cd "$(dirname "$0")/../.." && pwd)
inventory=$(realpath "$1")
reports=$(realpath -m "$2")
mkdir -p "$reports"

bash "$campusnet/scripts/setup.sh"

vault=()
if [ -n "${CAMPUSNET_VAULT_PASSWORD:-}" ]; then
  password_file=$(mktemp)
  trap 'rm -f "$password_file"' EXIT
  chmod 0600 "$password_file"
  printf '%s\n' "$CAMPUSNET_VAULT_PASSWORD" >"$password_file"
  vault=(--vault-password-file "$password_file")
fi

cd "$campusnet"
status=0
.venv/bin/invoke check -i "$inventory" --junit "$reports/campusnet-check.xml" "${vault[@]}" || status=$?
# The overview of this commit (topology, port maps); drift needs backups, so no --check here.
.venv/bin/invoke report -i "$inventory" -o "$reports/campusnet-report.html" "${vault[@]}" || status=$?
exit "$status"
