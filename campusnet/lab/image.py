"""Build the lab's Debian 12 base image locally (no registry is reachable).

debootstrap the rootfs from the machine's own mirror, give it apt sources that roles
can use, and ``podman import`` it. The image is cached: it is built only when missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.text import Text

from campusnet.errors import CampusnetError
from campusnet.lab.mirror import SUITE, debian_mirror
from campusnet.lab.podman import podman_env
from campusnet.terminal import literal_console

IMAGE = "localhost/campusnet-debian12:latest"
PACKAGES = (
    "python3",
    "python3-apt",
    "systemd",
    "systemd-sysv",
    "openssh-server",
    "sudo",
    "iproute2",
    "ca-certificates",
)
BUILD_PARENT = Path("/var/tmp")

APT_SOURCES = """\
Types: deb
URIs: {mirror}
Suites: {suite} {suite}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""


def _run(argv: Sequence[str], what: str, stdin: IO[bytes] | None = None) -> None:
    """Run a command, raising CampusnetError with the tail of its output if it fails."""
    result = subprocess.run(argv, stdin=stdin, capture_output=True, env=podman_env(), check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).decode(errors="replace")
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise CampusnetError(f"{what} failed (exit {result.returncode}):\n{tail}")


def image_exists(image: str = IMAGE) -> bool:
    """Tell whether podman already holds the image."""
    result = subprocess.run(
        ["podman", "image", "exists", image], env=podman_env(), capture_output=True, check=False
    )
    return result.returncode == 0


def configure_apt(rootfs: Path, mirror: str) -> None:
    """Point the rootfs's apt at the mirror (bookworm + updates) and start with an empty cache.

    The lists directory is dated to the epoch so that ``apt: update_cache`` with any
    ``cache_valid_time`` refreshes it on first use instead of trusting a stale or empty cache.
    """
    (rootfs / "etc/apt/sources.list").unlink(missing_ok=True)
    sources = rootfs / "etc/apt/sources.list.d/debian.sources"
    sources.write_text(APT_SOURCES.format(mirror=mirror, suite=SUITE), encoding="utf-8")
    for cache in ("var/lib/apt/lists", "var/cache/apt/archives"):
        for entry in (rootfs / cache).glob("*"):
            if entry.is_file():
                entry.unlink()
    os.utime(rootfs / "var/lib/apt/lists", (0, 0))


def _mounts_below(path: Path) -> list[str]:
    """List mount points at or below path (debootstrap mounts /proc and /sys while it runs)."""
    with open("/proc/mounts", encoding="utf-8") as mounts:
        points = [line.split()[1] for line in mounts]
    return [point for point in points if point == str(path) or point.startswith(f"{path}/")]


def _remove_rootfs(rootfs: Path) -> None:
    """Delete a build tree, refusing if a mount is still inside it."""
    for point in sorted(_mounts_below(rootfs), reverse=True):
        subprocess.run(["umount", "--lazy", point], check=False)
    if _mounts_below(rootfs):
        raise CampusnetError(f"{rootfs}: still has mounts inside; remove it by hand")
    shutil.rmtree(rootfs, ignore_errors=True)


def build_image(console: Console, image: str = IMAGE) -> None:
    """debootstrap a minimal Debian 12 with systemd, sshd and python3, and import it."""
    for tool in ("debootstrap", "podman"):
        if shutil.which(tool) is None:
            raise CampusnetError(f"{tool} not found: run scripts/setup.sh")
    mirror = debian_mirror()
    console.print(Text.assemble(("building", "bold"), f" {image} from {mirror}"))
    build_dir = Path(tempfile.mkdtemp(prefix="campusnet-image-", dir=BUILD_PARENT))
    rootfs = build_dir / "rootfs"
    try:
        with console.status("debootstrap (about a minute)"):
            _run(
                [
                    "debootstrap",
                    "--variant=minbase",
                    f"--include={','.join(PACKAGES)}",
                    SUITE,
                    str(rootfs),
                    mirror,
                ],
                "debootstrap",
            )
        console.print("  rootfs bootstrapped")
        configure_apt(rootfs, mirror)
        with console.status("podman import"):
            tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
            _run(["podman", "import", "-", image], "podman import", stdin=tar.stdout)
            if tar.wait() != 0:
                raise CampusnetError(f"tar of {rootfs} failed (exit {tar.returncode})")
        console.print(f"  imported {image}")
    finally:
        _remove_rootfs(build_dir)


def ensure_image(rebuild: bool = False, console: Console | None = None, image: str = IMAGE) -> bool:
    """Make sure the base image exists; return True if it was (re)built."""
    console = console or literal_console()
    if image_exists(image) and not rebuild:
        console.print(f"{image}: present")
        return False
    build_image(console, image)
    return True
