"""build/ outputs, change status, masked diffs, golden files, template errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from campusnet.redact import MASK, campus_redactor
from campusnet.render import golden
from campusnet.render.engine import RenderError, render_campus
from campusnet.render.environment import TEMPLATES, make_environment
from campusnet.render.output import write_build
from tests.render.conftest import Case


def test_golden_files_match_the_example_campus(example: Case) -> None:
    mismatches = golden.compare(list(example.rendered.values()))
    assert not mismatches, "run `invoke golden` to see the diff:\n" + "\n".join(str(m.path) for m in mismatches)


def test_status_new_then_unchanged_then_changed(example: Case, tmp_path: Path) -> None:
    results = render_campus(example.campus, limit="sw-a-1")
    redact = campus_redactor(example.campus.secrets)
    assert [o.status for o in write_build(results, tmp_path, redact)] == ["new"]
    assert [o.status for o in write_build(results, tmp_path, redact)] == ["no"]
    written = tmp_path / "sw-a-1" / "running.cfg"
    written.write_text(written.read_text().replace("room a001", "room x"))
    (outcome,) = write_build(results, tmp_path, redact)
    assert outcome.status == "yes" and "-   name \"room x\"" in outcome.diff
    assert not list(tmp_path.rglob(".running.cfg.*"))  # no temporary left behind


def test_diffs_never_show_secrets(example: Case, tmp_path: Path) -> None:
    results = render_campus(example.campus, building="i") + render_campus(example.campus, limit="sw-j-1") \
        + render_campus(example.campus, limit="ap-j-1")
    outcomes = write_build(results, tmp_path, campus_redactor(example.campus.secrets))
    shown = "".join(o.diff for o in outcomes)
    secrets = example.campus.secrets
    assert shown.count(MASK) >= 3
    for value in (secrets.device_password, secrets.radius_secret, secrets.snmp_community, "$1$", "sha1 \"6"):
        assert value not in shown


def test_a_template_error_names_the_device_and_the_template(example: Case, tmp_path: Path) -> None:
    broken = tmp_path / "templates"
    shutil.copytree(TEMPLATES, broken)
    path = broken / "cisco_ios" / "switch.j2"
    path.write_text(path.read_text().replace("{{ device.gateway }}", "{{ device.no_such_fact }}"))
    with pytest.raises(RenderError) as error:
        render_campus(example.campus, env=make_environment(broken))
    message = str(error.value)
    assert "sw-i-1: template cisco_ios/switch.j2" in message and "no_such_fact" in message
    assert "sw-m-3" in message and "sw-a-1" not in message
