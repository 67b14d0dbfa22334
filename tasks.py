"""Campusnet tasks. Run `invoke --list`; every task lives in campusnet/cli/."""

from invoke import Collection

from campusnet.cli import build_namespace

ns: Collection = build_namespace()
