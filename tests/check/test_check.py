"""`invoke check` catches broken server files that validation alone accepts.

A copy of the project's roles with one realistic slip planted per checker kind (a
missing comma in Kea's JSON, a TTL placeholder in a zone, a misspelt nginx directive,
a misspelt nftables statement); the example inventory is untouched and valid. Every
planted file must fail with its own daemon's checker, and nothing else may fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from campusnet.check.cases import Verdict, junit_xml
from campusnet.check.run import Settings, check
from campusnet.derive import load_campus
from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow

#: template -> (text, slip): each slip is a one-token mistake a reviewer could miss
PLANTS = {
    "kea_dhcp/templates/etc/kea/kea-dhcp.conf.j2": ('    },\n    "lease-database"', '    }\n    "lease-database"'),
    "dns_authoritative/templates/etc/bind/zones/db.zone.j2": ("record.ttl | default('')", "record.ttl | default('x')"),
    "quarantine_page/templates/etc/nginx/conf.d/campusnet-quarantine.conf.j2": ("server_tokens off;",
                                                                                "server_token off;"),
    "nftables/templates/etc/nftables.conf.j2": ("'snat ip to '", "'snat ip too '"),
}
#: (suite, start of the case name) of every case the slips must fail, and only those
EXPECTED = {
    ("server files router-1", "/etc/kea/kea-dhcp4.conf (kea_dhcp): kea-dhcp4 -t"),
    ("server files router-1", "/etc/kea/kea-dhcp6.conf (kea_dhcp): kea-dhcp6 -t"),
    ("server files router-1", "quarantine_page: nginx -t"),
    ("server files router-1", "/etc/nftables.conf (nftables): nft -c"),
    ("server files srv-dns", "/etc/bind/zones/db.campus.example (dns_authoritative): named-checkzone"),
    ("server files srv-dns", "dns_authoritative: named-checkconf -z"),
}


def planted(tmp_path: Path, plants: dict[str, tuple[str, str]]) -> Path:
    """The project with its roles copied and the slips planted (the rest shared by symlinks)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "roles", repo / "roles", ignore=shutil.ignore_patterns("molecule"))
    for shared in ("playbooks", "plugins", "ansible.cfg", "galaxy.yml", ".venv"):  # .venv: the collection link
        if (ROOT / shared).exists():
            (repo / shared).symlink_to(ROOT / shared)
    for template, (text, slip) in plants.items():
        path = repo / "roles" / template
        source = path.read_text(encoding="utf-8")
        assert text in source, f"{template}: the text to break moved; update the plant"
        path.write_text(source.replace(text, slip, 1), encoding="utf-8")
    return repo


@pytest.fixture
def slipped_repo(tmp_path: Path) -> Path:
    return planted(tmp_path, PLANTS)


def test_check_fails_exactly_the_broken_server_files(slipped_repo: Path, tmp_path: Path,
                                                     personal_data: list[str]) -> None:
    load_campus(EXAMPLE)  # validation alone accepts this campus: it is the templates that broke
    cases = check(Settings(EXAMPLE, tmp_path / "work", repo=slipped_repo))
    failed = {(case.suite, case.name) for case in cases if case.verdict == Verdict.FAILED}
    for suite, start in EXPECTED:
        assert any(s == suite and name.startswith(start) for s, name in failed), f"not caught: {suite} {start}"
    unexplained = {(s, n) for s, n in failed
                   if not any(s == suite and n.startswith((start, "/etc/bind/zones/"))
                              for suite, start in EXPECTED)}
    assert not unexplained, unexplained
    # the untouched files of the same hosts still pass with their own checkers
    passed = {(case.suite, case.name.split(" (")[0]) for case in cases if case.verdict == Verdict.PASSED}
    assert ("server files srv-dns", "/etc/unbound/unbound.conf") in passed
    assert ("server files router-1", "/etc/smcroute.conf") in passed
    report = junit_xml(cases)
    kea = next(c for c in cases if c.name.startswith("/etc/kea/kea-dhcp4.conf"))
    assert "kea-dhcp4.conf" in kea.output and kea.message.startswith("exit 1")
    assert not [value for value in personal_data if value in report]


def test_hosts_of_plays_that_never_ran_fail_too(tmp_path: Path) -> None:
    """The directory's play fails on its only host, so ansible-playbook stops there: every
    host of the later plays must fail with that reason, not drop out of the table."""
    repo = planted(tmp_path, {"directory/templates/etc/ldap/slapd.conf.j2":
                              ("{{ ansible_managed | comment }}", "{{ ansible_managed | comment }}{{ no_such_variable }}")})
    cases = check(Settings(EXAMPLE, tmp_path / "work", repo=repo))
    renders = {case.suite.removeprefix("server files "): case for case in cases if case.name == "render"}
    assert renders["srv-ldap"].verdict == Verdict.FAILED and "no_such_variable" in renders["srv-ldap"].output
    later = {"srv-web", "srv-mail", "srv-radius", "srv-tv", "srv-print"}
    for host in later:
        assert renders[host].verdict == Verdict.FAILED, host
        assert "never ran: ansible-playbook stopped" in renders[host].output, host
    assert {host for host, case in renders.items() if case.verdict == Verdict.FAILED} == later | {"srv-ldap"}
