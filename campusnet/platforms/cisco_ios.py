"""Cisco IOS (Catalyst 2960, 2960-X, 3750-X): port names come from the catalogue model."""

from __future__ import annotations

from hier_config import Platform as HierPlatform

from campusnet.platforms.base import Platform, Privilege, PushRules, Timer
from campusnet.platforms.hashes import md5_crypt, stable_salt
from campusnet.platforms.registry import register
from campusnet.render.facts import switch_facts

CISCO_IOS = register(Platform(
    key="cisco_ios",
    netmiko_type="cisco_ios",
    hier_platform=HierPlatform.CISCO_IOS,
    comment="!",
    templates={"running.cfg": "cisco_ios/switch.j2"},
    facts=switch_facts,
    password_hash=lambda device, user, password: md5_crypt(password, stable_salt(device, user)),
    push=PushRules(
        catalogue="cisco_ios",
        privilege=Privilege(check="show privilege"),
        timers=(
            Timer(name="archive", arm="configure replace nvram:startup-config force time {minutes}",
                  confirm="configure confirm", status="show archive config rollback timer",
                  pending="rollback_pending", idle="no_rollback_pending",
                  restores="the archive puts the saved configuration back (configure replace): no reboot, "
                           "only ports whose configuration changed flap"),
            # The timer must reboot to the saved configuration: never save when asked here.
            Timer(name="reload", arm="reload in {minutes}", confirm="reload cancel", status="show reload",
                  pending="reload_scheduled", idle="no_reload",
                  answers=(("reload_save_question", "no"), ("reload_confirm_question", "")),
                  restores="the switch reboots to its saved configuration: every room on it is offline "
                           "while it boots (several minutes)"),
        ),
        save="write memory",
        save_done="write_memory_done",
        running_end="running_end",
        prepare=("terminal length 0", "terminal width 511"),
    ),
))
