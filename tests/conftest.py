"""Shared test fixtures: a real Chromium driven by Playwright.

Browser discovery
-----------------
The browser tests use the system Chromium (Debian's ``chromium`` package),
never a Playwright-downloaded one. It is looked up in this order:

1. the ``VENUSEDU_CHROMIUM`` environment variable (a path to the executable),
2. ``/usr/bin/chromium``,
3. ``chromium`` or ``chromium-browser`` on ``PATH``.

When no browser (or no Playwright) is found the browser tests are *skipped*
with a message saying how to install one -- except when ``CI=true``, where a
missing browser is a configuration error and the tests *fail*, so a CI run can
never go green by silently skipping its browser tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",  # we may run as root (containers, CI)
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

INSTALL_HINT = (
    "install Debian's Chromium with `apt-get install chromium` (or point "
    "VENUSEDU_CHROMIUM at a Chromium/Chrome executable); Playwright's own "
    "browser download is not used"
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _missing(reason: str):
    """Skip locally, fail on CI."""
    if _in_ci():
        pytest.fail(f"{reason} -- CI=true, so a missing browser is an error; {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{reason}; {INSTALL_HINT}")


def find_chromium() -> str | None:
    """Return the path of a usable Chromium executable, or None."""
    env = os.environ.get("VENUSEDU_CHROMIUM")
    if env:
        return env if Path(env).is_file() and os.access(env, os.X_OK) else None
    default = Path("/usr/bin/chromium")
    if default.is_file() and os.access(default, os.X_OK):
        return str(default)
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        where = os.environ.get("VENUSEDU_CHROMIUM") or "/usr/bin/chromium (or chromium on PATH)"
        _missing(f"no Chromium executable found at {where}")
    return path


@pytest.fixture(scope="module")
def browser(chromium_path):
    """One headless Chromium per test module (Playwright sync API).

    Module scope, not session: Playwright's sync API keeps an asyncio loop
    running in this thread while it is open, which later test modules must
    not inherit.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a test dependency
        _missing("the Python package `playwright` is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - report any launch failure the same way
            _missing(f"Chromium at {chromium_path} did not start ({exc.__class__.__name__}: {exc})")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies, no storage) and page per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    context.set_default_timeout(30_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()
