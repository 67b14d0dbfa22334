"""Device platforms. Importing this package registers every driver below."""

from campusnet.platforms import cisco_ios, hp_procurve, openwrt  # noqa: F401  (registration)
from campusnet.platforms.registry import get, keys, register

__all__ = ["get", "keys", "register"]
