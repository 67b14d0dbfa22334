"""Lab tasks: the local podman base image that molecule scenarios and tests run on."""

from __future__ import annotations

from invoke import Collection, Context, task

from campusnet.cli import clear_errors
from campusnet.lab.image import IMAGE, ensure_image


@task(help={"rebuild": f"build {IMAGE} again even if it exists (about a minute)"})
@clear_errors
def image(c: Context, rebuild: bool = False) -> None:
    """Make sure the Debian 12 base image exists; debootstrap and import it if missing."""
    ensure_image(rebuild=rebuild)


NAMESPACE = Collection("lab", image)
