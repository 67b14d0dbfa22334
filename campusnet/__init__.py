"""Campusnet: one campus inventory in, every device and server configuration out."""

__version__ = "0.1.0"
