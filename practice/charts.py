"""Bar charts drawn on the server as inline SVG: axes, labels and values as text, no script.

The numbers here are the geometry; ``templates/admin/includes/bar_chart.html`` draws
them. A chart carries a title and a plain-text description of every value, so a screen
reader reads what the eye sees, and its page shows the same figures in a table too.
"""

import math
from dataclasses import dataclass, field

WIDTH = 720
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 36, 64
# Below this many pixels a bar is too narrow for its value and label to be written
# across it; down to the smaller width its value is written upwards instead.
MIN_LABELLED_SLOT = 26
MIN_VALUED_SLOT = 14


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool
    show_value: bool
    # Narrow bars carry their value written upwards, from the top of the bar.
    value_upright: bool = True

    @property
    def middle(self):
        return round(self.x + self.width / 2, 1)

    @property
    def value_y(self):
        return round(self.y - 5, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass
class BarChart:
    """``chart_id`` must be unique on its page: the SVG's title and description use it."""

    chart_id: str
    title: str
    x_label: str
    y_label: str
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def plot_left(self):
        return LEFT

    @property
    def plot_right(self):
        return self.width - RIGHT

    @property
    def baseline(self):
        return self.height - BOTTOM

    @property
    def plot_middle_x(self):
        return round((LEFT + self.width - RIGHT) / 2, 1)

    @property
    def plot_middle_y(self):
        return round((TOP + self.height - BOTTOM) / 2, 1)

    @property
    def tick_x(self):
        return LEFT - 6

    @property
    def top(self):
        return TOP

    @property
    def bar_label_y(self):
        return self.height - BOTTOM + 16

    @property
    def x_label_y(self):
        return self.height - 12

    @property
    def description(self):
        """Every value in words, for those who cannot see the bars."""
        values = "; ".join(f"{bar.label}: {bar.value}" for bar in self.bars)
        return f"{self.y_label} by {self.x_label.lower()}. {values or 'No data'}."


def nice_step(peak, most_ticks=5):
    """A step of 1, 2 or 5 times a power of ten giving at most ``most_ticks`` steps to ``peak``."""
    if peak <= 0:
        return 1
    raw = peak / most_ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for multiple in (1, 2, 5, 10):
        if multiple * power >= raw:
            return max(1, multiple * power)
    return 10 * power


def bar_chart(chart_id, title, items, *, x_label, y_label, width=WIDTH, height=HEIGHT):
    """A chart of ``items``, (label, whole number) pairs in the order drawn."""
    items = list(items)
    peak = max((value for _, value in items), default=0)
    step = nice_step(peak)
    top_value = max(step, math.ceil(peak / step) * step)
    plot_height = height - TOP - BOTTOM
    plot_width = width - LEFT - RIGHT
    slot = plot_width / max(len(items), 1)
    # When bars are narrow, write every n-th label so that labels never overlap.
    label_every = max(1, math.ceil(MIN_LABELLED_SLOT * 2 / slot)) if slot < MIN_LABELLED_SLOT * 2 else 1

    def y_of(value):
        return round(TOP + plot_height - plot_height * value / top_value, 1)

    bars = [
        Bar(
            label=label,
            value=value,
            x=round(LEFT + index * slot + slot * 0.15, 1),
            y=y_of(value),
            width=round(max(slot * 0.7, 1), 1),
            height=round(plot_height * value / top_value, 1),
            show_label=index % label_every == 0,
            show_value=slot >= MIN_VALUED_SLOT,
            value_upright=slot >= MIN_LABELLED_SLOT,
        )
        for index, (label, value) in enumerate(items)
    ]
    ticks = [Tick(value, y_of(value)) for value in range(0, top_value + 1, step)]
    return BarChart(chart_id, title, x_label, y_label, bars, ticks, width, height)
