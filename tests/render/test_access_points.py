"""OpenWrt files: valid UCI, and saying what the model says."""

from __future__ import annotations

from ipaddress import IPv4Network

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
        # Every VLAN tagged, the AP's own management too: nothing rides untagged on eth0.
        assert {f"eth0.{v.id}" for v in (*ap.ssid_vlans, ap.management_vlan)} == bridged, ap.name
        assert ap.management_vlan.purpose == "ap_management"
        radios = {name: options for kind, name, options in files["wireless"] if kind == "wifi-device"}
        assert radios["radio0"]["channel"] == [str(ap.channel_24)]
        assert radios["radio1"]["channel"] == [str(ap.channel_5)]
        ifaces = [options for kind, _, options in files["wireless"] if kind == "wifi-iface"]
        assert len(ifaces) == 2 * len(ap.ssids)
        for options in ifaces:
            assert options["network"][0] in interfaces
            assert interfaces[options["network"][0]]["proto"] == ["none"]  # no DHCP on SSID bridges
            ssid = next(s for s in ap.ssids if s.essid == options["ssid"][0])
            purpose = case.campus.vlans[ssid.vlan].purpose
            assert options.get("isolate", ["0"]) == ["1" if purpose == "guest" else "0"], f"{ap.name}: {ssid.essid}"
            if ssid.security == "open":
                assert options["encryption"] == ["none"] and "auth_server" not in options
            else:
                assert options["encryption"][0] in ("wpa2", "wpa3-mixed")
                assert options["auth_server"] == [str(radius.ipv4)]
                assert options["auth_secret"] == [case.campus.secrets.radius_secret]
        system = {kind: options for kind, _, options in files["system"]}
        assert system["system"]["hostname"] == [ap.name]


def test_access_points_accept_management_from_the_admin_vlan_only(case: Case) -> None:
    admin = case.campus.vlan_by_purpose("admin")[0].ipv4
    for ap in case.campus.access_points.values():
        firewall = uci(case.rendered[ap.name].files["firewall"])
        assert all(options["input"] == ["REJECT"] for kind, _, options in firewall if kind in ("defaults", "zone"))
        accepted = [options for kind, _, options in firewall if kind == "rule" and options["target"] == ["ACCEPT"]]
        assert {o["proto"][0] for o in accepted} == {"tcp", "icmp"}
        for options in accepted:
            network, netmask = options["src_ip"][0].split("/")
            assert IPv4Network(f"{network}/{netmask}") == admin, ap.name
