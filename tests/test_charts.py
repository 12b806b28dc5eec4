"""Charts drawn on the server: every value written, axes scaled to round numbers."""

import pytest

from practice.charts import bar_chart, nice_step


def test_steps_are_round_numbers():
    assert [nice_step(peak) for peak in (0, 3, 7, 12, 45, 180, 999)] == [1, 1, 2, 5, 10, 50, 200]


def test_the_axis_reaches_past_the_tallest_bar_in_round_steps():
    chart = bar_chart("c", "Title", [("a", 7), ("b", 3)], x_label="X", y_label="Y")
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6, 8]
    tallest, other = chart.bars
    assert tallest.y < other.y and tallest.height == pytest.approx(7 / 3 * other.height)


def test_every_value_is_written_on_a_week_and_on_a_month_and_in_the_description():
    week = bar_chart("w", "Week", [(f"d{n}", n) for n in range(7)], x_label="Day", y_label="Views")
    month = bar_chart("m", "Month", [(f"d{n}", n) for n in range(30)], x_label="Day", y_label="Views")
    assert all(bar.show_value and bar.value_upright for bar in week.bars)
    assert all(bar.show_value and not bar.value_upright for bar in month.bars)
    # A month's labels are thinned out so that they never overlap.
    assert 5 <= sum(bar.show_label for bar in month.bars) < 30
    assert "d29: 29" in month.description and month.description.startswith("Views by day.")


def test_an_empty_chart_still_has_an_axis_and_says_so():
    chart = bar_chart("e", "Nothing", [], x_label="Day", y_label="Views")
    assert [tick.value for tick in chart.ticks] == [0, 1]
    assert "No data" in chart.description
