"""The checker image: the lab's Debian 12 base plus every package the roles' checkers need.

Built locally from ``localhost/campusnet-debian12:latest`` (never pulled), tagged with a
hash of its inputs (the base image's id and the Containerfile, i.e. the package list), so
it is built once and rebuilt only when a role adds a package or the base image changes.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

from campusnet.errors import CampusnetError
from campusnet.lab.image import IMAGE as BASE_IMAGE
from campusnet.lab.image import image_exists
from campusnet.lab.podman import podman_env

NAME = "localhost/campusnet-check"
#: No service may start while packages install, in the build or later in a check.
CONTAINERFILE = """\
FROM {base}
RUN printf '#!/bin/sh\\nexit 101\\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d \\
 && apt-get update -q \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends {packages} \\
 && apt-get clean && rm -rf /var/lib/apt/lists/*
LABEL org.campusnet.role=checker
"""


@dataclass(frozen=True)
class CheckerImage:
    tag: str
    containerfile: str
    built_s: float | None = None  # seconds spent building it now; None when it was cached


def _podman(argv: Sequence[str], what: str, stdin: str | None = None) -> str:
    done = subprocess.run(["podman", *argv], input=stdin, capture_output=True, text=True, env=podman_env(),
                          check=False)
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise CampusnetError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def describe(packages: Sequence[str], base: str = BASE_IMAGE) -> CheckerImage:
    """The image's tag and Containerfile for these packages (nothing is built)."""
    if not image_exists(base):
        raise CampusnetError(f"{base} is missing: run scripts/setup.sh (or invoke lab.image)")
    base_id = _podman(["image", "inspect", "--format", "{{.Id}}", base], "podman image inspect").strip()
    containerfile = CONTAINERFILE.format(base=base, packages=" ".join(packages) or "ca-certificates")
    digest = hashlib.sha256(f"{base_id}\n{containerfile}".encode()).hexdigest()[:12]
    return CheckerImage(f"{NAME}:{digest}", containerfile)


def ensure(packages: Sequence[str], base: str = BASE_IMAGE) -> CheckerImage:
    """The checker image for these packages, built now only when no image has its inputs' hash."""
    image = describe(packages, base)
    if image_exists(image.tag):
        return image
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="campusnet-check-image-") as context:
        _podman(["build", "--pull=never", "--network=host", "-t", image.tag, "-f", "-", context],
                f"building {image.tag}", stdin=image.containerfile)
    return CheckerImage(image.tag, image.containerfile, time.perf_counter() - started)
