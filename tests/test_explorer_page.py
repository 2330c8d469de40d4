"""The browser tests' own Run All logic (``tests/explorer_page.py``), with a fake page.

CI once saw JupyterLab leave both cells queued (``[*]:``) on an idle kernel
for two minutes: the execute requests never reached the kernel. ``open_lab``
runs all again when that happens; these tests check that it tells such a lost
run from a slow one.
"""

from __future__ import annotations

import pytest

from tests.explorer_page import _cells_run


class FakePage:
    """Answers ``evaluate`` with the next of ``states`` (the last one repeats)."""

    def __init__(self, *states: tuple[list[str], str, bool]):
        self.states = list(states)
        self.polls = 0

    def evaluate(self, _script):
        prompts, status, app = self.states[min(self.polls, len(self.states) - 1)]
        self.polls += 1
        return {"prompts": prompts, "status": status, "app": app}

    def wait_for_timeout(self, ms):
        pass


FAST = {"lost_after": 0.05, "start_within": 0.05}


def test_a_cell_that_finished_means_the_run_went_through():
    page = FakePage((["[*]:", "[*]:"], "busy", False), (["[1]:", "[*]:"], "busy", False))
    assert _cells_run(page, **FAST)
    assert page.polls == 2


def test_the_app_on_screen_means_the_run_went_through():
    assert _cells_run(FakePage((["[*]:", "[*]:"], "busy", True)), **FAST)


def test_cells_queued_on_an_idle_kernel_are_a_lost_run():
    page = FakePage((["[*]:", "[*]:"], "idle", False))
    assert not _cells_run(page, **FAST)
    assert page.polls > 1  # it waited before deciding


def test_cells_that_never_start_are_a_lost_run():
    assert not _cells_run(FakePage((["[ ]:", "[ ]:"], "idle", False)), **FAST)


@pytest.mark.parametrize("status", ["busy", "starting"])
def test_a_kernel_at_work_is_waited_for(status):
    """Queued cells on a kernel that is not idle are a slow run, not a lost one:
    it waits until the first cell finishes."""
    page = FakePage(*[(["[*]:", "[*]:"], status, False)] * 50, (["[1]:", "[*]:"], "busy", False))
    assert _cells_run(page, **FAST)
    assert page.polls == 51
