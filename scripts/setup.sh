#!/usr/bin/env bash
# Prepare this Debian 12 machine for campusnet: system packages, the repo's .venv and the
# local podman base image. Idempotent and quick when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Debian package the project's tools and tests need: the one list.
APT_PACKAGES=(
  podman           # containers for molecule and lab tests
  runc             # podman runtime that works here (crun does not)
  debootstrap      # builds the base image (invoke lab.image)
  python3-venv     # .venv
  openssh-client   # ssh-keygen for throwaway test keys
  nftables         # nft -c: the router ruleset checked by nft itself (tests/test_router_ruleset.py)
  graphviz         # dot: the topology picture of invoke report
  chromium         # headless browser of the report's test (driven by playwright)
)

SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null
fi

# Reinstall Python packages only when the requirements or the package metadata change.
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.campusnet-installed
wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  .venv/bin/pip install -q --disable-pip-version-check -e .
  echo "$wanted" >"$stamp"
fi

# ansible-navigator refuses podman without /dev/mqueue (runner passes --ipc=host); systemd
# mounts it on a normal Debian host, a machine booted without systemd may lack it.
[ -d /dev/mqueue ] || "${SUDO[@]}" mkdir -p /dev/mqueue

# This repository is the collection campusnet.core (galaxy.yml); ansible.cfg's collections_path
# finds it here, so playbooks name roles and modules by FQCN in a checkout too.
mkdir -p .venv/collections/ansible_collections/campusnet
ln -sfn ../../../.. .venv/collections/ansible_collections/campusnet/core

.venv/bin/invoke lab.image
