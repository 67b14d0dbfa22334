"""SSH simulators of the campus switches (HP ProCurve, Cisco IOS) for tests and the lab.

From Python::

    with SimFleet(FleetSpec(devices=[...], minute_seconds=0.5)) as fleet:
        ...  # netmiko to 127.0.0.1:port; fleet.set_faults(name, hang=True); fleet.state(name)

From the shell: ``python -m campusnet.sim serve SPEC.json`` or ``invoke sim.up --spec``.
"""

from campusnet.sim.control import FleetControl, SimFleet
from campusnet.sim.device import unknown_lines
from campusnet.sim.spec import DeviceSpec, Faults, FleetSpec, load_spec

__all__ = ["DeviceSpec", "Faults", "FleetControl", "FleetSpec", "SimFleet", "load_spec",
           "unknown_lines"]
