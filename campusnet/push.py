"""Safe push to switches: fetch, back up, diff, arm a timer, send, verify, save; or roll back.

The only module that talks to switches. Per device (``deploy_device``):

1. connect; fetch the running configuration; save it under backups/<device>/;
2. compute the hier_config remediation running -> intended; empty: "unchanged", nothing sent;
3. dry run: stop here with the diff ("would change");
4. arm the platform's commit-confirm timer (reload after N minutes), send the remediation
   line by line with the platform's rejected-line patterns;
5. verify: fetch again (the remediation must now be empty) and check that the management
   address still answers; then cancel the timer and write memory;
6. on any failure after step 4: send the remediation back to the backup and verify it;
   if even that fails or the session is gone, the armed timer restores the saved
   configuration by itself, and the result says so.
"""

from __future__ import annotations

import contextlib
import re
import socket
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from campusnet.diff import config_diff, remediation
from campusnet.files import atomic_write, private_dir, private_file
from campusnet.platforms.base import Platform, PushRules
from campusnet.redact import Redactor, session_log
from campusnet.results import DeviceResult, Status

Notify = Callable[[str, str], None]  # (device, step)
RUNNING = "running.cfg"  # a switch backup's file name


@dataclass(frozen=True)
class Target:
    """One switch to push to: where, how to log in, and what it should run."""

    name: str
    platform: Platform
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    intended: str = field(repr=False)


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    timer_minutes: int = 5
    backup_dir: Path = Path("backups")
    keep_backups: int = 10
    session_log_dir: Path | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 30.0


class PushError(Exception):
    """A push step failed (the message says which and why)."""


class Session:
    """A netmiko connection speaking one platform's push rules."""

    def __init__(self, target: Target, options: Options, redact: Redactor) -> None:
        from netmiko import ConnectHandler

        self.target = target
        if target.platform.push is None:
            raise PushError(f"platform {target.platform.key} cannot be pushed to")
        self.rules: PushRules = target.platform.push
        log = None
        if options.session_log_dir is not None:
            folder = private_dir(options.session_log_dir)
            log = session_log(str(private_file(folder / f"{target.name}.log")), redact)
        self.connection = ConnectHandler(
            device_type=target.platform.netmiko_type, host=target.host, port=target.port,
            username=target.username, password=target.password, secret=target.password,
            conn_timeout=options.connect_timeout, auth_timeout=options.connect_timeout,
            banner_timeout=options.connect_timeout, read_timeout_override=options.read_timeout,
            session_log=log, fast_cli=True,
        )
        self._error = re.compile("|".join(self.rules.reject_patterns), re.MULTILINE)

    def running(self) -> str:
        return str(self.connection.send_command(self.rules.show_running, read_timeout=60))

    def send(self, lines: list[str]) -> None:
        from netmiko.exceptions import ConfigInvalidException

        try:
            self.connection.send_config_set(lines, error_pattern=self._error.pattern, cmd_verify=True)
        except ConfigInvalidException as error:
            self.connection.send_command_timing("end")
            raise PushError(f"device rejected a line: {error}") from None
        self.connection.set_base_prompt()  # the lines may have renamed the device

    def answer(self, command: str) -> None:
        """Run an exec command that may ask questions, answering them from the rules.

        Reads until the prompt or a known question rather than until the line goes quiet
        (netmiko's timing mode waits 2 s of silence per command: 6 s per switch).
        """
        questions = [question for question, _ in self.rules.prompts]
        prompt = rf"{re.escape(self.connection.base_prompt)}[^\n]*[#>]\s*$"
        expect = "(?im)" + "|".join(f"(?:{p})" for p in [*questions, prompt])
        reply: str | None = command
        for _ in range(4):
            assert reply is not None
            output = str(self.connection.send_command(reply, expect_string=expect, strip_prompt=False,
                                                      strip_command=False, read_timeout=30))
            reply = next((a for q, a in self.rules.prompts if re.search(q, output, re.IGNORECASE)), None)
            if reply is None:
                return

    def arm(self, minutes: int) -> None:
        self.answer(self.rules.arm_timer.format(minutes=minutes))

    def cancel(self) -> None:
        self.answer(self.rules.cancel_timer)

    def save(self) -> None:
        self.answer(self.rules.save)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a dead session is already closed
            self.connection.disconnect()


def answers(host: str, port: int, timeout: float = 5.0) -> bool:
    """Does the management address still accept a TCP connection (SSH)?"""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def write_backup(options: Options, device: str, files: dict[str, str]) -> Path:
    """backups/<device>/<UTC timestamp>/<file> (folder 0700, files 0600), keeping the last N."""
    folder = options.backup_dir / device
    target = private_dir(folder / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ"), options.backup_dir)
    for name, text in files.items():
        atomic_write(target / name, text, private_root=options.backup_dir)
    for old in sorted(p for p in folder.iterdir() if p.is_dir())[: -options.keep_backups]:
        for path in old.iterdir():
            path.unlink()
        old.rmdir()
    return target


class Report:
    """Makes the DeviceResults of one device: elapsed time, messages redacted."""

    def __init__(self, device: str, redact: Redactor) -> None:
        self.device, self.redact, self.started = device, redact, time.monotonic()

    def __call__(self, status: Status, **kwargs: Any) -> DeviceResult:
        if "message" in kwargs:
            kwargs["message"] = self.redact(kwargs["message"])
        return DeviceResult(self.device, status, seconds=round(time.monotonic() - self.started, 2), **kwargs)


S = TypeVar("S", bound="Closable")


class Closable(Protocol):
    def close(self) -> None: ...


def with_session(name: str, redact: Redactor, notify: Notify, connect: Callable[[], S],
                 connect_error: Callable[[BaseException], str],
                 body: Callable[[S, Report], DeviceResult]) -> DeviceResult:
    """The frame of every device action: connect (else "unreachable"), run ``body``,
    turn an unexpected error before any change into "untouched", always close."""
    report = Report(name, redact)
    notify(name, "connecting")
    try:
        session = connect()
    except Exception as error:  # noqa: BLE001 - every connect failure is "unreachable"
        return report(Status.UNREACHABLE, message=connect_error(error))
    try:
        return body(session, report)
    except Exception as error:  # noqa: BLE001 - raised before anything was sent
        return report(Status.UNTOUCHED, message=f"before any change: {first_line(error)}")
    finally:
        session.close()


def _connect_error(error: BaseException) -> str:
    from netmiko.exceptions import NetmikoAuthenticationException

    if isinstance(error, NetmikoAuthenticationException):
        return "authentication failed (check device_username/device_password in secrets.yml)"
    text = str(error).strip().splitlines()
    return f"cannot connect: {text[0] if text else type(error).__name__}"


def deploy_device(target: Target, options: Options, redact: Redactor, notify: Notify = lambda d, s: None) -> DeviceResult:
    """Push one switch; never raises for device problems: the result says what happened."""
    hier = target.platform.hier_platform
    assert hier is not None

    def body(session: Session, report: Report) -> DeviceResult:
        notify(target.name, "fetching")
        before = session.running()
        backup = str(write_backup(options, target.name, {RUNNING: before}))
        lines = remediation(hier, before, target.intended)
        if not lines:
            return report(Status.UNCHANGED, backup=backup)
        diff = redact(config_diff(hier, before, target.intended, target.name))
        if options.dry_run:
            return report(Status.WOULD_CHANGE, lines=len(lines), diff=diff, backup=backup)
        try:
            notify(target.name, f"arming {options.timer_minutes} min timer")
            session.arm(options.timer_minutes)
            notify(target.name, f"sending {len(lines)} lines")
            session.send(lines)
            notify(target.name, "verifying")
            left = remediation(hier, session.running(), target.intended)
            if left:
                raise PushError(f"verify: {len(left)} lines still differ after the push (first: {left[0]})")
            if not answers(target.host, target.port):
                raise PushError("verify: the management address no longer answers")
            session.cancel()
            session.save()
        except Exception as error:  # noqa: BLE001 - roll back whatever went wrong
            return _roll_back(target, options, redact, session, before, error, report, notify)
        return report(Status.CHANGED, lines=len(lines), diff=diff, backup=backup)

    return with_session(target.name, redact, notify, lambda: Session(target, options, redact), _connect_error, body)


def first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _roll_back(target: Target, options: Options, redact: Redactor, session: Session, backup_text: str,
               error: BaseException, result: Report, notify: Notify) -> DeviceResult:
    """Restore the backup over the live session (or a new one); else rely on the timer."""
    hier = target.platform.hier_platform
    assert hier is not None
    cause = first_line(error)
    notify(target.name, "rolling back")
    why = ""
    for attempt in range(2):
        try:
            if attempt:
                session.close()
                session = Session(target, options, redact)
            back = remediation(hier, session.running(), backup_text)
            if back:
                session.send(back)
            if remediation(hier, session.running(), backup_text):
                raise PushError("rollback did not restore the backup")
            session.cancel()
            return result(Status.ROLLED_BACK, message=f"{cause}; restored from the backup")
        except Exception as failure:  # noqa: BLE001 - try once more on a fresh session
            why = first_line(failure)
            continue
        finally:
            if attempt:
                session.close()
    return result(Status.TIMER_RESTORES, message=f"{cause}; rollback impossible ({why}): the armed timer restores "
                                                 f"the saved configuration within {options.timer_minutes} min")


class Observer:
    """Progress callbacks for a fleet run (the CLI shows them with rich)."""

    def start(self, total: int) -> None: ...
    def step(self, device: str, step: str) -> None: ...
    def done(self, result: DeviceResult) -> None: ...


T = TypeVar("T")
Action = Callable[[T, Options, Redactor, Notify], DeviceResult]


def run_all(targets: Iterable[T], options: Options, redact: Redactor, workers: int = 10,
            observer: Observer | None = None, action: Action[T] | None = None) -> list[DeviceResult]:
    """Run ``action`` (switch deploy by default) on every target, at most ``workers`` at once."""
    watcher = observer or Observer()
    run: Action[Any] = action or deploy_device
    todo = list(targets)
    watcher.start(len(todo))

    def one(target: T) -> DeviceResult:
        outcome = run(target, options, redact, watcher.step)
        watcher.done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, todo))


def backup_device(target: Target, options: Options, redact: Redactor, notify: Notify = lambda d, s: None) -> DeviceResult:
    """Fetch and store the running configuration only."""

    def body(session: Session, report: Report) -> DeviceResult:
        return report(Status.UNCHANGED, backup=str(write_backup(options, target.name, {RUNNING: session.running()})))

    return with_session(target.name, redact, notify, lambda: Session(target, options, redact), _connect_error, body)
