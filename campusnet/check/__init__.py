"""`invoke check`: the offline CI gate of a campus repository (see campusnet.check.run)."""
