"""OpenWrt files: valid UCI, and saying what the model says."""

from __future__ import annotations

from tests.render.conftest import Case
from tests.render.parse import uci


def test_access_point_files_follow_the_model(case: Case) -> None:
    radius = case.campus.services("radius")[0]
    for ap in case.campus.access_points.values():
        files = {name: uci(text) for name, text in case.rendered[ap.name].files.items()}
        interfaces = {name: options for kind, name, options in files["network"] if kind == "interface"}
        assert interfaces["mgmt"]["ipaddr"] == [str(ap.management.ip)]
        assert interfaces["mgmt"]["gateway"] == [str(ap.gateway)]
        bridged = {options["ports"][0] for kind, _, options in files["network"] if kind == "device"}
        assert {f"eth0.{v.id}" for v in ap.ssid_vlans} | {"eth0"} == bridged, ap.name
        radios = {name: options for kind, name, options in files["wireless"] if kind == "wifi-device"}
        assert radios["radio0"]["channel"] == [str(ap.channel_24)]
        assert radios["radio1"]["channel"] == [str(ap.channel_5)]
        ifaces = [options for kind, _, options in files["wireless"] if kind == "wifi-iface"]
        assert len(ifaces) == 2 * len(ap.ssids)
        for options in ifaces:
            assert options["network"][0] in interfaces
            assert interfaces[options["network"][0]]["proto"] == ["none"]  # no DHCP on SSID bridges
            ssid = next(s for s in ap.ssids if s.essid == options["ssid"][0])
            if ssid.security == "open":
                assert options["encryption"] == ["none"] and "auth_server" not in options
            else:
                assert options["encryption"][0] in ("wpa2", "wpa3-mixed")
                assert options["auth_server"] == [str(radius.ipv4)]
                assert options["auth_secret"] == [case.campus.secrets.radius_secret]
        system = {kind: options for kind, _, options in files["system"]}
        assert system["system"]["hostname"] == [ap.name]
