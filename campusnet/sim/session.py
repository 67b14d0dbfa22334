"""One CLI session: modes, contexts, prompts and questions, independent of SSH.

``Session.handle`` takes one typed line and returns what the device prints,
ending with the next prompt (or a question), so the SSH layer only pipes text
and the same engine replays startup configurations and checks templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from campusnet.sim.config import Path
from campusnet.sim.grammar import Match

if TYPE_CHECKING:
    from campusnet.sim.device import Device


@dataclass(frozen=True)
class Reply:
    text: str = ""
    close: bool = False  # orderly logout
    abort: bool = False  # connection dropped without a word
    hang: bool = False  # stop answering


@dataclass
class Frame:
    context: str
    label: str
    targets: list[Path] = field(default_factory=list)


Question = Callable[[str], Reply]
#: Exec handlers the ``refuse_timer`` fault refuses.
TIMER_HANDLERS = ("reload_arm", "config_replace")


class Session:
    def __init__(self, device: Device, *, replay: bool = False) -> None:
        self.device = device
        self.platform = device.platform
        self.replay = replay  # replaying a startup config: no faults, no counting
        self.frames: list[Frame] = []
        self.question: Question | None = None
        self.echo = True  # False while a password question waits for its answer
        self.config_lines = 0
        faults = device.faults
        demoted = faults.demote_after is not None and device.config_lines_received >= faults.demote_after
        self.level = 1 if (faults.user_level_login or demoted) and not replay else 15

    @property
    def prompt(self) -> str:
        label = self.frames[-1].label if self.frames else None
        return self.platform.prompt(self.device.hostname, label, privileged=self.level >= 15)

    def greeting(self) -> str:
        """Text after login; ProCurve first wants any key pressed."""
        banner = self.platform.banner(self.device.hardware)
        if not banner:
            return self.prompt
        self.question = lambda _answer: Reply("\r\n" + self.prompt)
        return banner

    def handle(self, raw: str) -> Reply:
        if self.device.faults.hang:
            return Reply(hang=True)
        if self.question is not None:
            question, self.question = self.question, None
            self.echo = True
            return question(raw.strip())
        line = raw.strip()
        return self._config(line) if self.frames else self._exec(line)

    # exec mode -------------------------------------------------------------

    def _exec(self, line: str) -> Reply:
        if not line:
            return Reply(self.prompt)
        faults = self.device.faults
        for command in self.platform.exec_commands:
            if found := command.match(line):
                refused = (self.level < command.level
                           or (faults.refuse_show_running and command.handler == "show_running")
                           or (faults.refuse_timer and command.handler in TIMER_HANDLERS))
                if refused:  # as a real CLI refuses a command this login may not run
                    return self._invalid(line, (), bad=min(1, len(line.split()) - 1))
                handler: Callable[[re.Match[str]], Reply] = getattr(self, f"_{command.handler}")
                return handler(found)
        return self._invalid(line, ())

    # privilege -----------------------------------------------------------------

    def _enable(self, _found: re.Match[str]) -> Reply:
        """IOS asks the enable secret (three tries); ProCurve asks the manager's name and password."""
        if self.level >= 15:
            return Reply(self.prompt)
        platform, spec = self.platform, self.device.spec

        def privileged() -> Reply:
            self.level = 15
            return Reply(self.prompt)

        if platform.enable_asks_username:
            def password(username: str) -> Question:
                def check(answer: str) -> Reply:
                    if username == spec.username and spec.enable_secret is not None and answer == spec.enable_secret:
                        return privileged()
                    return Reply(platform.reply("invalid_password") + self.prompt)
                return check

            return self._ask(platform.reply("username_question"),
                             lambda name: self._ask(platform.reply("password_question"), password(name), secret=True))
        if spec.enable_secret is None:
            return Reply(platform.reply("no_enable_password") + self.prompt)
        tries = [0]

        def check(answer: str) -> Reply:
            if answer == spec.enable_secret:
                return privileged()
            tries[0] += 1
            if tries[0] >= 3:
                return Reply(platform.reply("bad_secrets") + self.prompt)
            return self._ask(platform.reply("password_question"), check, secret=True)

        return self._ask(platform.reply("password_question"), check, secret=True)

    def _disable(self, _found: re.Match[str]) -> Reply:
        self.level = 1
        return Reply(self.prompt)

    def _show_privilege(self, _found: re.Match[str]) -> Reply:
        text = re.sub(r"\d+", str(self.level), self.platform.reply("privilege"))
        return Reply(text + self.prompt)

    def _noop(self, _found: re.Match[str]) -> Reply:
        return Reply(self.prompt)

    def _show_running(self, _found: re.Match[str]) -> Reply:
        return Reply(self.device.show_running() + self.prompt)

    def _show_startup(self, _found: re.Match[str]) -> Reply:
        return Reply(self.device.show_startup() + self.prompt)

    def _show_version(self, _found: re.Match[str]) -> Reply:
        return Reply(self.platform.show_version(self.device.hostname, self.device.hardware) + self.prompt)

    def _write_memory(self, _found: re.Match[str]) -> Reply:
        self.device.save()
        return Reply(self.platform.save_text + self.prompt)

    def configure(self) -> None:
        self.frames = [Frame("config", "config", [()])]

    def _configure(self, _found: re.Match[str]) -> Reply:
        self.configure()
        return Reply(self.platform.configure_text + self.prompt)

    def _close(self, _found: re.Match[str]) -> Reply:
        return Reply(close=True)

    def _logout(self, _found: re.Match[str]) -> Reply:
        """ProCurve: offer to save unsaved changes, then confirm the logout."""

        def confirm(answer: str) -> Reply:
            return Reply(close=True) if answer.lower().startswith("y") else Reply(self.prompt)

        def save(answer: str) -> Reply:
            if answer.lower().startswith("y"):
                self.device.save()
            return self._ask("\r\nDo you want to log out [y/n]? ", confirm)

        if self.device.modified:
            return self._ask("Do you want to save the current configuration [y/n/^C]? ", save)
        return self._ask("Do you want to log out [y/n]? ", confirm)

    def _ask(self, question: str, then: Question, *, secret: bool = False) -> Reply:
        self.question = then
        self.echo = not secret
        return Reply(question)

    def _reload_arm(self, found: re.Match[str]) -> Reply:
        parts = {k: int(v) for k, v in found.groupdict().items() if v is not None}
        minutes = parts.get("d", 0) * 1440 + parts.get("h", 0) * 60 + parts["m"]
        platform = self.platform

        def arm(answer: str = "") -> Reply:
            if answer.lower().startswith("n"):
                return Reply(self.prompt)
            self.device.arm_reload(minutes)
            text = platform.reload_armed_text.format(hours=minutes // 60, mins=minutes % 60)
            return Reply(text + self.prompt)

        def confirm() -> Reply:
            if not platform.reload_confirm_question:
                return arm()
            question = platform.reload_confirm_question.format(
                minutes=minutes, user=self.device.spec.username
            )
            return self._ask(question, arm)

        def save(answer: str) -> Reply:
            if answer.lower() in ("yes", "y"):
                self.device.save()
                return Reply(platform.save_text + confirm().text)
            if answer.lower() in ("no", "n"):
                return confirm()
            return self._ask("% Please answer 'yes' or 'no'.\r\n" + platform.reload_save_question, save)

        if platform.reload_save_question and self.device.modified:
            return self._ask(platform.reload_save_question, save)
        return confirm()

    def _reload_cancel(self, _found: re.Match[str]) -> Reply:
        cancelled = self.device.cancel_reload()
        text = self.platform.reload_cancelled_text if cancelled else self.platform.reload_none_text
        return Reply(text + self.prompt)

    def _show_reload(self, _found: re.Match[str]) -> Reply:
        said = self.platform.reply("reload_scheduled" if self.device.reload_pending else "no_reload")
        return Reply(said + self.prompt)

    # IOS archive: configure replace ... time N, configure confirm (Rollback Confirmed Change) ----

    def _config_replace(self, found: re.Match[str]) -> Reply:
        device, platform = self.device, self.platform
        source, minutes = found["source"], found["minutes"]
        if source != "nvram:startup-config":
            return Reply(f"%Error opening {source} (No such file or directory)\r\n" + self.prompt)
        if minutes is None:
            text = "Total number of passes: 1\r\nRollback Done\r\n"
        elif not device.archive_path:
            return Reply(platform.reply("archive_off") + self.prompt)
        else:
            device.arm_revert(int(minutes))
            text = platform.reply("rollback_armed")
        device.running = device.startup.copy()
        return Reply(text + self.prompt)

    def _config_confirm(self, _found: re.Match[str]) -> Reply:
        if self.device.cancel_revert():
            return Reply(self.prompt)
        return Reply(self.platform.reply("no_rollback_pending") + self.prompt)

    def _config_revert(self, _found: re.Match[str]) -> Reply:
        if not self.device.revert_pending:
            return Reply(self.platform.reply("no_rollback_pending") + self.prompt)
        self.device.revert()
        return Reply(self.prompt)

    def _show_rollback_timer(self, _found: re.Match[str]) -> Reply:
        if not self.device.revert_pending:
            return Reply(self.platform.reply("no_rollback_pending") + self.prompt)
        text = re.sub(r"Timer value: ?\d+", f"Timer value: {self.device.revert_minutes}",
                      self.platform.reply("rollback_pending"))
        return Reply(text + self.prompt)

    def _show_archive(self, _found: re.Match[str]) -> Reply:
        if not self.device.archive_path:
            return Reply(self.platform.reply("archive_off") + self.prompt)
        return Reply("The maximum archive configurations allowed is 5.\r\n" + self.prompt)

    def _copy_running_startup(self, _found: re.Match[str]) -> Reply:
        """IOS `copy running-config startup-config` (what Ansible's ios_config saves with)."""

        def save(_answer: str) -> Reply:
            self.device.save()
            return Reply(self.platform.save_text + self.prompt)

        return self._ask("Destination filename [startup-config]? ", save)

    # configuration mode ----------------------------------------------------

    def _config(self, line: str) -> Reply:
        if not line or line[0] in "!;":
            return Reply(self.prompt)
        if line == "end":
            self.frames.clear()
            return Reply(self.prompt)
        if line == "exit":
            self.frames.pop()
            return Reply(self.prompt)
        if line.startswith("do ") and not self.platform.exec_in_config:
            return self._exec(line[3:].strip())
        resolved = self._resolve(line)
        if resolved is None and self.platform.exec_in_config and any(
                command.match(line) for command in self.platform.exec_commands):
            return self._exec(line)
        return self._config_line(line, resolved)

    def _config_line(self, line: str, resolved: tuple[int, Match, bool] | None) -> Reply:
        faults = self.device.faults
        if not self.replay:
            self.config_lines += 1
            self.device.config_lines_received += 1
            pattern = faults.reject_pattern
            if faults.reject_line == self.config_lines or (pattern and re.search(pattern, line)):
                error = self._invalid(line, (), record=False).text.removesuffix(self.prompt)
                if faults.error_text:
                    error = faults.error_text.rstrip().replace("\n", "\r\n") + "\r\n"
                return Reply(error if faults.no_prompt_after_error else error + self.prompt)
        if resolved is None:
            return self._invalid(line, [frame.context for frame in self.frames])
        depth, found, negate = resolved
        if not negate and (refusal := self.platform.check(
                found, self.device.hardware, self.device.running, self.frames[depth].targets, self.prompt)):
            self._record(line)
            return Reply(refusal + self.prompt)
        self._apply(depth, found, negate)
        if not self.replay:
            self.device.lines_since_faults += 1
            if faults.drop_after and self.device.lines_since_faults == faults.drop_after:
                return Reply(abort=True)
        says = found.rule.says
        return Reply((self.platform.reply(says) if says and not self.replay else "") + self.prompt)

    def _resolve(self, line: str) -> tuple[int, Match, bool] | None:
        """Find the line in the current context, else in the enclosing ones (as IOS does)."""
        grammar = self.platform.grammar
        for depth in range(len(self.frames) - 1, -1, -1):
            context = self.frames[depth].context
            if found := grammar.match(context, line):
                return depth, found, False
            if line.startswith("no ") and (found := grammar.negatable(context, line[3:].split())):
                return depth, found, True
        return None

    def _apply(self, depth: int, found: Match, negate: bool) -> None:
        del self.frames[depth + 1 :]
        frame, rule, tree = self.frames[depth], found.rule, self.device.running
        if negate and rule.action:
            self.platform.act(tree, frame.targets, found, negate=True)
        elif negate:
            for target in frame.targets:
                tree.remove(target, found.text)
        elif rule.opens:
            targets = self.platform.targets(found, frame.targets)
            for target in targets:
                tree.node(target)
            self.frames.append(Frame(rule.opens, rule.label.format(**found.groups), targets))
        elif rule.action:
            self.platform.act(tree, frame.targets, found, negate=False)
        else:
            text = self.platform.stored_form(found, self.device.hardware)
            default = self.platform.is_default(frame.context, text, tree)
            for target in frame.targets:
                if rule.negates:
                    tree.remove(target, rule.negates.format(**found.groups))
                elif default:  # the firmware keeps no line for its default value
                    self._drop_setting(target, found)
                else:
                    tree.add(target, text, found.single)
            self.platform.after_store(tree, text)

    def _drop_setting(self, target: tuple[str, ...], found: Match) -> None:
        tree = self.device.running
        for child in tree.children(target):
            if found.single and child.text.startswith(found.single):
                child.delete()

    def _record(self, line: str) -> None:
        where = self.frames[-1].label if self.frames else "exec"
        self.device.rejected.append(f"{where}: {line}")

    def _invalid(self, line: str, contexts: list[str] | tuple[()], *, record: bool = True,
                 bad: int | None = None) -> Reply:
        if record:
            self._record(line)
        if bad is None:
            bad = self.platform.grammar.bad_word(contexts, line)
        return Reply(self.platform.invalid(self.prompt, line, bad) + self.prompt)
