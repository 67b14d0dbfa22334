"""`invoke ee.build`: the execution environment for ansible-navigator and AWX (docs/ee.md)."""

from __future__ import annotations

from invoke import Collection, Context, task

from campusnet.cli import clear_errors
from campusnet.report import console


@task(help={"rebuild": "build even if an image of the current sources exists"})
@clear_errors
def build(c: Context, rebuild: bool = False) -> None:
    """Build localhost/campusnet-ee (ansible-builder, offline) when its sources changed; tag it latest."""
    from campusnet.ee import NAME, ensure

    image = ensure(rebuild=rebuild)
    how = f"built in {image.built_s:.0f} s" if image.built_s is not None else "already built for these sources"
    console.print(f"{image.tag} ({how}), also tagged {NAME}:latest", soft_wrap=True)


NAMESPACE = Collection("ee", build)
