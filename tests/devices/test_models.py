"""Every catalogue model: factory default as captured, our configuration accepted and
printed back, a second diff empty, and nothing rendered that the model cannot do."""

from __future__ import annotations

import re

import pytest
from hier_config import Platform

from campusnet.catalogue import catalogue
from campusnet.diff import remediation
from campusnet.model import Campus
from campusnet.sim.session import Session
from tests.devices.conftest import SWITCH_MODELS, device, fixture, printed, render_on

FACTORY_HOSTNAME = re.compile(r'^hostname "?([^"\n]+)"?$', re.MULTILINE)


def push(model_key: str, hostname: str, lines: list[str]) -> Session:
    """Type remediation lines into a factory-default device, as netmiko's config set would."""
    session = Session(device(model_key, hostname))
    session.configure()
    for line in lines:
        session.handle(line.strip())
        if not session.frames:
            session.configure()
    return session


@pytest.mark.parametrize("model_key", SWITCH_MODELS)
def test_simulator_starts_from_the_captured_factory_default(model_key: str) -> None:
    expected = fixture(model_key, "factory.cfg")
    hostname = FACTORY_HOSTNAME.search(expected)
    assert hostname, "the fixture names the factory host name"
    assert printed(device(model_key, hostname.group(1)).show_running()) == printed(expected)


@pytest.mark.parametrize("model_key", SWITCH_MODELS)
def test_model_renders_is_accepted_and_the_second_diff_is_empty(example_campus: Campus, model_key: str) -> None:
    hardware = catalogue().model(model_key)
    switch, intended = render_on(example_campus, hardware)
    hier = Platform[hardware.platform.upper()]
    factory = fixture(model_key, "factory.cfg")
    first = remediation(hier, factory, intended)
    assert first, "a factory switch needs our configuration"
    session = push(model_key, switch.name, first)
    assert session.device.rejected == [], f"the device refused: {session.device.rejected[:5]}"
    assert remediation(hier, session.device.show_running(), intended) == []
    names = {hardware.port_name(n) for n in range(1, hardware.port_count + 1)}
    interfaces = {line.split(" ", 1)[1] for line in printed(session.device.show_running())
                  if line.startswith("interface ") and not line.startswith("interface Vlan")}
    assert names <= interfaces | {str(n) for n in range(1, hardware.port_count + 1)}


@pytest.mark.parametrize("model_key", SWITCH_MODELS)
def test_features_the_model_lacks_are_not_rendered(example_campus: Campus, model_key: str) -> None:
    hardware = catalogue().model(model_key)
    _, intended = render_on(example_campus, hardware)
    marks = {"ra_guard": ("raguard", "ra-guard"), "dhcpv6_guard": ("dhcp guard", "dhcpv6-snooping"),
             "trunk_encapsulation": ("trunk encapsulation",)}
    for feature, words in marks.items():
        present = any(word in intended for word in words)
        assert present == hardware.has(feature), f"{model_key}: {feature}"


@pytest.mark.parametrize("model_key", ["WS-C2960-24TT-L", "J9776A"])
def test_what_the_device_prints_after_our_push_leaves_nothing_to_do(model_key: str) -> None:
    """after.cfg: the device's print of factory.cfg + the push of intended.cfg (both frozen).
    The intended configuration must read as applied there, and the simulator must print it."""
    hardware = catalogue().model(model_key)
    hier = Platform[hardware.platform.upper()]
    intended, after = fixture(model_key, "intended.cfg"), fixture(model_key, "after.cfg")
    assert remediation(hier, after, intended) == []
    hostname = FACTORY_HOSTNAME.search(after)
    assert hostname
    session = push(model_key, hostname.group(1), remediation(hier, fixture(model_key, "factory.cfg"), intended))
    assert session.device.rejected == []
    assert printed(session.device.show_running()) == printed(after)
