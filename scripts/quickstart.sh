#!/usr/bin/env bash
# From a fresh clone to a validated example campus: setup, then `invoke validate`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/invoke validate "$@"
