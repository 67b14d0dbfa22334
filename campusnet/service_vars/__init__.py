"""Inputs of the server roles, one module per service, computed from the campus model (pure).

Each module exposes ``variables(campus)`` (or a host-specific variant); campusnet.ansible_vars
gives them to the hosts running the service, as router_vars does for the router roles.
"""
