"""From rendered files and role declarations to the runner's commands (nothing run here)."""

from __future__ import annotations

from pathlib import Path

from campusnet.check.cases import Verdict
from campusnet.check.containers import checks_for, scrub
from campusnet.check.roles import RoleCheck
from campusnet.check.server_files import ServerFile


def _file(dest: str, validate: str, role: str = "dns") -> ServerFile:
    return ServerFile("srv-dns", role, "t", dest, Path("/r/x"), validate)


def test_validate_runs_on_the_real_path_as_an_argument_vector() -> None:
    files = [_file("/etc/bind/zones/db.campus example", "named-checkzone -k fail campus.example %s"),
             _file("/etc/bind/named.conf.local", "named-checkconf %s; rm -rf /")]
    _, checks, decided = checks_for(files, {})
    assert decided == []
    assert checks[0].argv == ["named-checkzone", "-k", "fail", "campus.example", "/etc/bind/zones/db.campus example"]
    # no shell, as Ansible's validate: the ';' is part of an argument, not a second command
    assert checks[1].argv == ["named-checkconf", "/etc/bind/named.conf.local;", "rm", "-rf", "/"]


def test_files_without_checker_are_skipped_and_a_validate_without_percent_s_fails() -> None:
    files = [_file("/etc/a", ""), _file("/etc/b", "nginx -t")]
    _, checks, decided = checks_for(files, {})
    assert checks == []
    assert [(c.name, c.verdict) for c in decided] == [("/etc/a (dns)", Verdict.SKIPPED), ("/etc/b (dns)", Verdict.FAILED)]


def test_role_declarations_give_preparation_and_whole_configuration_checks_once_per_role() -> None:
    files = [_file("/etc/a", "a %s", "web"), _file("/etc/b", "b %s", "web"), _file("/etc/c", "", "other")]
    declared = {"web": RoleCheck(prepare=("-unbound-helper x", "mkdir -p /run/x"), commands=("nginx -t",))}
    prepare, checks, _ = checks_for(files, declared)
    assert [(p.argv, p.may_fail) for p in prepare] == [(["unbound-helper", "x"], True), (["mkdir", "-p", "/run/x"], False)]
    assert [c.argv for c in checks] == [["a", "/etc/a"], ["b", "/etc/b"], ["nginx", "-t"]]


def test_checker_output_is_scrubbed_of_secrets_and_addresses() -> None:
    text = "line 3: alias photo: forward to jane.doe@example.org\nsecret s3cr3t-value refused\n"
    shown = scrub(text, lambda t: t.replace("s3cr3t-value", "<redacted>"))
    assert "jane.doe" not in shown and "s3cr3t-value" not in shown and "<address>" in shown
