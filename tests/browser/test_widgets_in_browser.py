"""Do the course's widgets work in a real browser?

JupyterLab serves a copy of `examples/widgets_tour.ipynb` (outputs cleared; override the
notebook with $DL_BROWSER_NOTEBOOK) on 127.0.0.1; headless Chromium (Debian's `chromium`,
or $DL_CHROMIUM) opens it through Playwright and runs all cells. For each widget, a control
of each kind it has (dropdown, slider, toggle buttons) is moved and its picture must be
redrawn. The page must show no "Error displaying widget", no traceback, and load nothing
from any host but 127.0.0.1. Screenshots (the page before and after, each widget before
and after each move) go to $DL_SCREENSHOT_DIR, else to pytest's tmp_path; their paths are
printed (`pytest -s` shows them).

Skipped, with the reason, where Chromium or the `playwright` package is missing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from lab_server import HOST, JupyterLab

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = Path(os.environ.get("DL_BROWSER_NOTEBOOK", ROOT / "examples" / "widgets_tour.ipynb"))
CHROMIUM = Path(os.environ.get("DL_CHROMIUM", "/usr/bin/chromium"))
# The widget roots the notebook displays, in order (each a box with classes dl-widget and dl-widget-<kind>).
WIDGETS = ["conv", "trajectories", "landscape", "attention"]
KERNEL_TIMEOUT = 90  # seconds for JupyterLab to load and the notebook's kernel to start
RUN_ALL_TIMEOUT = (
    180  # seconds for every cell to run (training and loss grids: about a minute on a busy 2-core machine)
)
REDRAW_TIMEOUT = 20  # seconds for a widget's picture to change after a control moves
# The controls moved, by kind: a Dropdown's <select>, an IntSlider's or FloatSlider's noUiSlider handle,
# a ToggleButtons' buttons.
CONTROL_SELECTORS = {
    "dropdown": "select",
    "slider": ".widget-slider .noUi-handle",
    "toggle": ".widget-toggle-buttons button",
}
CONTROL_KINDS = list(CONTROL_SELECTORS)


@pytest.fixture
def chromium():
    """A headless Chromium driven by Playwright; skips where either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium package to run the browser test)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(
            "Python package playwright not installed (pip install playwright, or the test extra) to run the browser test"
        )
    # Chromium's sandbox refuses to start as root (containers, CI).
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    args += ["--disable-background-networking", "--disable-component-update", "--no-first-run"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def screenshot_dir(tmp_path):
    folder = Path(os.environ["DL_SCREENSHOT_DIR"]) if os.environ.get("DL_SCREENSHOT_DIR") else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fresh_copy(notebook: Path, folder: Path) -> Path:
    """Copy the notebook without outputs or saved widget state, as a student first runs it."""
    if not notebook.exists():
        pytest.fail(
            f"the notebook under test, {notebook}, does not exist: the browser test opens the widgets tour "
            "(set DL_BROWSER_NOTEBOOK to test another notebook)"
        )
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / notebook.name
    nbformat.write(nb, copy)
    return copy


# What the page shows, read in one go: widget roots, running cells, errors.
PAGE_STATE_JS = """() => {
    const stderr = [...document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')];
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return {
        widgets: [...document.querySelectorAll('.dl-widget')].map(
            w => [...w.classList].filter(c => c.startsWith('dl-widget-')).join(' ')),
        running: prompts.some(p => p.textContent.includes('*')),
        unrun: prompts.filter(p => !/\\[\\d+\\]/.test(p.textContent)).length,
        kernel: kernel ? kernel.status : null,
        tracebacks: stderr.map(e => e.textContent).filter(t => t.includes('Traceback')),
        widgetErrors: [...document.querySelectorAll('.jp-OutputArea-output')]
            .map(e => e.textContent).filter(t => t.includes('Error displaying widget')),
    };
}"""


def page_state(page) -> dict:
    return page.evaluate(PAGE_STATE_JS)


def open_notebook(page, lab: JupyterLab, name: str) -> None:
    """Open the notebook in JupyterLab and wait for its kernel to be idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(lab.url(f"lab/tree/{name}"), wait_until="domcontentloaded")
    try:
        page.wait_for_function(
            """name => {
                const app = window.jupyterapp;
                const panel = app && app.shell.currentWidget;
                const kernel = panel && panel.context && panel.context.path === name
                    && panel.sessionContext.session && panel.sessionContext.session.kernel;
                return kernel && kernel.status === 'idle';
            }""",
            arg=name,
            timeout=KERNEL_TIMEOUT * 1000,
        )
    except PlaywrightTimeout:
        pytest.fail(
            f"JupyterLab did not show {name} with an idle kernel within {KERNEL_TIMEOUT} s "
            f"(see the page-at-failure screenshot); the server log ends:\n{lab.log_tail()}"
        )


def run_all_cells(page) -> dict:
    """Run every cell through JupyterLab's own command; return the page's state once all ran."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    deadline = time.monotonic() + RUN_ALL_TIMEOUT
    while True:
        state = page_state(page)
        if state["tracebacks"]:
            pytest.fail("a cell of the notebook raised:\n" + "\n\n".join(state["tracebacks"]))
        if not state["running"] and state["unrun"] == 0 and state["kernel"] == "idle":
            return state
        if time.monotonic() > deadline:
            pytest.fail(f"the cells had not all run after {RUN_ALL_TIMEOUT} s; page state: {state}")
        time.sleep(0.5)


def image_src(view) -> str:
    """The widget's picture: the <img>'s src once it has loaded (a blob URL, new on every redraw)."""
    return view.evaluate("img => img.complete && img.naturalWidth > 0 ? img.src : ''")


def settled_src(page, view, timeout: float = 10.0) -> str:
    """The picture's src once the kernel is idle and the picture stays the same for a second
    (a slider moved three notches may redraw three times)."""
    deadline = time.monotonic() + timeout
    last, since = image_src(view), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        src = image_src(view)
        if src != last:
            last, since = src, time.monotonic()
        elif time.monotonic() - since >= 1.0 and page_state(page)["kernel"] == "idle":
            break
    return last


def controls(root, kind: str) -> list:
    """The widget's controls of one kind, in page order."""
    return root.locator(CONTROL_SELECTORS[kind]).all()


def label_of(control) -> str:
    return control.evaluate(
        """el => {
            const box = el.closest('.widget-inline-hbox, .widget-dropdown, .widget-slider, .widget-toggle-buttons');
            const label = box && box.querySelector('.widget-label');
            return label ? label.textContent.trim() : '(no label)';
        }"""
    )


def move(kind: str, control) -> str:
    """Move a control one notch; return what was done, or "" where it cannot move (disabled, one option)."""
    if kind == "dropdown":
        options = control.evaluate("s => [...s.options].map(o => o.value)")
        current = control.input_value()
        others = [option for option in options if option != current]
        if control.is_disabled() or not others:
            return ""
        control.select_option(value=others[0])
        return f"dropdown {label_of(control)!r}: {current!r} -> {others[0]!r}"
    if kind == "toggle":
        if control.is_disabled() or "mod-active" in (control.get_attribute("class") or "").split():
            return ""  # disabled, or the button already selected
        text = control.text_content().strip()
        control.click()
        return f"toggle buttons {label_of(control)!r}: pressed {text!r}"
    now, top = control.evaluate(
        "h => [Number(h.getAttribute('aria-valuenow')), Number(h.getAttribute('aria-valuemax'))]"
    )
    key = "ArrowLeft" if now >= top else "ArrowRight"
    control.focus()
    for _ in range(3):
        control.press(key)
    after = float(control.get_attribute("aria-valuenow"))
    if after == now:  # a disabled slider, or one with a single value
        return ""
    return f"slider {label_of(control)!r}: {key} x3, {now:g} -> {after:g}"


def test_every_widget_redraws_its_picture_when_a_control_moves_in_a_real_browser(chromium, screenshot_dir, tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    notebook = fresh_copy(NOTEBOOK, tmp_path / "lab")
    foreign, console_errors, screenshots, moved, phases = [], [], [], [], []

    def check_host(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != HOST:
            foreign.append(url)

    def shoot_page(page, name: str) -> None:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        screenshots.append(path)

    def shoot_widget(root, name: str) -> None:
        path = screenshot_dir / f"{name}.png"
        root.scroll_into_view_if_needed()
        root.screenshot(path=str(path))
        screenshots.append(path)

    started = time.monotonic()
    with JupyterLab(notebook.parent) as lab:
        context = chromium.new_context(viewport={"width": 1280, "height": 1600})
        context.on("request", lambda request: check_host(request.url))
        page = context.new_page()
        page.on("websocket", lambda socket: check_host(socket.url))
        page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
        try:
            phases.append(("start JupyterLab", time.monotonic()))
            open_notebook(page, lab, notebook.name)
            phases.append(("open the notebook", time.monotonic()))
            state = run_all_cells(page)
            phases.append(("run all cells", time.monotonic()))
            assert state["widgets"] == [f"dl-widget-{kind}" for kind in WIDGETS], (
                f"expected the widget roots {WIDGETS} in this order (classes dl-widget dl-widget-<kind>), "
                f"found {state['widgets']}"
            )
            # Hide the code and the file browser so that the page's screenshots show the widgets.
            page.evaluate("""async () => {
                await window.jupyterapp.commands.execute('notebook:hide-all-cell-code');
                window.jupyterapp.shell.collapseLeft();
                window.jupyterapp.shell.currentWidget.content.scrollToItem(0, 'start');
            }""")
            shoot_page(page, "page-before")

            for kind in WIDGETS:
                root = page.locator(f".dl-widget.dl-widget-{kind}")
                view = root.locator("img.dl-widget-view")
                assert view.count() == 1, f"widget {kind!r}: expected one img.dl-widget-view, found {view.count()}"
                view.scroll_into_view_if_needed()
                page.wait_for_function(
                    "img => img.complete && img.naturalWidth > 0",
                    arg=view.element_handle(),
                    timeout=REDRAW_TIMEOUT * 1000,
                )
                shoot_widget(root, f"{kind}-before")
                # One control of each kind the widget has (dropdown, slider, toggle buttons) must redraw it;
                # a control that does not (a disabled one, a setting the current view ignores) passes the turn.
                kinds_moved = 0
                for control_kind in CONTROL_KINDS:
                    before, tried = image_src(view), []
                    for control in controls(root, control_kind):
                        done = move(control_kind, control)
                        if not done:
                            continue
                        tried.append(done)
                        try:
                            page.wait_for_function(
                                "([img, before]) => img.complete && img.naturalWidth > 0 && img.src !== before",
                                arg=[view.element_handle(), before],
                                timeout=REDRAW_TIMEOUT * 1000,
                            )
                            break
                        except PlaywrightTimeout:  # this control did not redraw the picture: try the next one
                            continue
                    if not tried:
                        continue
                    after = settled_src(page, view)
                    assert after and after != before, (
                        f"widget {kind!r}: its picture did not change within {REDRAW_TIMEOUT} s of moving "
                        f"{'; '.join(tried)}; browser console errors: {console_errors[-5:]}"
                    )
                    kinds_moved += 1
                    moved.append(f"{kind}: {tried[-1]}")
                    shoot_widget(root, f"{kind}-after-{control_kind}")
                assert kinds_moved, f"widget {kind!r}: found no dropdown, slider or toggle button that can move"
                phases.append((f"move {kind}", time.monotonic()))
            shoot_page(page, "page-after")

            state = page_state(page)
            assert not state["tracebacks"], "a traceback appeared:\n" + "\n\n".join(state["tracebacks"])
            assert not state["widgetErrors"], f"a widget failed to display: {state['widgetErrors']}"
            assert "Error displaying widget" not in page.evaluate("() => document.body.textContent")
            assert not foreign, f"the page loaded resources from hosts other than {HOST}: {foreign}"
        except BaseException:
            try:
                shoot_page(page, "page-at-failure")
            except Exception as error:  # a crashed page: keep the original failure
                print(f"no screenshot at failure: {error}")
            raise
        finally:
            context.close()
            print(
                f"\nbrowser test: {time.monotonic() - started:.1f} s ("
                + ", ".join(
                    f"{name} {end - start:.1f} s" for (_, start), (name, end) in zip([("", started)] + phases, phases)
                )
                + ")"
            )
            print(f"  server log: {lab.log_path}")
            for line in moved:
                print("  moved", line)
            for path in screenshots:
                print("  screenshot", path)
