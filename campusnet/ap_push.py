"""Push rendered UCI files to OpenWrt access points over SSH; back up, apply, verify, or roll back.

OpenWrt has no Python, so only POSIX shell commands run on the AP (BusyBox has them all).
Per access point (``deploy_ap``):

1. log in as root (password from secrets.yml, or a key file); ``cat`` every
   /etc/config/<file> the AP renders; store them under backups/<ap>/<timestamp>/ (0600);
2. compare with the rendered text: all equal -> "unchanged", nothing written;
3. dry run: stop here with a redacted unified diff ("would change");
4. write only the changed files, each atomically (``cat >`` a hidden sibling, then ``mv``),
   then run ``reload_config``;
5. verify: every file reads back as rendered, ``uci -q show <file>`` parses it (OpenWrt's
   reload_config does not fail on a bad file; uci does), ``/etc/init.d/network status``
   says "running";
6. on any failure after step 4: write the backed-up files back, ``reload_config``, check
   they read back: "failed, rolled back".
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from campusnet import model
from campusnet.diff import unified
from campusnet.push import (
    Notify,
    Options,
    PushError,
    Report,
    first_line,
    with_session,
    write_backup,
)
from campusnet.redact import Redactor
from campusnet.render.engine import render_campus
from campusnet.results import DeviceResult, Status
from campusnet.targets import connect_to

CONFIG_DIR = "/etc/config"
USERNAME = "root"  # OpenWrt has no other administrative account


@dataclass(frozen=True)
class ApTarget:
    """One access point: where to SSH, how to log in, and the UCI files it should hold."""

    name: str
    host: str
    port: int
    password: str = field(repr=False)
    files: dict[str, str] = field(repr=False)  # UCI package name -> text
    key_file: str | None = None


def ap_targets(campus: model.Campus, limit: str = "", building: str = "", key_file: str | None = None) -> list[ApTarget]:
    """One ApTarget per selected access point, with its freshly rendered files."""
    result = []
    for rendered in render_campus(campus, limit, building):
        ap = campus.access_points.get(rendered.device)
        if ap is not None:
            host, port = connect_to(campus, ap.name, ap.connect)
            result.append(ApTarget(ap.name, host, port, campus.secrets.device_password, rendered.files, key_file))
    return result


class ApSession:
    """One SSH connection to an AP (paramiko); every command is a shell line."""

    def __init__(self, target: ApTarget, options: Options) -> None:
        import paramiko

        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # as netmiko does for switches
        self.timeout = options.read_timeout
        self.client.connect(target.host, target.port, USERNAME, password=target.password, key_filename=target.key_file,
                            timeout=options.connect_timeout, auth_timeout=options.connect_timeout,
                            banner_timeout=options.connect_timeout, look_for_keys=False, allow_agent=False)

    def run(self, command: str, stdin: str = "") -> tuple[int, str]:
        """Exit status and stdout of ``command``; stderr is appended to the output on failure."""
        channel_in, channel_out, channel_err = self.client.exec_command(command, timeout=self.timeout)
        if stdin:
            channel_in.write(stdin.encode())
        channel_in.channel.shutdown_write()
        out = channel_out.read().decode(errors="replace")
        err = channel_err.read().decode(errors="replace")
        status = channel_out.channel.recv_exit_status()
        return status, out if status == 0 else (out + err).strip()

    def check(self, command: str, stdin: str = "") -> str:
        status, out = self.run(command, stdin)
        if status != 0:
            first = out.splitlines()[0] if out else "no output"
            raise PushError(f"{command.split()[0]} exited {status}: {first}")
        return out

    def read(self, name: str) -> str:
        """The file's text; "" when it does not exist yet."""
        path = shlex.quote(f"{CONFIG_DIR}/{name}")
        return self.check(f"if [ -e {path} ]; then cat {path}; fi")

    def write(self, name: str, text: str) -> None:
        """Replace the file atomically (same directory, then mv); mode 0600: it may hold secrets."""
        path, new = shlex.quote(f"{CONFIG_DIR}/{name}"), shlex.quote(f"{CONFIG_DIR}/.{name}.new")
        self.check(f"umask 077 && cat > {new} && mv {new} {path}", text)

    def close(self) -> None:
        self.client.close()


def _connect_error(error: BaseException) -> str:
    import paramiko

    if isinstance(error, paramiko.AuthenticationException):
        return "authentication failed (check device_password in secrets.yml, or --identity)"
    return "cannot connect: " + first_line(error).removeprefix("[Errno None] ")


def _diff(before: dict[str, str], after: dict[str, str], device: str) -> tuple[str, int]:
    """A unified diff per changed file, and the number of changed lines."""
    parts = [unified(before[name], after[name], f"{device}:{CONFIG_DIR}/{name}") for name in after
             if before[name] != after[name]]
    text = "".join(parts)
    changed = sum(1 for line in text.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---"))
    return text, changed


def _apply(session: ApSession, files: dict[str, str], notify: Callable[[str], None]) -> None:
    """Write the files, reload, verify; raises PushError on the first problem."""
    notify(f"writing {', '.join(files)}")
    for name, text in files.items():
        session.write(name, text)
    notify("reload_config")
    session.check("reload_config")
    notify("verifying")
    for name, text in files.items():
        if session.read(name) != text:
            raise PushError(f"verify: {CONFIG_DIR}/{name} does not read back as written")
        session.check(f"uci -q show {shlex.quote(name)} >/dev/null")
    state = session.check("/etc/init.d/network status").strip()
    if state != "running":
        raise PushError(f"verify: network service is {state or 'not reporting'}")


def deploy_ap(target: ApTarget, options: Options, redact: Redactor, notify: Notify = lambda d, s: None) -> DeviceResult:
    """Push one access point; never raises for device problems: the result says what happened."""

    def step(what: str) -> None:
        notify(target.name, what)

    def body(session: ApSession, report: Report) -> DeviceResult:
        step("fetching")
        before = {name: session.read(name) for name in target.files}
        backup = str(write_backup(options, target.name, before))
        changed = {name: text for name, text in target.files.items() if before[name] != text}
        if not changed:
            return report(Status.UNCHANGED, backup=backup)
        diff, lines = _diff(before, target.files, target.name)
        done = {"lines": lines, "diff": redact(diff), "backup": backup, "message": f"files: {', '.join(changed)}"}
        if options.dry_run:
            return report(Status.WOULD_CHANGE, **done)
        try:
            _apply(session, changed, step)
        except Exception as error:  # noqa: BLE001 - roll back whatever went wrong
            step("rolling back")
            cause = first_line(error)
            try:
                _apply(session, {name: before[name] for name in changed}, step)
            except Exception as again:  # noqa: BLE001
                return report(Status.ROLLBACK_FAILED, message=f"{cause}; rollback failed ({first_line(again)}): "
                                                              f"restore by hand from {backup}", backup=backup)
            return report(Status.ROLLED_BACK, message=f"{cause}; restored from the backup", backup=backup)
        return report(Status.CHANGED, **done)

    return with_session(target.name, redact, notify, lambda: ApSession(target, options), _connect_error, body)
