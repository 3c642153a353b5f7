"""The SPS_REQUIRE_TOOLS switch (tests/plugins/require_tools.py): in CI a skip is a failure."""

import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

SAMPLE = """
import pytest

def test_runs():
    pass

@pytest.mark.skipif(True, reason="pdftotext is not installed")
def test_needs_a_tool():
    pass

def test_skips_itself():
    pytest.skip("Chromium absent")

@pytest.mark.may_skip
@pytest.mark.skipif(True, reason="shared/ is not beside the clone")
def test_may_skip():
    pass

@pytest.mark.xfail(reason="known")
def test_expected_failure():
    assert False
"""


@pytest.fixture
def run_sample(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)

    def run(**env):
        full_env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(BASE_DIR), **env}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "tests.plugins.require_tools", "-p", "no:django", "-p", "no:xdist",
             "-p", "no:cacheprovider", "-rA", "test_sample.py"],
            cwd=tmp_path, env=full_env, capture_output=True, text=True,
        )  # fmt: skip
        return result

    return run


def test_off_skips_stay_skips(run_sample):
    result = run_sample()
    assert result.returncode == 0, result.stdout
    assert "1 passed, 3 skipped, 1 xfailed" in result.stdout


@pytest.mark.parametrize("switch", [{"SPS_REQUIRE_TOOLS": "1"}, {"CI": "true"}, {"SPS_REQUIRE_BROWSER": "1"}])
def test_on_every_skip_fails_but_may_skip_and_xfail(run_sample, switch):
    result = run_sample(**switch)
    assert result.returncode == 1
    # A skip decided at setup (skipif) fails as an error of the setup, one inside the test as a failure.
    assert "1 failed, 1 passed, 1 skipped, 1 xfailed, 1 error" in result.stdout
    assert "ERROR test_sample.py::test_needs_a_tool" in result.stdout
    assert "FAILED test_sample.py::test_skips_itself" in result.stdout
    assert "pdftotext is not installed" in result.stdout
