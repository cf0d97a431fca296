"""The views-per-day chart as plain SVG numbers for the template: no chart library.

Bars in one dark tone on light grid lines with written values, so it reads without colour;
each bar carries its date and count as a tooltip, and the page has the same data as a table.
"""

from dataclasses import dataclass

from django.utils.formats import date_format

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 28
X_LABELS = 6


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value` (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def views_chart(per_day):
    """Geometry of the bars, grid lines and labels for [(day, views), ...]."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_ceiling(max((views for _, views in per_day), default=0))
    step = plot_width / max(len(per_day), 1)
    bars = []
    for index, (day, views) in enumerate(per_day):
        height = plot_height * views / top
        bars.append(
            Bar(
                x=round(LEFT + index * step + step * 0.1, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(max(step * 0.8, 0.5), 2),
                height=round(height, 2),
                label=f"{date_format(day, 'j. F Y')}: {views} Aufrufe",
            )
        )
    grid = [
        {"y": round(TOP + plot_height * (1 - share), 2), "value": round(top * share)}
        for share in (0, 0.5, 1)
    ]
    every = max(1, round(len(per_day) / X_LABELS))
    x_labels = [
        {"x": round(LEFT + (index + 0.5) * step, 2), "text": date_format(day, "j.n.")}
        for index, (day, _) in enumerate(per_day)
        if index % every == 0
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_height,
        "label_y": HEIGHT - 8,
        "bars": bars,
        "grid": grid,
        "x_labels": x_labels,
        "total": sum(views for _, views in per_day),
    }
