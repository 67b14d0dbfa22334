"""``python -m campusnet.sim serve SPEC.json [--state-dir DIR]``: serve a fleet until stopped.

When every port listens, DIR/ready.json holds the pid and the ports; the control
socket DIR/control.sock takes JSON requests (see ``campusnet.sim.server``).
SIGTERM or the ``stop`` request end the process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from campusnet.files import atomic_write
from campusnet.sim.server import FleetServer, ListenError, serve_control
from campusnet.sim.spec import FleetSpec, load_spec, parse_spec


async def serve(spec: FleetSpec, state_dir: Path) -> None:
    fleet = FleetServer(spec)
    await fleet.start()
    state_dir.mkdir(parents=True, exist_ok=True)
    socket_path = state_dir / "control.sock"
    socket_path.unlink(missing_ok=True)
    control = await serve_control(fleet, socket_path)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: asyncio.ensure_future(fleet.stop()))
    ready = state_dir / "ready.json"
    atomic_write(ready, json.dumps({"pid": os.getpid(), "ports": fleet.ports()}))
    try:
        await fleet.stopped.wait()
    finally:
        control.close()
        ready.unlink(missing_ok=True)
        socket_path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m campusnet.sim")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="serve the devices of a spec file")
    serve_parser.add_argument("spec", type=Path, help="JSON spec: list of devices ('-': read it from stdin, so "
                                                      "the device passwords are never written to a file)")
    serve_parser.add_argument("--state-dir", type=Path, default=Path("build/fleet"),
                              help="where ready.json and control.sock go")
    args = parser.parse_args()
    os.umask(0o077)  # ready.json and the control socket: the owner's only
    spec = parse_spec(sys.stdin.read(), "stdin") if str(args.spec) == "-" else load_spec(args.spec)
    try:
        asyncio.run(serve(spec, args.state_dir))
    except ListenError as error:
        # One line the parent (campusnet.sim.fleet.up) shows as the reason; no traceback.
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
