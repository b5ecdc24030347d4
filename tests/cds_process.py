"""Run the ``cds`` command as a user runs it, optionally measuring its peak memory.

Peak memory is read in a small parent process of its own: ``RUSAGE_CHILDREN`` of the test
process itself would report the largest of every child the test session ever ran.
"""

from __future__ import annotations

import json
import subprocess
import sys

_MEASURED = (
    "import json, resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps({'rc': done.returncode, 'out': done.stdout, 'err': done.stderr,\n"
    "    'kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
)


def run_cds(
    args: list[str], *, measure: bool = False, timeout: float = 600
) -> tuple[subprocess.CompletedProcess, int]:
    """``python -m cdsanalysis ARGS``: the completed process and its peak memory in MB (0 when
    not measured)."""
    command = [sys.executable, "-m", "cdsanalysis", *args]
    if not measure:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout), 0
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command],
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    facts = json.loads(done.stdout)
    result = subprocess.CompletedProcess(command, facts["rc"], facts["out"], facts["err"])
    return result, facts["kb"] // 1024
