"""Does a notebook run within its bounds: time, memory, output, a dying kernel, warnings on stderr?"""

from __future__ import annotations

import time

import nbformat
import pytest
from notebook_factory import ROOT

from dl_helpers.course.bounded_execute import NOT_RUN, OUTPUT_LIMIT, BoundedExecute
from dl_helpers.course.review import stopped_by_bound


def run(*sources: str, workdir=".", **traits):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    executor = BoundedExecute(**{"timeout": 30, **traits})
    started = time.monotonic()
    executor.preprocess(nb, {"metadata": {"path": str(workdir)}})
    return nb.cells, time.monotonic() - started


def errors(cell):
    return [(o.ename, o.evalue) for o in cell.outputs if o.output_type == "error"]


def test_cells_after_the_notebook_deadline_are_not_run():
    cells, seconds = run("x = 1", "import time\ntime.sleep(60)", "x = 2", "print(x)", notebook_timeout=4)
    assert errors(cells[0]) == []
    assert "CellTimeoutError" in [name for name, _ in errors(cells[1])]
    for cell in cells[2:]:
        assert errors(cell) == [(NOT_RUN, "the notebook's time limit of 4 s was reached before this cell")]
    assert seconds < 30
    assert "time allowed" in stopped_by_bound(cells[1])


def test_a_dead_kernel_costs_only_the_cells_from_there_on():
    cells, _ = run("print('before')", "import os\nos._exit(1)", "print('after')")
    assert cells[0].outputs[0].text == "before\n"
    assert errors(cells[1])[0][0] == NOT_RUN and "kernel died while running this cell" in errors(cells[1])[0][1]
    assert errors(cells[2])[0][0] == NOT_RUN and "died in an earlier cell" in errors(cells[2])[0][1]


def test_memory_beyond_the_bound_fails_the_cell_and_the_kernel_goes_on():
    cells, _ = run(
        "import torch\nbig = torch.ones(3 * 1024**3, dtype=torch.uint8)", "print('still here')", memory_mib=2048
    )
    assert "can't allocate memory" in errors(cells[0])[0][1]
    assert "more memory" in stopped_by_bound(cells[0])
    assert cells[1].outputs[0].text == "still here\n"


def test_output_past_the_bound_is_dropped_with_a_reason():
    cells, _ = run(
        "for i in range(20000):\n    print('x' * 99)\nprint('done')", "print('next')", max_output_bytes=10_000
    )
    kept = sum(len(o.get("text", "")) for o in cells[0].outputs)
    assert kept <= 10_000 + 100
    assert errors(cells[0]) == [(OUTPUT_LIMIT, "this cell printed more than 10000 bytes; the rest was dropped")]
    assert cells[1].outputs[0].text == "next\n"


def test_stderr_is_kept_as_stdout_so_a_warning_does_not_zero_a_test():
    cells, _ = run("import warnings\nwarnings.warn('careful')", "import sys\nprint('note', file=sys.stderr)")
    for cell in cells:
        assert cell.outputs and all(o.output_type == "stream" and o.name == "stdout" for o in cell.outputs)
    assert "careful" in cells[0].outputs[0].text


@pytest.mark.parametrize("cell_timeout", [2])
def test_the_cell_timeout_still_applies(cell_timeout):
    cells, seconds = run("while True:\n    pass", "print('after')", timeout=cell_timeout)
    assert errors(cells[0])
    assert cells[1].outputs[0].text == "after\n"


def _sandbox_or_skip() -> str:
    from dl_helpers.course.sandbox import bwrap_path, check_sandbox

    bwrap = bwrap_path()
    why_not = check_sandbox(bwrap)
    if why_not:
        pytest.skip(why_not)
    return bwrap


def test_a_sandboxed_kernel_sees_only_its_scratch_folder_and_no_network(tmp_path):
    bwrap = _sandbox_or_skip()
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden tests")
    workdir = tmp_path / "work"
    workdir.mkdir()
    probe = (
        "import os, socket\n"
        f"print('secret visible:', os.path.exists({str(secret)!r}))\n"
        f"print('solutions visible:', os.path.exists({str(ROOT / 'solutions')!r}) or os.path.exists(os.path.expanduser('~/.ssh')))\n"
        # interfaces, not a connection: a network namespace of its own has only the loopback (no traffic is sent)
        "print('network:', 'none' if [n for _, n in socket.if_nameindex()] == ['lo'] else 'open')\n"
        "open('scratch.txt', 'w').write('x' * 1000)\n"
        "print('wrote:', os.listdir('.'))\n"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(probe), nbformat.v4.new_code_cell("print(1 + 1)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    BoundedExecute(timeout=60, sandbox=bwrap).preprocess(nb, {"metadata": {"path": str(workdir)}})
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert "secret visible: False" in text and "solutions visible: False" in text
    assert "network: none" in text and "wrote: ['scratch.txt']" in text
    assert nb.cells[1].outputs[0].text == "2\n"
    assert list(workdir.iterdir()) == []  # its writes stayed in the sandbox


def test_an_endless_cell_in_the_sandbox_is_interrupted_and_the_kernel_goes_on(tmp_path):
    bwrap = _sandbox_or_skip()
    cells, _ = run("while True:\n    pass", "print('after')", timeout=3, sandbox=bwrap, workdir=tmp_path)
    assert "CellTimeoutError" in [name for name, _ in errors(cells[0])]
    assert cells[1].outputs[0].text == "after\n"


@pytest.mark.parametrize("shutdown, exit_handler_runs", [("immediate", False), ("graceful", True)])
def test_the_kernel_is_killed_at_the_end_not_asked_to_exit(tmp_path, shutdown, exit_handler_runs):
    # the default is "immediate"; "graceful" shows the probe would see an orderly exit
    probe = tmp_path / "exited.txt"
    setup = f"import atexit, pathlib\natexit.register(pathlib.Path({str(probe)!r}).write_text, 'exited')"
    traits = {} if shutdown == "immediate" else {"shutdown_kernel": "graceful"}
    cells, _ = run(setup, workdir=tmp_path, **traits)
    assert errors(cells[0]) == []
    deadline = time.monotonic() + (10 if exit_handler_runs else 1)
    while not probe.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert probe.exists() == exit_handler_runs
