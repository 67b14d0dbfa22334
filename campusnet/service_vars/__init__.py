"""Inputs of the server roles beyond the router: one module per service (pure)."""
