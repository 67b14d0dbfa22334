"""Safe push to switches: log in privileged, check, back up, diff, arm a checked timer, send, verify.

The only module that talks to switches. Per device (``deploy_device``):

1. log in, answer the greeting, and make sure the session may configure before anything else
   (IOS ``show privilege``, or the prompt): a login that lands at the user prompt enters
   ``enable`` with the enable secret of secrets.yml; without one, or if refused: "untouched";
2. fetch the running configuration and check that it is one (not empty, not cut short, not a
   refusal or a pager screen), else "untouched"; store it under backups/<device>/;
3. compute the hier_config remediation running -> intended; empty: "unchanged", nothing sent;
   dry run: stop here with the diff ("would change");
4. the timer: the saved configuration must equal the running one (else stop, or save it first
   with ``save_first``), then arm the platform's preferred commit-confirm timer and read it back
   pending; none arms: "untouched: no commit-confirm timer" unless ``no_timer``;
5. send the remediation line by line, reading every reply: a known refusal, any output the
   platform does not list as harmless, or no prompt within ``line_timeout`` stops the push and
   names the line;
6. verify over a new login (privileged again): the remediation must now be empty; confirm the
   timer (read back: nothing pending) if enough of it is left (``CONFIRM_MARGIN``; else the
   timer is left to restore the device: a confirmation racing it could land after it fired),
   write memory, check the saved configuration;
7. on a failure after arming (before the margin; after it, the timer restores, as in 6):
   send the remediation back to the backup and verify it; if that
   fails or the session is gone, the armed timer restores the device by itself, and the result
   says which and what it costs.

What a device prints is read from its platform's reply catalogue (campusnet.platforms.catalogue).
"""

from __future__ import annotations

import contextlib
import re
import select
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from campusnet.diff import config_diff, remediation
from campusnet.files import atomic_write, private_dir, private_file
from campusnet.platforms import replies as catalogue
from campusnet.platforms.base import Platform, PushRules, Timer
from campusnet.redact import Redactor, session_log
from campusnet.results import DeviceResult, Status
from campusnet.words import plural

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
    enable_secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    timer_minutes: int = 5
    no_timer: bool = False  # push without a commit-confirm timer (the plan shows it in red)
    save_first: bool = False  # save unsaved running changes before arming, instead of stopping
    backup_dir: Path = Path("backups")
    keep_backups: int = 10
    session_log_dir: Path | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # an exec command (show running-config, write memory, timers)
    line_timeout: float = 5.0  # one configuration line, from sending it to the next prompt
    minute_seconds: float = 60.0  # a timer minute; tests shorten it where the device is ours (AP stand-ins)


class PushError(Exception):
    """A push step failed (the message says which and why)."""


#: A timer is confirmed only with this much of it left, in timer minutes. Past that point a
#: confirmation, or a rollback, races the timer: it may reach a device that already restored
#: itself (a timer that "confirms" as nothing pending) or is rebooting.
CONFIRM_MARGIN = 0.25


class TimerRunningOut(PushError):
    """The push and its verify used nearly all of the timer: the timer, not us, restores."""


def confirm_by(options: Options) -> float:
    """The monotonic time until which a timer armed now may still be confirmed."""
    return time.monotonic() + (options.timer_minutes - CONFIRM_MARGIN) * options.minute_seconds


def check_confirm_by(deadline: float, options: Options) -> None:
    """Raise TimerRunningOut when ``deadline`` (from ``confirm_by``) has passed."""
    if time.monotonic() > deadline:
        raise TimerRunningOut(f"the push and its verify took more than {options.timer_minutes - CONFIRM_MARGIN:g} min "
                              f"of the {options.timer_minutes} min timer: too late to confirm it safely")


def too_late(error: BaseException, deadline: float) -> str | None:
    """Why a failed push must be left to its armed timer, or None when a rollback is safe:
    past ``deadline`` a rollback races the timer as a confirmation would."""
    if isinstance(error, TimerRunningOut):
        return first_line(error)
    if time.monotonic() > deadline:
        return f"{first_line(error)}; too late in the timer to roll back safely"
    return None


class NoPrompt(PushError):
    """The device stopped answering in the middle of a reply: the session cannot be trusted."""


def _first(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def configuration_problem(rules: PushRules, text: str) -> tuple[str, str] | None:
    """(the telling line, why) when a fetched ``text`` cannot be the device's whole configuration:
    empty, a refusal instead, a pager's screen, no header, or cut before its end line."""
    replies = catalogue.load(rules.catalogue)
    first = _first(text)
    if not first:
        return "(nothing)", "empty reply"
    if refusal := replies.error("\n".join(text.strip().splitlines()[:3])):  # a refusal replaces the text
        return refusal[1], "a refusal"
    if artefact := replies.pager_artefact(text):
        return artefact, "a pager screen: paging is not off"
    if not replies.reply("running_header").search(text):
        return first, "no configuration header"
    if rules.running_end and not replies.reply(rules.running_end).search(text.rstrip()):
        return first, f"cut short: the last line is {_first(text.splitlines()[-1])!r}, not the end line"
    return None


class Session:
    """One CLI login, privileged, reading every reply against the platform's catalogue.

    netmiko carries the SSH channel (and the session log); the dialogue is ours: each line is
    written, then read up to the next prompt, and what came between is judged.
    """

    def __init__(self, target: Target, options: Options, redact: Redactor) -> None:
        from netmiko import ConnectHandler

        if target.platform.push is None:
            raise PushError(f"platform {target.platform.key} cannot be pushed to")
        self.target, self.options = target, options
        self.rules: PushRules = target.platform.push
        self.replies = catalogue.load(self.rules.catalogue)
        self.broken = False  # a reply went missing: never type into this session again
        self.in_config = False
        self.notes: list[str] = []  # harmless device output seen after configuration lines (one per line)
        log = None
        if options.session_log_dir is not None:
            folder = private_dir(options.session_log_dir)
            log = session_log(str(private_file(folder / f"{target.name}.log")), redact)
        self.connection = ConnectHandler(
            device_type=target.platform.netmiko_type, host=target.host, port=target.port,
            username=target.username, password=target.password, secret=target.enable_secret or "",
            conn_timeout=options.connect_timeout, auth_timeout=options.connect_timeout,
            banner_timeout=options.connect_timeout, session_log=log, fast_cli=True, auto_connect=False,
        )
        self.connection.establish_connection()
        self.connection.ansi_escape_codes = True  # ProCurve paints its screen; nobody else minds
        try:
            self._login()
        except BaseException:
            self.close()
            raise

    # --- the dialogue -------------------------------------------------------------------

    def _read_until(self, done: Callable[[str], object], timeout: float) -> str:
        """Read until ``done(text)`` holds; NoPrompt after ``timeout`` seconds of waiting.

        Waits on the channel (select) rather than polling: a reply is read as soon as it arrives.
        """
        text = ""
        deadline = time.monotonic() + timeout
        while True:
            text += self.connection.read_channel()
            if done(text):
                return text
            channel = self.connection.remote_conn
            if channel is None or getattr(channel, "closed", False):
                self.broken = True
                raise PushError(f"the device closed the session{': ' + _first(text) if _first(text) else ''}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.broken = True
                raise NoPrompt(_first(text))
            select.select([channel], [], [], min(remaining, 0.5))

    def _prompt(self, any_host: bool) -> re.Pattern[str]:
        """The device's prompt at the very end of the text, on a line of its own: a host name,
        a mode in parentheses, ``#`` or ``>``. The host name is the known one, or with
        ``any_host`` any plain name (a configuration line may rename the switch, even to its
        factory name on the way)."""
        name = re.escape(self.hostname) + (r"|[A-Za-z0-9][\w.-]*" if any_host else "")
        return re.compile(rf"\n(?P<prompt>(?P<host>{name})(?P<mode>\([^)\r\n]*\))?[#>]) ?\Z")

    def exchange(self, line: str, *, answers: Iterable[tuple[str, str]] = (), timeout: float | None = None,
                 any_host: bool = False) -> str:
        """Type one line; return what the device printed after its echo, up to the next prompt.

        The reply counts only after the echo of the line, so a stale prompt cannot end it early;
        text before the echo is the device talking on its own (a timer's banner) and is kept,
        minus stale prompts. Questions named in ``answers`` (catalogue replies) are answered,
        each once: asked again, the line has failed. Sets ``prompt`` and ``hostname``.
        """
        if self.broken:
            raise PushError("the session stopped answering earlier")
        questions = [(self.replies.reply(name).regex, answer, name) for name, answer in answers]
        prompt = self._prompt(any_host)
        echo: re.Pattern[str] | None = re.compile(rf"(?:\A|\n)[ \t]*{re.escape(line.strip())}[ \t]*(?=\n)")

        def after_echo(text: str) -> int | None:
            if echo is None:
                return 0
            found = echo.search(text)
            return found.end() if found else None

        def done(text: str) -> bool:
            start = after_echo(text)
            if start is None:
                return False
            rest = text[start:]
            return bool(prompt.search(rest)) or any(q.search(rest) for q, _, _ in questions)

        self.connection.write_channel(line + self.connection.RETURN)
        chatter, body, asked = "", "", set()
        while True:
            text = self._read_until(done, timeout or self.options.read_timeout)
            start = after_echo(text) or 0
            chatter += text[: start - len(line.strip()) if echo is not None else 0]
            echo, chunk = None, text[start:]
            body += chunk
            if found := prompt.search(chunk):
                self.prompt, self.hostname = found["prompt"], found["host"]
                body = body[: len(body) - len(found.group(0))]
                break
            name, answer = next((n, a) for q, a, n in questions if q.search(chunk))
            if name in asked:
                raise PushError(f"`{line}` asked again: {_first(chunk.splitlines()[-1]) or name}")
            asked.add(name)
            self.connection.write_channel(answer + self.connection.RETURN)
        stale = self._prompt(any_host=True)
        kept = [text_line for text_line in chatter.splitlines() if not stale.search("\n" + text_line.rstrip())]
        return "\n".join([*kept, *body.splitlines()])

    def command(self, line: str, **kwargs: Any) -> str:
        """An exec command whose reply must not be a known refusal."""
        body = self.exchange(line, **kwargs)
        if found := self.replies.error(body):
            raise PushError(f"`{line}` refused: {found[1]}")
        return body

    # --- login and privilege ----------------------------------------------------------------

    def _login(self) -> None:
        """Past the greeting to a settled prompt, privileged, then the terminal set up."""
        rules = self.rules
        timeout = self.options.connect_timeout
        prompt = re.compile(r"(?:\A|\n)(?P<prompt>[^\r\n]*[^\s#>][#>]) ?\Z")
        banner = self.replies.reply(rules.banner[0]) if rules.banner else None
        try:
            text = self._read_until(lambda t: prompt.search(t) or (banner and banner.search(t)), timeout)
            if banner is not None and rules.banner and banner.search(text) and not prompt.search(text):
                self.connection.write_channel(rules.banner[1] + self.connection.RETURN)
                text = self._read_until(prompt.search, timeout)
            text += self._settle(timeout)
        except NoPrompt:
            raise ConnectionError(f"no prompt within {timeout:g} s of logging in") from None
        found = prompt.search(text)
        if found is None:
            raise ConnectionError(f"no prompt after logging in: {_first(text.splitlines()[-1] if text else '')!r}")
        self.prompt = found["prompt"].strip()
        self.hostname = self.prompt.split("(")[0].rstrip("#>")
        self.connection.base_prompt = self.hostname  # netmiko's goodbye (logout) reads it
        self._ensure_privileged()
        for line in rules.prepare:
            self.command(line)

    def _settle(self, timeout: float, quiet: float = 0.2) -> str:
        """What arrives until the line has been quiet for ``quiet`` seconds (a greeting's tail)."""
        text, last, deadline = "", time.monotonic(), time.monotonic() + timeout
        while time.monotonic() - last < quiet and time.monotonic() < deadline:
            if chunk := self.connection.read_channel():
                text, last = text + chunk, time.monotonic()
            time.sleep(0.02)
        return text

    def _privileged(self) -> bool:
        privilege = self.rules.privilege
        if not self.prompt.endswith("#"):
            return False
        if privilege.check is None:
            return True
        body = self.command(privilege.check)
        found = self.replies.reply(privilege.level).search(body)
        if found is None:
            raise PushError(f"cannot tell the privilege level: `{privilege.check}` answered {_first(body)!r}")
        return int(found["level"]) >= privilege.required

    def _ensure_privileged(self) -> None:
        """Before anything else: enable if the login landed at the user prompt, then check."""
        if self._privileged():
            return
        where = f"the login lands at the user prompt ({self.prompt})"
        secret = self.target.enable_secret
        if not secret:
            raise PushError(f"{where} and secrets.yml has no enable_secret for it (secrets.enable_secret, "
                            f"or secrets.devices.{self.target.name}.enable_secret)")
        privilege = self.rules.privilege
        answers = [(privilege.secret_question, secret)]
        if privilege.username_question:
            answers.insert(0, (privilege.username_question, self.target.username))
        try:
            reply = self.exchange(privilege.enable, answers=answers, timeout=self.options.connect_timeout)
        except PushError as error:
            self.broken = True  # left at a password question
            raise PushError(f"{where}; `{privilege.enable}` refused the enable_secret of secrets.yml ({error})") from None
        if not self._privileged():
            refusal = self.replies.error(reply)
            why = refusal[1] if refusal else f"still at {self.prompt}"
            raise PushError(f"{where}; `{privilege.enable}` did not give privileged mode: {why}")

    # --- configurations -----------------------------------------------------------------

    def _exec_mode(self) -> None:
        if self.in_config:
            self.exchange(self.rules.end)
            self.in_config = False

    def fetch(self, command: str) -> str:
        """A whole configuration, checked before anyone stores or diffs it."""
        self._exec_mode()
        text = self.exchange(command)
        if problem := configuration_problem(self.rules, text):
            shown, why = problem
            raise PushError(f"the device did not return its configuration: {shown} ({why})")
        return text

    def running(self) -> str:
        return self.fetch(self.rules.show_running)

    def startup(self) -> str:
        return self.fetch(self.rules.show_startup)

    def configure(self, lines: list[str]) -> None:
        """Send configuration lines, judging every reply; the first problem stops and names the line."""
        self._exec_mode()
        self.command(self.rules.configure)
        self.in_config = True
        for number, line in enumerate(lines, 1):
            where = f"line {number} `{line.strip()}`"
            try:
                body = self.exchange(line, timeout=self.options.line_timeout, any_host=True)
            except NoPrompt as error:
                seen = f" after {str(error)!r}" if str(error) else ""
                raise NoPrompt(f"{where}: no prompt within {self.options.line_timeout:g} s{seen}") from None
            verdict = self.replies.classify(body)
            if verdict.kind == "rejected":
                raise PushError(f"{where} refused: {verdict.text}")
            if verdict.kind == "unexpected":
                raise PushError(f"{where}: unexpected reply: {verdict.text}")
            if "(" not in self.prompt:
                raise PushError(f"{where} left configuration mode (prompt {self.prompt})")
            self.notes.extend(verdict.notes)
            self.connection.base_prompt = self.hostname
        self._exec_mode()

    def save(self) -> None:
        self._exec_mode()
        reply = self.command(self.rules.save)
        if self.rules.save_done and not self.replies.reply(self.rules.save_done).search(reply):
            raise PushError(f"`{self.rules.save}` did not confirm: {_first(reply) or '(nothing)'}")

    # --- the commit-confirm timer -------------------------------------------------------------

    def arm(self, minutes: int) -> Timer:
        """Arm the first timer of the platform that is accepted and reads back pending."""
        self._exec_mode()
        tried = []
        for timer in self.rules.timers:
            try:
                self.command(timer.arm.format(minutes=minutes), answers=timer.answers)
                status = self.command(timer.status)
            except NoPrompt:
                raise
            except PushError as error:
                tried.append(f"{timer.name}: {error}")
                continue
            if self.replies.reply(timer.pending).search(status):
                return timer
            tried.append(f"{timer.name}: `{timer.status}` does not show it pending ({_first(status) or 'nothing'})")
        raise PushError(f"no commit-confirm timer: {'; '.join(tried)}")

    def confirm(self, timer: Timer) -> None:
        """Keep the change: stop the timer, and read back that nothing is pending any more."""
        self._exec_mode()
        self.command(timer.confirm, answers=timer.answers)
        status = self.command(timer.status)
        if not self.replies.reply(timer.idle).search(status):
            raise PushError(f"the {timer.name} timer still shows pending after `{timer.confirm}`: {_first(status)}")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a dead session is already closed
            if self.broken:  # no goodbye dialogue with a session that stopped answering
                self.connection.cleanup = lambda *args, **kwargs: None  # type: ignore[method-assign]
            self.connection.disconnect()


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
    """The frame of every device action: connect (else "unreachable"; refused by our own checks
    after login: "untouched"), run ``body``, turn an error before any change into "untouched",
    always close."""
    report = Report(name, redact)
    notify(name, "connecting")
    try:
        session = connect()
    except PushError as error:  # logged in, then our checks refused to go on
        return report(Status.UNTOUCHED, message=first_line(error))
    except Exception as error:  # noqa: BLE001 - every other connect failure is "unreachable"
        return report(Status.UNREACHABLE, message=connect_error(error))
    try:
        return body(session, report)
    except PushError as error:
        return report(Status.UNTOUCHED, message=first_line(error))
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


def _same_saved(session: Session, running: str) -> str:
    """'' when the saved configuration equals the running one, else why not (lines, first)."""
    hier = session.target.platform.hier_platform
    assert hier is not None
    differ = remediation(hier, running, session.startup())
    return f"{plural(len(differ), 'line')}, first: {differ[0].strip()}" if differ else ""


def _plan_warning(session: Session, running: str, options: Options) -> str:
    """What the plan must say before a push: no timer, or a timer that would refuse to arm."""
    if options.no_timer:
        return "no commit-confirm timer (--no-timer): a lost session is not undone by the switch"
    if not options.save_first and (differ := _same_saved(session, running)):
        return f"the saved configuration differs from the running one ({differ}): the push will stop; see --save-first"
    return ""


def _prepare_timer(session: Session, running: str, options: Options, notify: Notify) -> Timer | None:
    """Arm the commit-confirm timer; raises PushError (nothing sent yet) when it cannot be trusted."""
    if options.no_timer:
        return None
    name = session.target.name
    if differ := _same_saved(session, running):
        if not options.save_first:
            raise PushError(f"the saved configuration differs from the running one ({differ}): a timer would "
                            "restore the older one. Save it on the switch, or push with --save-first")
        notify(name, "saving the running configuration first")
        session.save()
        if differ := _same_saved(session, running):
            raise PushError(f"the saved configuration still differs after `{session.rules.save}` ({differ})")
    notify(name, f"arming a {options.timer_minutes} min timer")
    return session.arm(options.timer_minutes)


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
            return report(Status.WOULD_CHANGE, lines=len(lines), diff=diff, backup=backup,
                          message=_plan_warning(session, before, options))
        deadline = confirm_by(options)  # from before the timer is armed: its countdown starts then
        timer = _prepare_timer(session, before, options, notify)  # raises before anything is sent
        current = session
        try:
            notify(target.name, f"sending {plural(len(lines), 'line')}")
            session.configure(lines)
            notify(target.name, "verifying over a new login")
            current = Session(target, options, redact)
            left = remediation(hier, current.running(), target.intended)
            if left:
                raise PushError(f"verify: after the push, {plural(len(left), 'line')} left to change "
                                f"(first: {left[0].strip()})")
            if timer is not None:
                check_confirm_by(deadline, options)
                current.confirm(timer)
            current.save()
            if left := remediation(hier, current.startup(), target.intended):
                raise PushError(f"verify: the saved configuration differs from the intended one (first: {left[0].strip()})")
        except Exception as error:  # noqa: BLE001 - roll back whatever went wrong
            if timer is not None and (late := too_late(error, deadline)):
                return report(Status.TIMER_RESTORES, message=f"{late}: {_timer_restores(timer, options)}")
            return _roll_back(target, options, redact, session, before, timer, error, report, notify)
        finally:
            if current is not session:
                current.close()
        said = [f"{n}x {text[:90]}{'...' if len(text) > 90 else ''}" for text, n in Counter(session.notes).items()]
        done = f"{timer.name} timer confirmed" if timer else "no timer"
        return report(Status.CHANGED, lines=len(lines), diff=diff, backup=backup,
                      message=done + (f"; the switch also said: {'; '.join(said)}" if said else ""))

    return with_session(target.name, redact, notify, lambda: Session(target, options, redact), _connect_error, body)


def first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _roll_back(target: Target, options: Options, redact: Redactor, session: Session, backup_text: str,
               timer: Timer | None, error: BaseException, result: Report, notify: Notify) -> DeviceResult:
    """Restore the backup over the live session (or a new one), then stop the timer; else rely on it."""
    hier = target.platform.hier_platform
    assert hier is not None
    cause = first_line(error)
    notify(target.name, "rolling back")
    why = ""
    for attempt in range(2):
        fresh = attempt > 0 or session.broken
        worker: Session | None = None if fresh else session
        try:
            if worker is None:
                worker = Session(target, options, redact)
            back = remediation(hier, worker.running(), backup_text)
            if back:
                worker.configure(back)
            if remediation(hier, worker.running(), backup_text):
                raise PushError("rollback did not restore the backup")
            if timer is not None:
                worker.confirm(timer)
            if remediation(hier, worker.startup(), backup_text):  # the failure came after a save
                worker.save()
            return result(Status.ROLLED_BACK, message=f"{cause}; restored from the backup")
        except Exception as failure:  # noqa: BLE001 - try once more on a fresh session
            why = first_line(failure)
        finally:
            if fresh and worker is not None:
                worker.close()
    if timer is None:
        return result(Status.ROLLBACK_FAILED, message=f"{cause}; rollback impossible ({why}) and no timer was armed: "
                                                      f"restore by hand from backups/{target.name}/")
    return result(Status.TIMER_RESTORES, message=f"{cause}; rollback impossible ({why}): {_timer_restores(timer, options)}")


def _timer_restores(timer: Timer, options: Options) -> str:
    return f"the {timer.name} timer restores the switch within {options.timer_minutes} min: {timer.restores}"


class Observer(Protocol):
    """Progress callbacks for a fleet run (the CLI shows them with rich: report.ProgressObserver);
    by default they do nothing."""

    def start(self, total: int) -> None: return None
    def step(self, device: str, step: str) -> None: return None
    def done(self, result: DeviceResult) -> None: return None


class _Unobserved(Observer):
    """No progress shown (the protocol's methods do nothing)."""


T = TypeVar("T")
Action = Callable[[T, Options, Redactor, Notify], DeviceResult]


def run_all(targets: Iterable[T], options: Options, redact: Redactor, workers: int = 10,
            observer: Observer | None = None, action: Action[T] | None = None) -> list[DeviceResult]:
    """Run ``action`` (switch deploy by default) on every target, at most ``workers`` at once."""
    watcher = observer or _Unobserved()
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
