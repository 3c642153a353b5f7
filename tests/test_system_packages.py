"""bin/system-packages reads system-packages.txt: what is missing, and the apt-get line to run.

dpkg-query, id, sudo and apt-get are fakes put first on PATH: nothing is installed for real.
"""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SCRIPT = BASE_DIR / "bin" / "system-packages"

LIST = """\
# comment
[demo]
libpango-1.0-0
libharfbuzz-subset0

[test]
poppler-utils pdftotext
npm npm
"""


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def machine(tmp_path):
    """A fake Debian machine: `installed` lists the packages dpkg-query knows as installed."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "installed").write_text("")
    _fake(
        bin_dir,
        "dpkg-query",
        # dpkg-query -W -f='${Status}' PACKAGE
        f'if grep -qx "$3" {tmp_path}/installed; then printf "install ok installed"; exit 0; fi\n'
        'echo "dpkg-query: no packages found matching $3" >&2; exit 1\n',
    )
    _fake(bin_dir, "apt-get", f'echo "apt-get $*" >> {tmp_path}/apt.log\n')
    _fake(bin_dir, "id", 'echo "${FAKE_UID:-1000}"\n')
    _fake(bin_dir, "sudo", 'if [ "$1" = -n ]; then [ -n "$FAKE_SUDO" ]; exit $?; fi\nexec "$@"\n')
    # Only the tools the script itself uses: the real machine's npm or pdftotext must not count.
    for tool in ("bash", "dirname", "grep"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (tmp_path / "list.txt").write_text(LIST)

    def run(*args, installed=(), uid="1000", sudo=False):
        (tmp_path / "installed").write_text("".join(f"{name}\n" for name in installed))
        env = {
            "PATH": str(bin_dir),
            "SPS_SYSTEM_PACKAGES": str(tmp_path / "list.txt"),
            "FAKE_UID": uid,
            "FAKE_SUDO": "1" if sudo else "",
        }
        result = subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True)
        apt_log = tmp_path / "apt.log"
        apt = apt_log.read_text().splitlines() if apt_log.exists() else []
        return result, apt

    return run


def test_nothing_missing_is_silent(machine):
    result, apt = machine("check", "test", installed=["libpango-1.0-0", "libharfbuzz-subset0", "poppler-utils", "npm"])
    assert result.returncode == 0
    assert result.stdout == result.stderr == ""
    assert apt == []


def test_check_prints_the_exact_apt_get_line(machine):
    result, apt = machine("check", "test", installed=["libpango-1.0-0", "poppler-utils", "npm"])
    assert result.returncode == 1
    assert "    sudo apt-get install -y --no-install-recommends libharfbuzz-subset0\n" in result.stderr
    assert apt == []


def test_demo_does_not_ask_for_the_test_packages(machine):
    result, _ = machine("check", "demo", installed=["libpango-1.0-0", "libharfbuzz-subset0"])
    assert result.returncode == 0


def test_a_command_on_path_satisfies_its_line(machine, tmp_path):
    # npm from NodeSource is not Debian's npm package, yet it is enough.
    _fake(tmp_path / "bin", "npm", "exit 0\n")
    _fake(tmp_path / "bin", "pdftotext", "exit 0\n")
    result, _ = machine("check", "test", installed=["libpango-1.0-0", "libharfbuzz-subset0"])
    assert result.returncode == 0, result.stderr


def test_install_without_rights_stops_with_the_line(machine):
    result, apt = machine("install", "demo", installed=["libpango-1.0-0"])
    assert result.returncode == 1
    assert "    sudo apt-get install -y --no-install-recommends libharfbuzz-subset0\n" in result.stderr
    assert apt == []


@pytest.mark.parametrize("rights", [{"uid": "0"}, {"sudo": True}], ids=["root", "sudo"])
def test_install_with_rights_updates_once_then_installs_what_is_missing(machine, rights):
    result, apt = machine("install", "demo", installed=[], **rights)
    assert result.returncode == 0, result.stderr
    assert apt == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends libpango-1.0-0 libharfbuzz-subset0",
    ]


def test_root_is_not_told_to_use_sudo(machine):
    result, _ = machine("check", "demo", installed=[], uid="0")
    assert "\n    apt-get install -y --no-install-recommends libpango-1.0-0 libharfbuzz-subset0\n" in result.stderr


def test_the_project_list_names_what_weasyprint_and_the_tests_need():
    listed = {
        line.split()[0]
        for line in (BASE_DIR / "system-packages.txt").read_text().splitlines()
        if line.strip() and line[0] not in "#["
    }
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "poppler-utils", "chromium", "npm"} <= listed


def test_the_real_machine_has_every_package():
    # What make test checks first; here so that a machine missing one is named in the report.
    result = subprocess.run([str(SCRIPT), "check", "test"], capture_output=True, text=True, env=os.environ)
    assert result.returncode == 0, result.stderr
