"""HP ProCurve / ArubaOS-Switch (2530, 2920): ports are plain numbers."""

from __future__ import annotations

from hier_config import Platform as HierPlatform

from campusnet.platforms.base import Platform, Privilege, PushRules, Timer
from campusnet.platforms.hashes import sha1_hex
from campusnet.platforms.registry import register
from campusnet.render.facts import switch_facts

HP_PROCURVE = register(Platform(
    key="hp_procurve",
    netmiko_type="hp_procurve",
    hier_platform=HierPlatform.HP_PROCURVE,
    comment=";",
    templates={"running.cfg": "hp_procurve/switch.j2"},
    facts=switch_facts,
    password_hash=lambda device, user, password: sha1_hex(password),
    push=PushRules(
        catalogue="hp_procurve",
        # The prompt tells: `#` manager, `>` operator; enable asks the manager's user name, then the secret.
        privilege=Privilege(check=None, username_question="username_question"),
        timers=(
            # "reload after [[dd:]hh:]mm" reboots to the startup configuration; it does not ask to save.
            Timer(name="reload", arm="reload after {minutes}", confirm="no reload", status="show reload",
                  pending="reload_scheduled", idle="no_reload", answers=(("reload_continue_question", "y"),),
                  restores="the switch reboots to its saved configuration: every room on it is offline "
                           "while it boots (a few minutes)"),
        ),
        save="write memory",
        show_startup="show config",
        prepare=("terminal width 511", "no page"),
        banner=("any_key", ""),
    ),
))
