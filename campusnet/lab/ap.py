"""OpenWrt access point stand-ins: Debian containers that answer SSH like an AP would.

Each container runs systemd + sshd from the lab base image, publishes port 22 on
127.0.0.1:<port>, lets root log in with the inventory's device password (stand-in only:
a real AP is configured by its own first-boot setup), and provides the three OpenWrt
commands the AP push uses, implemented honestly but shallowly:

- ``/sbin/reload_config``: refuses (exit 1) when a file in /etc/config has a line that is
  not ``config``/``option``/``list``/``package``/comment, as UCI would not parse it; every call
  is recorded in /tmp/reload_config.calls as "<epoch> ok|refused".
- ``uci show <package>``: exit 1 on the same parse errors (prints nothing useful).
- ``/etc/init.d/network status``: "running", or "inactive" (exit 3) after a refused reload.
"""

from __future__ import annotations

import hashlib
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass

from campusnet.errors import CampusnetError
from campusnet.lab.image import IMAGE
from campusnet.lab.podman import REPO_ROOT, podman_env

#: Containers are named and labelled per checkout (a hash of its path), so two checkouts on
#: one machine (a developer's lab, the quick-start test's fresh clone) never replace or
#: remove each other's stand-ins.
CHECKOUT = hashlib.sha256(str(REPO_ROOT).encode()).hexdigest()[:8]
PREFIX = f"campusnet-ap-{CHECKOUT}-"
LABEL = f"campusnet.lab={CHECKOUT}"
CALLS = "/tmp/reload_config.calls"

_CHECK = r"""#!/bin/sh
# Stand-in UCI parser check (campusnet lab): every non-empty line must be a UCI statement.
exec awk '/^[ \t]*$/ || /^[ \t]*(#|(config|option|list|package)([ \t]|$))/ {next}
  {printf "%s:%d: uci: parse error\n", FILENAME, FNR > "/dev/stderr"; bad = 1} END {exit bad}' "$@"
"""
_RELOAD = f"""#!/bin/sh
# Stand-in for OpenWrt's reload_config (campusnet lab): refuse unparsable files, record the call.
bad=0
for file in /etc/config/*; do
  [ -f "$file" ] || continue
  /usr/local/sbin/uci-check "$file" || bad=1
done
if [ $bad = 0 ]; then echo "$(date +%s.%N) ok" >> {CALLS}; else echo "$(date +%s.%N) refused" >> {CALLS}; fi
exit $bad
"""
_UCI = """#!/bin/sh
# Stand-in for OpenWrt's uci: only `uci [-q] show <package>` (exit status of the parse).
[ "$1" = "-q" ] && shift
[ "$1" = "show" ] && [ -n "$2" ] || { echo "uci stand-in: only 'show <package>'" >&2; exit 2; }
exec /usr/local/sbin/uci-check "/etc/config/$2"
"""
_NETWORK = f"""#!/bin/sh
# Stand-in for OpenWrt's /etc/init.d/network: status only.
[ "$1" = "status" ] || {{ echo "network stand-in: only 'status'" >&2; exit 2; }}
if [ -f {CALLS} ] && tail -n 1 {CALLS} | grep -q refused; then echo inactive; exit 3; fi
echo running
"""
_SSHD = "PermitRootLogin yes\nPasswordAuthentication yes\n"
_FILES = {
    "/usr/local/sbin/uci-check": _CHECK,
    "/sbin/reload_config": _RELOAD,
    "/sbin/uci": _UCI,
    "/etc/init.d/network": _NETWORK,
    "/etc/ssh/sshd_config.d/campusnet-ap.conf": _SSHD,
}


@dataclass(frozen=True)
class StandIn:
    name: str  # the access point's name
    port: int = 0  # sshd on 127.0.0.1:port; 0: a free port podman picks

    @property
    def container(self) -> str:
        return PREFIX + self.name


def _podman(args: Sequence[str], what: str, stdin: str | None = None, timeout: float = 60) -> str:
    result = subprocess.run(["podman", *args], input=stdin, capture_output=True, text=True, env=podman_env(),
                            timeout=timeout, check=False)
    if result.returncode != 0:
        said = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        why = said[-1].removeprefix("Error: ")[:300] if said else "no message"
        raise CampusnetError(f"{what} failed (podman exit {result.returncode}): {why}")
    return result.stdout


def exec_in(ap: str, command: str, stdin: str | None = None) -> str:
    """Run a shell command as root in an AP stand-in; its stdout."""
    return _podman(["exec", "-i", StandIn(ap).container, "sh", "-c", command], f"{ap}: {command}", stdin)


def _install(ap: str, path: str, text: str) -> None:
    exec_in(ap, f"mkdir -p $(dirname {path}) && cat > {path} && chmod 0755 {path}", text)


def _wait_for_ssh(port: int, timeout: float) -> None:
    """Until sshd on 127.0.0.1:port sends its banner."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                if sock.recv(4).startswith(b"SSH-"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise CampusnetError(f"AP stand-in on 127.0.0.1:{port}: sshd did not answer within {timeout:.0f} s")


def start(stand_in: StandIn, root_password: str, timeout: float = 60) -> int:
    """Start (replacing any old one) and prepare one stand-in; returns its port once sshd answers."""
    stop([stand_in.name])
    published = f"127.0.0.1:{stand_in.port or ''}:22"
    _podman(["run", "-d", "--name", stand_in.container, "--label", LABEL, "--hostname", stand_in.name,
             "--systemd=always", "-p", published, IMAGE, "/sbin/init"], f"start {stand_in.container} on {published}")
    port = int(_podman(["port", stand_in.container, "22/tcp"], "read its port").split(":")[-1])
    exec_in(stand_in.name, "mkdir -p /etc/config && chpasswd", f"root:{root_password}\n")
    for path, text in _FILES.items():
        _install(stand_in.name, path, text)
    exec_in(stand_in.name, "systemctl restart ssh")
    _wait_for_ssh(port, timeout)
    return port


def running() -> list[str]:
    """The access points that have a stand-in container of this checkout (running or not)."""
    listed = _podman(["ps", "-a", "--format", "{{.Names}}", "--filter", f"label={LABEL}"], "list AP stand-ins")
    return [name.removeprefix(PREFIX) for name in listed.split()]


def stop(names: Sequence[str] = ()) -> list[str]:
    """Remove the named stand-ins (default: every one of this checkout); the names removed."""
    gone = [name for name in running() if not names or name in names]
    if gone:
        _podman(["rm", "-f", "-t", "0", *(PREFIX + n for n in gone)], "remove AP stand-ins")
    return gone
