"""The base every widget builds on: a matplotlib figure shown as a PNG, controls above it, a message below.

Why a PNG in an ``ipywidgets.Image`` rather than an interactive matplotlib backend: it needs
no JavaScript beyond core ipywidgets (no ipympl), it renders the same in JupyterLab, VS Code
and the classic notebook, and the same bytes serve as the static picture an executed or
exported notebook keeps (``_repr_mimebundle_`` adds them as ``image/png`` next to the live
widget view, so ``jupyter nbconvert --to html`` shows the picture when no widget state is saved).

A subclass builds its figure and artists once, then on every control change only indexes
precomputed data and updates its artists in place (``set_data``, ``set_array``,
``set_offsets``, ``set_visible``); :meth:`FigureWidget.render` then redraws the same figure
into PNG bytes. The figure is a bare :class:`matplotlib.figure.Figure` (not ``pyplot``), so
the inline backend never shows a second, stray copy of it.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import ipywidgets as widgets
import matplotlib
import PIL.Image
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CONTROL_STYLE = {"description_width": "initial"}


def escape(text: object) -> str:
    """Text made safe to put inside the message's HTML."""
    return html.escape(str(text))


class FigureWidget(widgets.VBox):
    """A figure rendered to an ``ipywidgets.Image``, its controls in a row above, an HTML message below.

    The root box has the CSS classes ``dl-widget`` and ``dl-widget-<kind>``; the picture
    (``self.view``) has ``dl-widget-view``, the message (``self.message``) ``dl-widget-message``.
    Subclasses implement :meth:`_update`, which brings the artists and the message up to date
    with the controls' values; any control change calls it, then re-renders the PNG. The
    ``animated`` artists are the ones that change; the rest is drawn once (see :meth:`animate`).
    """

    #: PNG resolution; with the figure sizes used here, pictures are 700 to 1000 pixels wide.
    dpi = 72

    def __init__(self, kind: str, figure: Figure, controls: Sequence[widgets.Widget], animated: Sequence[Artist] = ()):
        self.figure = figure
        FigureCanvasAgg(figure)  # attaches itself as figure.canvas
        self.view = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.view.add_class("dl-widget-view")
        self.message = widgets.HTML()
        self.message.add_class("dl-widget-message")
        self.controls = list(controls)
        control_box = widgets.HBox(self.controls, layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([control_box, self.view, self.message])
        self.add_class("dl-widget")
        self.add_class(f"dl-widget-{kind}")
        self._held = False
        self._laid_out = False
        self._backgrounds: dict[object, object] = {}
        self._animated: list[Artist] = []
        self.animate(*animated)
        figure.set_dpi(self.dpi)
        for control in self.controls:
            control.observe(self._on_change, names="value")

    # -- the update cycle ----------------------------------------------------------------

    def _update(self) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _on_change(self, change: dict) -> None:
        if not self._held:
            self.refresh()

    def refresh(self) -> None:
        """Bring the artists up to date with the controls, then re-render the picture."""
        self._update()
        self.render()

    @contextmanager
    def hold(self, refresh: bool = True) -> Iterator[None]:
        """Change several controls at once with one redraw at the end (none if ``refresh`` is False)."""
        held, self._held = self._held, True
        try:
            yield
        finally:
            self._held = held
        if refresh and not held:
            self.refresh()

    def animate(self, *artists: Artist) -> None:
        """Declare artists that change with the controls; everything else is drawn once and reused.

        The figure's static part (axes frames, ticks, colorbars, contour plots, fixed labels)
        is drawn into a background once; each redraw restores that background and draws only
        these artists on top (matplotlib's blitting). Call :meth:`invalidate` when something
        static changes (an axes shown or hidden, a colorbar's range, a contour set).
        """
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)

    def invalidate(self) -> None:
        """The static part changed: the next :meth:`render` redraws the whole figure."""
        self._backgrounds.clear()

    def _static_key(self) -> object:
        """Which static picture the controls ask for (e.g. the surface shown); default: only one.

        The background drawn for each key is kept, so returning to an earlier key (another
        surface, then back) restores its pixels instead of redrawing contour plots.
        """
        return None

    def render(self) -> bytes:
        """Draw the figure into PNG bytes, put them in the view and return them.

        The first call lays the figure out (constrained layout) and freezes that layout, so
        later redraws skip the layout pass. The static part is drawn once per
        :meth:`_static_key` (again after :meth:`invalidate`); otherwise only the animated
        artists are redrawn on top of it. The pixels are encoded with a fast PNG setting
        (``savefig`` would draw the figure twice).
        """
        canvas = self.figure.canvas
        key = self._static_key()
        if key not in self._backgrounds:
            canvas.draw()  # animated artists are left out of this
            if not self._laid_out:
                self.figure.set_layout_engine("none")
                self._laid_out = True
            self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._backgrounds[key])
        for artist in sorted(self._animated, key=lambda a: a.get_zorder()):  # stable: equal zorders keep their order
            if artist.get_visible() and (artist.axes is None or artist.axes.get_visible()):
                self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(
            buffer, format="png", compress_level=1
        )
        png = buffer.getvalue()
        self.view.value = png
        return png

    def show_message(self, text: str, refused: bool = False) -> None:
        """Set the message line; ``text`` is HTML (escape user strings with :func:`escape`)."""
        style = "color:#b00020;font-weight:bold" if refused else "color:#333"
        self.message.value = f'<span style="{style}">{text}</span>'

    # -- display -------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """The live widget view, plus a PNG of the current picture for frontends and exports without widgets."""
        data = super()._repr_mimebundle_(**kwargs)
        if self.view.value:
            data["image/png"] = base64.b64encode(bytes(self.view.value)).decode("ascii")
        return data


@contextmanager
def figure_style() -> Iterator[None]:
    """Build a widget's axes inside this: fixed title positions and small fonts.

    ``axes.titley = 1.0`` turns off matplotlib's automatic title placement, which measures
    every axis's tick labels on each draw and would otherwise take a third of a redraw.
    """
    with matplotlib.rc_context({"axes.titley": 1.0, "axes.titlesize": 9, "font.size": 8}):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A bare figure (no pyplot) with constrained layout, sized in inches."""
    return Figure(figsize=(width, height), layout="constrained")
