"""`invoke bench`: the benchmark script (campusnet.bench), one run, table then a JSON line."""

from __future__ import annotations

from invoke import Context, task

from campusnet.cli import clear_errors
from campusnet.errors import CampusnetError


def _factors(text: str) -> tuple[int, ...]:
    try:
        factors = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise CampusnetError(f"--factors takes integers separated by commas, not {text!r}") from None
    if any(k < 1 for k in factors):
        raise CampusnetError("--factors must be positive")
    return factors


@task(help={
    "ansible": "render a sample of switches through ansible-playbook too (--no-ansible skips it)",
    "sample": "how many switches Ansible renders (default 10)",
    "forks": "ansible-playbook --forks (default 5)",
    "growth": "measure the campus at each of --factors (--no-growth skips it)",
    "factors": "growth factors, comma-separated; the first is the ratio base (default 1,4,16)",
    "push": "deploy to simulated switches (--no-push skips it; takes minutes)",
    "switches": "how many simulated switches the push section deploys (default 80)",
    "latency_ms": "simulated delay before each switch reply, in ms (default 20)",
    "check": "run invoke check on the full-scale campus (--no-check skips it; builds the checker image if missing)",
    "peer": "push the IOS switches of --switches with Ansible's cisco.ios.ios_config too (--no-peer skips it)",
    "workers": "our push's workers and Ansible's forks in that comparison (default 10)",
})
@clear_errors
def bench(c: Context, ansible: bool = True, sample: int = 10, forks: int = 5, growth: bool = True,
          factors: str = "1,4,16", push: bool = True, switches: int = 80, latency_ms: int = 20,
          check: bool = True, peer: bool = True, workers: int = 10) -> None:
    """Time validation, rendering (in-process and via Ansible), growth and pushes; last line is JSON."""
    from campusnet.bench import Settings, run

    if min(sample, forks, switches, workers) < 1 or latency_ms < 0:
        raise CampusnetError("--sample, --forks, --switches and --workers must be positive, --latency-ms not negative")
    run(Settings(ansible=ansible, sample=sample, forks=forks, factors=_factors(factors) if growth else (),
                 push=push, switches=switches, latency_ms=latency_ms, check=check, peer=peer, workers=workers))


TOP_LEVEL = [bench]
