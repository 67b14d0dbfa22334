"""Typed schema of the inventory files: what a volunteer may write, checked key by key.

Each topic file (network.yml, buildings.yml, ...) has one model below; ``extra="forbid"``
turns a typo into an error naming the key. Cross-references (a port naming a room, a
machine's address inside its subnet) are semantic checks, in ``checks.py``.
"""

from __future__ import annotations

import re
from datetime import date
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Network
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from campusnet.inventory.kinds import (
    DeviceText,
    Email,
    Essid,
    Interface,
    Kind,
    Login,
    MemberId,
    Room,
    ShortText,
    SshKey,
    Text,
    Timezone,
    Url,
    pattern,
    secret,
)

Platform = Literal["hp_procurve", "cisco_ios"]
Service = Literal["router", "dns", "dhcp", "print", "tv", "mail", "web", "radius", "directory"]
VlanPurpose = Literal["members", "wifi", "servers", "management", "quarantine", "tv", "guest", "admin", "ap_management"]
#: Purposes of the management plane: switches (management), access points (ap_management),
#: the team's workstations (admin). None of them is ever carried by a room or AP port.
MANAGEMENT_PURPOSES = ("management", "ap_management", "admin")

_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_FQDN = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_MAC = re.compile(r"^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$")
_RANGE = re.compile(r"^\d+(-\d+)?$")


def _hostname(value: str) -> str:
    if not _NAME.fullmatch(value):
        raise ValueError("must be lower-case letters, digits and '-' (a DNS label)")
    return value


def _fqdn(value: str) -> str:
    if not _FQDN.fullmatch(value):
        raise ValueError("must be a lower-case DNS name such as photo.campus.example")
    return value


def _mac(value: str) -> str:
    lowered = value.lower()
    if not _MAC.fullmatch(lowered):
        raise ValueError("must be a MAC address such as 02:00:5e:10:00:01")
    digits = re.sub(r"[^0-9a-f]", "", lowered)
    if int(digits[:2], 16) & 1:
        raise ValueError("is a multicast or broadcast MAC (odd first octet); a machine has a unicast one")
    if int(digits, 16) == 0:
        raise ValueError("is the all-zero MAC, which no machine has")
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _port_range(value: str | int) -> str:
    text = str(value)
    if not _RANGE.fullmatch(text):
        raise ValueError("must be a port number or a range such as 1-44")
    return text


Name = Annotated[str, Kind("DNS label", "lower-case letters, digits and '-'"), AfterValidator(_hostname)]
#: ArubaOS-Switch host names hold at most 32 characters (IOS: 63).
SwitchName = Annotated[Name, Field(max_length=32)]
Fqdn = Annotated[str, Kind("DNS name", "a lower-case DNS name"), AfterValidator(_fqdn)]
Mac = Annotated[str, Kind("MAC", "a unicast MAC address"), AfterValidator(_mac)]
PortRange = Annotated[str | int, Kind("ports", "a port or a range"), AfterValidator(_port_range)]


class Model(BaseModel):
    """Base of every inventory model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- network.yml -----------------------------------------------------------------------


class Upstream(Model):
    """The router's link to the school's network (RENATER), under the convention."""

    description: Text
    interface: Interface = "eth0"  # the router's interface towards the school
    capacity_mbps: int = Field(gt=0)
    ipv4: IPv4Interface
    gateway4: IPv4Address
    ipv6: IPv6Address | None = None
    gateway6: IPv6Address | None = None


class QuarantineException(Model):
    """A service quarantined machines may still reach (the member portal): its addresses
    and TCP ports. The quarantine DNS answers its name with these addresses."""

    ipv4: list[IPv4Address] = []
    ipv6: list[IPv6Address] = []
    tcp: list[Annotated[int, Field(ge=1, le=65535)]] = [443]

    @model_validator(mode="after")
    def _has_an_address(self) -> QuarantineException:
        if not (self.ipv4 or self.ipv6):
            raise ValueError("needs at least one address (ipv4 or ipv6)")
        return self


class Campus(Model):
    name: ShortText
    domain: Fqdn
    timezone: Timezone = "Europe/Paris"
    upstream: Upstream
    shaping_threshold_mbps: int = Field(default=100, gt=0)
    example: bool = False  # made-up addresses: push only to local simulators and stand-ins
    member_portal_url: Url = "https://members.campus.example/"  # where members fix their e-mail
    team_contact: Text = "the tech team's office hours"  # shown on the quarantine page
    quarantine_exceptions: dict[Fqdn, QuarantineException] = {}  # name -> what quarantined machines may reach
    wifi_5ghz_width: Literal[20, 40, 80] = 80  # MHz: the channel plan keeps whole blocks of this width apart


class Vlan(Model):
    id: int = Field(ge=2, le=4094)
    purpose: VlanPurpose
    description: ShortText = ""
    ipv4: IPv4Network
    ipv6: IPv6Network | None = None
    pool: IPv4Network | None = None
    nat: bool = False


class Ssid(Model):
    essid: Essid
    vlan: str
    security: Literal["wpa2-enterprise", "wpa3-enterprise", "open"] = "wpa2-enterprise"


class NetworkFile(Model):
    campus: Campus
    vlans: dict[Name, Vlan]
    ssids: dict[Name, Ssid] = {}


# --- buildings.yml ---------------------------------------------------------------------


class Building(Model):
    name: ShortText = ""
    kind: Literal["residence", "school"] = "residence"
    rooms: list[str] = []
    members_vlan: str | None = None
    uplink: str | None = None


class Link(Model):
    a: str
    b: str
    capacity_mbps: int = Field(gt=0)
    medium: Literal["fibre", "copper", "radio"] = "fibre"
    note: Text = ""


class BuildingsFile(Model):
    buildings: dict[Name, Building]
    links: dict[Name, Link] = {}


# --- switches.yml ----------------------------------------------------------------------


class PortProfile(Model):
    description: Text = ""
    untagged: str | None = None
    tagged: list[str] = []
    trunk: bool = False
    radius: Literal["none", "mac", "dot1x"] = "none"
    radius_mode: Literal["strict", "common"] = "common"
    loop_protect: bool = False
    edge: bool = False
    trusted: bool = False
    dhcp_snooping: bool = False
    arp_protect: bool = False
    ra_guard: bool = False
    mac_limit: int | None = Field(default=None, ge=1, le=64)
    speed: Literal["auto", "10-full", "100-full", "1000-full"] = "auto"
    enabled: bool = True


class PortUse(Model):
    ports: PortRange
    use: Literal["room", "ap", "server", "admin", "unused"]  # admin: a team workstation socket (locked room)
    rooms: str | None = None
    ap: str | None = None
    server: str | None = None
    profile: str | None = None


Connect = Annotated[str, Kind("HOST:PORT", "HOST:PORT"), Field(pattern=r"^[A-Za-z0-9.:-]+:[0-9]{1,5}$")]


class Switch(Model):
    building: str
    platform: Platform
    model: DeviceText  # a catalogue model (campusnet/catalogue/*.yml, `invoke models`)
    port_count: int | None = Field(default=None, ge=8, le=52)  # optional: the model says it
    management_ipv4: IPv4Address
    ports: list[PortUse] = []
    connect: Connect | None = None
    """Where to SSH instead of management_ipv4:22, as HOST:PORT (simulators, jump hosts)."""


class SwitchesFile(Model):
    port_profiles: dict[Name, PortProfile]
    switches: dict[SwitchName, Switch]


# --- access_points.yml -----------------------------------------------------------------


class AccessPoint(Model):
    building: str
    location: ShortText
    facade: ShortText
    position: int = Field(ge=0)  # along the facade
    floor: int = Field(default=0, ge=0)  # the channel plan keeps neighbours one floor apart on other channels
    platform: Literal["openwrt"] = "openwrt"
    model: ShortText = ""
    management_ipv4: IPv4Address
    ssids: list[str]
    connect: Connect | None = None
    """Where to SSH instead of management_ipv4:22, as HOST:PORT (lab stand-ins)."""


class AccessPointsFile(Model):
    access_points: dict[Name, AccessPoint] = {}


# --- servers.yml -----------------------------------------------------------------------


class Server(Model):
    building: str
    services: list[Service]
    vlan: str = "servers"
    ipv4: IPv4Address
    description: Text = ""


class ServersFile(Model):
    servers: dict[Name, Server]


# --- services.yml ----------------------------------------------------------------------


# --- accounts, mail and club hosting (issue 14) -----------------------------------------

#: SHA-512-crypt ($6$, optional rounds) or yescrypt ($y$), as mkpasswd/openssl passwd print them.
PasswordHash = pattern("password hash", r"\$(6\$(rounds=[0-9]{4,9}\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}"
                       r"|y\$[./0-9A-Za-z]{1,32}\$[./0-9A-Za-z]{1,86}\$[./0-9A-Za-z]{43})",
                       "SHA-512-crypt ($6$...) or yescrypt ($y$...), e.g. from mkpasswd -m sha-512", 256)
#: An outside address mail may be forwarded to: a conservative subset of RFC 5321 (no quotes,
#: no comments, no route), so it is one safe token in every map, filter and log.
MailAddress = pattern("e-mail address", r"[A-Za-z0-9._%+-]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
                      "a plain address such as someone@example.org, lower-case domain", 254)


def _dkim_key(value: str) -> str:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(value.encode(), password=None)
    except (ValueError, TypeError):
        raise ValueError("must be an unencrypted PEM private key (openssl genrsa 2048)") from None
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise ValueError("must be an RSA key of 2048 bits or more (what every DKIM verifier accepts)")
    return value


DkimKey = Annotated[str, Kind("PEM private key", "an unencrypted PEM RSA private key of 2048 bits or more"),
                    AfterValidator(_dkim_key)]


class Club(Model):
    name: ShortText
    vhost: Fqdn
    owner: MemberId
    server: str
    members: list[MemberId] = []
    """The club's group in the directory and its mailing lists (the owner is always in it)."""
    mail_aliases: list[Name] = []
    """Addresses <alias>@<campus domain> delivered to the club's owner (the board)."""
    mail_lists: list[Name] = []
    """Addresses <list>@<campus domain> delivered to every member of the club."""
    php: bool = False
    """Run PHP for the club's site, in its own php-fpm pool as the club's user."""
    sftp_keys: list[SshKey] = []
    """Public keys allowed to upload to the club's site (SFTP only, chrooted)."""


class MailSettings(Model):
    """Campus mail: DKIM selector, DMARC policy, the team's role addresses."""

    dkim_selector: Name = "campus"
    dmarc_policy: Literal["none", "quarantine", "reject"] = "quarantine"
    aliases: dict[Name, list[MemberId]] = {}
    """Role addresses (postmaster, abuse, ...) -> the members who read them."""


PrinterUri = pattern("printer URI", r"(ipps?|socket|lpd)://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?|cups-pdf:/",
                     "ipp://, ipps://, socket:// or lpd:// HOST[:PORT][/PATH] (cups-pdf:/ for tests)", max_length=200)
#: A CUPS model as `lpinfo -m` lists it ("everywhere" asks the printer itself).
PrinterDriver = pattern("CUPS model", r"everywhere|[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}", "a model name from lpinfo -m")


class Printer(Model):
    building: str
    location: ShortText
    server: str
    model: ShortText = ""
    uri: PrinterUri = "socket://printer.invalid:9100"
    driver: PrinterDriver = "drv:///sample.drv/generic.ppd"


class PrintSettings(Model):
    """Campus-wide printing rules (per member, per printer: CUPS counts quotas per queue)."""

    page_quota: int = Field(default=100, ge=1, le=100000)
    quota_period_days: int = Field(default=30, ge=1, le=366)


class TvMultiplex(Model):
    """A DVB-T/T2 multiplex received by one tuner of a TV server (one MuMuDVB instance)."""

    server: str
    card: int = Field(default=0, ge=0, le=63)  # /dev/dvb/adapter<card>
    tuner: int = Field(default=0, ge=0, le=7)  # frontend<tuner> of that adapter
    frequency_khz: int = Field(ge=47000, le=862000)  # VHF band I to UHF channel 69
    bandwidth_mhz: Literal[6, 7, 8] = 8
    delivery_system: Literal["dvbt", "dvbt2"] = "dvbt"


#: MPEG-TS PIDs a channel may use (0-15 are reserved tables; 8191 is the null packet).
Pid = Annotated[int, Field(ge=16, le=8190)]


class TvChannel(Model):
    name: ShortText
    group: IPv4Address
    port: int = Field(default=1234, ge=1, le=65535)
    source: str
    multiplex: str | None = None  # None: streamed by something else (a local encoder)
    pids: list[Pid] = Field(default=[], max_length=32)  # the PMT PID first; MuMuDVB finds the others


class ServicesFile(Model):
    mail: MailSettings = MailSettings()
    clubs: dict[Name, Club] = {}
    printers: dict[Name, Printer] = {}
    printing: PrintSettings = PrintSettings()
    tv_multiplexes: dict[Name, TvMultiplex] = {}
    tv_channels: dict[Name, TvChannel] = {}


# --- members.yml (vault-encrypted in production) and machines.yml ----------------------


class Member(Model):
    id: MemberId
    name: ShortText = Field(repr=False)
    email: Email = Field(repr=False)  # a malformed address is not an error: quarantine (derive)
    room: Room
    membership_end: date
    email_state: Literal["valid", "invalid", "bounced"] = "valid"


class MembersFile(Model):
    members: list[Member] = []
    logins: dict[MemberId, PasswordHash] = Field(default={}, repr=False)
    """Member id -> password hash of the member's login (directory); no entry, no login."""
    mail_forwards: dict[MemberId, MailAddress] = Field(default={}, repr=False)
    """Member id -> outside address that receives the member's campus mail instead of the mailbox."""


MACHINE_COLUMNS = ("name", "mac", "kind", "ipv4", "ipv6")


class Machine(Model):
    """A registered machine, written as one row: ``NAME MAC wired|wifi IPV4 [IPV6]``.

    Rows rather than mappings: thousands of machines parse five times faster, and the
    file reads like /etc/ethers. A mapping with the same keys is accepted too.
    """

    name: Name
    mac: Mac
    kind: Literal["wired", "wifi"]
    ipv4: IPv4Address
    ipv6: IPv6Address | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, value: object) -> object:
        if isinstance(value, str):
            fields = value.split()
            if not 4 <= len(fields) <= 5:
                raise ValueError("a machine row is: NAME MAC wired|wifi IPV4 [IPV6]")
            return dict(zip(MACHINE_COLUMNS, fields, strict=False))
        return value


class MachinesFile(Model):
    machines: dict[MemberId, list[Machine]] = {}


# --- admins.yml and secrets.yml (vault-encrypted in production) ------------------------


class Admin(Model):
    login: Name
    ssh_keys: list[SshKey] = []
    state: Literal["present", "absent"] = "present"


class AdminsFile(Model):
    admins: list[Admin] = []


RadiusSecret = secret(16, 32)  # RFC 2865 section 3: at least 16 octets


class DeviceSecrets(Model):
    """Secrets of one switch or access point that differ from the campus-wide ones
    (``secrets.devices.<name>``): a leaked device then exposes only its own secret."""

    radius_secret: Annotated[RadiusSecret | None, Field(repr=False)] = None  # overrides secrets.radius_secret
    enable_secret: Annotated[secret(12, 64) | None, Field(repr=False)] = None  # overrides secrets.enable_secret


RoamingKey = pattern("roaming key", r"[0-9a-f]{64}", "64 lower-case hex digits (256 bits)", 64)


class Secrets(Model):
    device_username: Login = "campusnet"
    device_password: Annotated[secret(12, 64), Field(repr=False)]
    radius_secret: Annotated[RadiusSecret, Field(repr=False)]
    snmp_community: Annotated[secret(12, 32), Field(repr=False)]
    # The password `enable` asks for when a login lands at the user prompt (IOS `>`, ProCurve
    # operator); None: the login must land privileged. IOS switches get it as `enable secret`.
    enable_secret: Annotated[secret(12, 64) | None, Field(repr=False)] = None
    directory_secret: Annotated[secret(32, 128) | None, Field(repr=False)] = None
    """Derives each server's directory service-account password (HMAC per server name)."""
    dkim_private_key: Annotated[DkimKey | None, Field(repr=False)] = None
    """PEM RSA private key that signs the campus domain's mail (its public half goes to DNS)."""
    devices: dict[Name, DeviceSecrets] = Field(default={}, repr=False)
    #: 802.11r key shared by every access point (64 hex digits); unset: no fast roaming.
    wifi_roaming_key: Annotated[RoamingKey | None, Field(repr=False)] = None

    def radius_secret_of(self, device: str) -> str:
        """The RADIUS secret a switch or access point shares with the RADIUS server."""
        own = self.devices.get(device)
        return own.radius_secret if own is not None and own.radius_secret is not None else self.radius_secret

    def enable_secret_of(self, device: str) -> str | None:
        """The device's own enable secret, else the campus-wide one."""
        own = self.devices.get(device)
        return own.enable_secret if own is not None and own.enable_secret is not None else self.enable_secret


class SecretsFile(Model):
    secrets: Secrets


#: Topic file name -> its model. The loader reads exactly these files.
FILES: dict[str, type[Model]] = {
    "network.yml": NetworkFile,
    "buildings.yml": BuildingsFile,
    "switches.yml": SwitchesFile,
    "access_points.yml": AccessPointsFile,
    "servers.yml": ServersFile,
    "services.yml": ServicesFile,
    "members.yml": MembersFile,
    "machines.yml": MachinesFile,
    "admins.yml": AdminsFile,
    "secrets.yml": SecretsFile,
}
#: Files that must exist; the others default to empty.
REQUIRED_FILES = ("network.yml", "buildings.yml", "switches.yml", "servers.yml", "secrets.yml")
