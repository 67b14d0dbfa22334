#!/usr/bin/env bash
# From a fresh clone to the main job on the example campus: setup, then `invoke lab.run`
# (validate, render, deploy to simulated switches and access-point containers, twice).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/invoke lab.run "$@"
