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
        # Every VLAN tagged, the AP's own management too: nothing rides untagged on the uplink,
        # in the idiom of the board's switch driver (catalogue: DSA bridge-vlan or swconfig).
        wanted = {str(v.id) for v in (*ap.ssid_vlans, ap.management_vlan)}
        hardware = ap.hardware
        assert hardware is not None
        if hardware.switch == "dsa":
            vlans = {o["vlan"][0]: o for kind, _, o in files["network"] if kind == "bridge-vlan"}
            assert set(vlans) == wanted, ap.name
            assert all(o["ports"] == [f"{hardware.uplink}:t"] for o in vlans.values()), ap.name
            assert {o["device"][0] for o in interfaces.values() if "br-lan." in o["device"][0]} == {
                f"br-lan.{v}" for v in wanted}
        else:
            vlans = {o["vid"][0]: o for kind, _, o in files["network"] if kind == "switch_vlan"}
            assert set(vlans) == wanted, ap.name
            assert all(o["ports"] == [f"{hardware.cpu_port}t {hardware.uplink_port}t"] for o in vlans.values())
            bridged = {o["ports"][0] for kind, _, o in files["network"] if kind == "device"}
            assert bridged == {f"eth0.{v}" for v in wanted}, ap.name
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
                assert options["acct_server"] == [str(radius.ipv4)] and options["acct_port"] == ["1813"]
                assert options["ieee80211w"] == ["2" if options["encryption"] == ["wpa3-mixed"] else "1"]
                assert options["ieee80211r"] == ["1"] and options["ft_over_ds"] == ["0"]
            if ssid.security == "open":
                assert "ieee80211r" not in options and "acct_server" not in options
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


def test_an_ssid_has_one_mobility_domain_across_the_campus(case: Case) -> None:
    """802.11r only roams between APs of one mobility domain: same value on every AP."""
    domains: dict[str, set[str]] = {}
    for ap in case.campus.access_points.values():
        for kind, _, options in uci(case.rendered[ap.name].files["wireless"]):
            if kind == "wifi-iface" and "mobility_domain" in options:
                domains.setdefault(options["ssid"][0], set()).update(options["mobility_domain"])
    assert domains and all(len(values) == 1 for values in domains.values()), domains
    assert all(len(v) == 4 and int(v, 16) >= 0 for values in domains.values() for v in values)


def test_fast_roaming_key_is_shared_and_masked(example: Case) -> None:
    """Every AP holds the same R0KH/R1KH key (APs may have their own RADIUS secrets), and a
    diff or log never shows it."""
    from campusnet.redact import campus_redactor

    key = example.campus.secrets.wifi_roaming_key
    assert key
    texts = [example.rendered[name].files["wireless"] for name in example.campus.access_points]
    assert all(f"list r0kh 'ff:ff:ff:ff:ff:ff,*,{key}'" in text for text in texts)
    assert all(key not in campus_redactor(example.campus.secrets)(text) for text in texts)
