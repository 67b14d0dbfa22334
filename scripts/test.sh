#!/usr/bin/env bash
# Setup, then the whole test pipeline (`invoke test`); arguments go to it, e.g. --only lint.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/invoke test "$@"
