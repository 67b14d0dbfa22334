"""Push rendered UCI files to OpenWrt access points over SSH; back up, apply, verify, or roll back.

OpenWrt has no Python, so only POSIX shell commands run on the AP (BusyBox has them all).
Per access point (``deploy_ap``):

1. log in as root (password from secrets.yml, or a key file); ``cat`` every
   /etc/config/<file> the AP renders; store them under backups/<ap>/<timestamp>/ (0600);
2. compare with the rendered text: all equal -> "unchanged", nothing written;
3. dry run: stop here with a redacted unified diff ("would change");
4. schedule on the AP a restore of the files about to change (copies in /tmp and a
   ``sleep N`` job that puts them back and runs ``reload_config`` unless cancelled), and read
   it back pending; it cannot be scheduled: "untouched" (unless ``no_timer``);
5. write only the changed files, each atomically (``cat >`` a hidden sibling, then ``mv``),
   then run ``reload_config``;
6. verify over a new login (the AP must still be reachable): every file reads back as
   rendered, ``uci -q show <file>`` parses it (OpenWrt's reload_config does not fail on a bad
   file; uci does), ``/etc/init.d/network status`` says "running"; cancel the restore job
   and read back that it is gone, if enough of its delay is left (push.CONFIRM_MARGIN; else
   the job is left to restore: "failed, timer restores");
7. on any failure after step 5: write the backed-up files back, ``reload_config``, verify,
   cancel the job: "failed, rolled back"; if the AP cannot be reached any more (the push cut
   it off), the restore job puts the files back by itself: "failed, timer restores".
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from campusnet import model
from campusnet.diff import unified
from campusnet.push import (
    Notify,
    Options,
    PushError,
    Report,
    check_confirm_by,
    confirm_by,
    first_line,
    too_late,
    with_session,
    write_backup,
)
from campusnet.redact import Redactor
from campusnet.render.engine import render_campus
from campusnet.results import DeviceResult, Status
from campusnet.targets import connect_to

CONFIG_DIR = "/etc/config"
USERNAME = "root"  # OpenWrt has no other administrative account
RESTORE_DIR = "/tmp/campusnet-restore"  # RAM on OpenWrt: a reboot loads /etc/config anyway
#: The AP-side restore job (POSIX sh, BusyBox): after $1 seconds, unless ``armed`` was removed,
#: put each backed-up file back (or remove one that did not exist) and reload.
RESTORE_JOB = f"""#!/bin/sh
# campusnet: restores the UCI files a push changed unless the push confirms in time.
d={RESTORE_DIR}
sleep "$1"
[ -e "$d/armed" ] || exit 0
shift
for f in "$@"; do
  if [ -e "$d/$f.absent" ]; then rm -f "{CONFIG_DIR}/$f"
  else cp -p "$d/$f" "{CONFIG_DIR}/.$f.restore" && mv "{CONFIG_DIR}/.$f.restore" "{CONFIG_DIR}/$f"; fi
done
rm -f "$d/armed"
echo restored > "$d/done"
reload_config
"""


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


def _write(session: ApSession, files: dict[str, str], notify: Callable[[str], None]) -> None:
    """Write the files and reload; raises PushError on the first problem."""
    notify(f"writing {', '.join(files)}")
    for name, text in files.items():
        session.write(name, text)
    notify("reload_config")
    session.check("reload_config")


def _verify(session: ApSession, files: dict[str, str]) -> None:
    for name, text in files.items():
        if session.read(name) != text:
            raise PushError(f"verify: {CONFIG_DIR}/{name} does not read back as written")
        session.check(f"uci -q show {shlex.quote(name)} >/dev/null")
    state = session.check("/etc/init.d/network status").strip()
    if state != "running":
        raise PushError(f"verify: network service is {state or 'not reporting'}")


def arm_restore(session: ApSession, names: list[str], seconds: float) -> None:
    """Copy the files about to change aside and start the restore job; check it is pending."""
    directory = shlex.quote(RESTORE_DIR)
    copies = " ; ".join(
        f"if [ -e {shlex.quote(f'{CONFIG_DIR}/{name}')} ]; then cp -p {shlex.quote(f'{CONFIG_DIR}/{name}')} "
        f"{shlex.quote(f'{RESTORE_DIR}/{name}')}; else : > {shlex.quote(f'{RESTORE_DIR}/{name}.absent')}; fi"
        for name in names)
    arguments = " ".join(shlex.quote(name) for name in names)
    session.check(f"umask 077 && rm -rf {directory} && mkdir -p {directory} && {copies} && "
                  f"cat > {directory}/job && touch {directory}/armed && "
                  f"(nohup sh {directory}/job {max(1, round(seconds))} {arguments} </dev/null >/dev/null 2>&1 & "
                  f"echo $! > {directory}/pid)", RESTORE_JOB)
    if not restore_pending(session):
        raise PushError("no restore job: it did not start on the access point")


def restore_pending(session: ApSession) -> bool:
    directory = shlex.quote(RESTORE_DIR)
    status, _ = session.run(f'[ -e {directory}/armed ] && kill -0 "$(cat {directory}/pid)" 2>/dev/null')
    return status == 0


def cancel_restore(session: ApSession) -> None:
    """Keep the change: stop the job, then read back that nothing is pending."""
    directory = shlex.quote(RESTORE_DIR)
    session.check(f'rm -f {directory}/armed; kill "$(cat {directory}/pid)" 2>/dev/null; true')
    if restore_pending(session):
        raise PushError("the restore job is still pending after cancelling it")
    session.check(f"rm -rf {directory}")


def _in_time(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


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
        done: dict[str, Any] = {"lines": lines, "diff": redact(diff), "backup": backup, "message": f"files: {', '.join(changed)}"}
        if options.dry_run:
            if options.no_timer:
                done["message"] += "; no restore job (--no-timer)"
            return report(Status.WOULD_CHANGE, **done)
        seconds = options.timer_minutes * options.minute_seconds
        deadline = confirm_by(options)  # from before the job is scheduled: its sleep starts then
        if not options.no_timer:
            step(f"scheduling a restore in {_in_time(seconds)}")
            arm_restore(session, list(changed), seconds)  # raises before any change: untouched
        try:
            _write(session, changed, step)
            step("verifying over a new login")
            with contextlib.closing(ApSession(target, options)) as fresh:
                _verify(fresh, changed)
                if not options.no_timer:
                    check_confirm_by(deadline, options)
                    cancel_restore(fresh)
        except Exception as error:  # noqa: BLE001 - roll back whatever went wrong
            if not options.no_timer and (late := too_late(error, deadline)):  # writing back would race the job
                return report(Status.TIMER_RESTORES, backup=backup, message=f"{late}: {_restores_within(options)}")
            step("rolling back")
            return _roll_back(target, options, session, {name: before[name] for name in changed}, error, report,
                              backup, step)
        return report(Status.CHANGED, **done)

    return with_session(target.name, redact, notify, lambda: ApSession(target, options), _connect_error, body)


def _roll_back(target: ApTarget, options: Options, session: ApSession, files: dict[str, str], error: BaseException,
               report: Report, backup: str, step: Callable[[str], None]) -> DeviceResult:
    """Write the backed-up files back over the live session (else a new one), verify, stop the job."""
    cause, why = first_line(error), ""
    for attempt in range(2):
        try:
            with contextlib.ExitStack() as stack:
                worker = session if attempt == 0 else stack.enter_context(contextlib.closing(ApSession(target, options)))
                _write(worker, files, step)
                fresh = stack.enter_context(contextlib.closing(ApSession(target, options)))
                _verify(fresh, files)
                if not options.no_timer:
                    cancel_restore(fresh)
            return report(Status.ROLLED_BACK, message=f"{cause}; restored from the backup", backup=backup)
        except Exception as failure:  # noqa: BLE001 - once more on a new login
            why = first_line(failure)
    if options.no_timer:
        return report(Status.ROLLBACK_FAILED, message=f"{cause}; rollback failed ({why}) and no restore job was "
                                                      f"scheduled: restore by hand from {backup}", backup=backup)
    return report(Status.TIMER_RESTORES, backup=backup,
                  message=f"{cause}; rollback impossible ({why}): {_restores_within(options)}")


def _restores_within(options: Options) -> str:
    seconds = options.timer_minutes * options.minute_seconds
    return f"the access point's restore job puts the backed-up files back and reloads within {_in_time(seconds)}"
