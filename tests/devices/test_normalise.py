"""The normaliser: what the device owns is never removed nor sent; defaults it prints stay."""

from __future__ import annotations

import re

import pytest
from hier_config import Platform, WorkflowRemediation, get_hconfig

from campusnet.catalogue import catalogue
from campusnet.diff import remediation
from campusnet.model import Campus
from tests.devices.conftest import SWITCH_MODELS, fixture, render_on


@pytest.mark.parametrize("model_key", SWITCH_MODELS)
def test_no_remediation_touches_a_line_the_device_owns(example_campus: Campus, model_key: str) -> None:
    hardware = catalogue().model(model_key)
    _, intended = render_on(example_campus, hardware)
    owned = [re.compile(entry.line) for entry in catalogue().dialect(hardware.platform).owned]
    hier = Platform[hardware.platform.upper()]
    factory = fixture(model_key, "factory.cfg")
    sent = [line for line in remediation(hier, factory, intended) if not line.startswith(" ")]
    touched = [line for line in sent if any(p.search(line.removeprefix("no ")) for p in owned)
               and not line.startswith("interface ")]
    assert touched == []
    assert not [line for line in sent if line.startswith("no interface ")]  # physical ports stay


def test_without_the_normaliser_a_real_factory_switch_is_never_in_sync() -> None:
    """The reason it exists: plain hier_config wants to delete what the device prints itself."""
    factory = fixture("WS-C2960X-48TS-L", "factory.cfg")
    plain = WorkflowRemediation(get_hconfig(Platform.CISCO_IOS, factory),
                                get_hconfig(Platform.CISCO_IOS, "hostname Switch\n")).remediation_config
    assert "no boot-start-marker" in plain.dump_simple()
    assert remediation(Platform.CISCO_IOS, factory, "hostname Switch\n") == []


def test_a_printed_default_stays_unless_we_set_that_setting() -> None:
    factory = fixture("WS-C2960-24TT-L", "factory.cfg")
    assert "aaa new-model" not in remediation(Platform.CISCO_IOS, factory, "hostname Switch\n")
    assert "aaa new-model" in remediation(Platform.CISCO_IOS, factory, "hostname Switch\naaa new-model\n")
    lines = remediation(Platform.CISCO_IOS, factory, "hostname Switch\nno ip http server\n")
    assert "no ip http server" in lines and "ip http secure-server" not in " ".join(lines)


def test_the_factory_community_is_removed_by_name() -> None:
    lines = remediation(Platform.HP_PROCURVE, fixture("J9776A", "factory.cfg"), 'hostname "HP-2530-24G"\n')
    assert 'no snmp-server community "public"' in lines
    assert not [line for line in lines if "unrestricted" in line]
