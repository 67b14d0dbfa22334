"""Device configurations from the campus model: facts, one Jinja2 environment, outputs."""
