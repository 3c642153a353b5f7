"""SPS_REQUIRE_TOOLS: in CI no test may skip, for a missing tool or anything else.

Locally a test whose system tool is absent (Chromium, axe-core, pdftotext…) is skipped with the
tool's name. With SPS_REQUIRE_TOOLS=1 (set by .ci/run; CI=true and the older SPS_REQUIRE_BROWSER=1
turn it on too) every skip becomes a failure, so a CI machine cannot quietly test less. A skip
that does not depend on the machine (a file kept outside the clone) is marked `may_skip`.
"""

import os

import pytest

TRUE = {"1", "true", "yes"}


def tools_required() -> bool:
    return any(
        os.environ.get(name, "").strip().lower() in TRUE for name in ("SPS_REQUIRE_TOOLS", "SPS_REQUIRE_BROWSER", "CI")
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "may_skip: this test may be skipped even when SPS_REQUIRE_TOOLS=1")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail") or not tools_required():
        return
    if item.get_closest_marker("may_skip"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"Skipped while SPS_REQUIRE_TOOLS is on (CI): {reason}"
