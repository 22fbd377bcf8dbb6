//! Chart geometry for the progress page: pure functions from numbers to coordinates. The SVG
//! itself is written by askama templates (`templates/chart_*.html`), so it is escaped like every
//! other page, needs no JavaScript, and each chart sits beside a table of the same numbers.

/// The drawing area of every chart, in SVG user units (the SVG scales to its container).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// A label at a position on an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    /// `series-1` … `series-7`: the colour, from the style sheet (so dark mode works).
    pub class: String,
    /// The SVG path; a gap where a day has no value.
    pub path: String,
    pub dots: Vec<(f64, f64)>,
}

/// A line chart, ready for `chart_line.html`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub id: String,
    pub title: String,
    /// One sentence for screen readers; the table beside the chart has every number.
    pub description: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    pub lines: Vec<Line>,
}

/// A horizontal bar of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value_label: String,
    pub y: f64,
    pub width: f64,
}

/// A horizontal bar chart (0–`max`), ready for `chart_bars.html`.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub width: f64,
    pub height: f64,
    /// Where bars start (labels sit to the left).
    pub left: f64,
    pub bar_height: f64,
    /// Full length of a bar at `max`.
    pub span: f64,
    pub bars: Vec<Bar>,
    /// Vertical marks (a goal), at x positions with a label.
    pub marks: Vec<Tick>,
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// A line chart of `series` (name, one value per x label, `None` for a gap) on 0–`y_max`.
pub fn line_chart(
    id: &str,
    title: &str,
    x_labels: &[String],
    series: &[(&str, Vec<Option<f64>>)],
    y_max: f64,
) -> LineChart {
    let y_max = if y_max.is_finite() && y_max > 0.0 {
        y_max
    } else {
        1.0
    };
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let count = x_labels.len();
    let x_at = |index: usize| {
        if count <= 1 {
            LEFT + plot_width / 2.0
        } else {
            LEFT + plot_width * index as f64 / (count - 1) as f64
        }
    };
    let y_at = |value: f64| TOP + plot_height * (1.0 - (value / y_max).clamp(0.0, 1.0));
    let y_ticks = (0..=4)
        .map(|step| {
            let value = y_max * f64::from(step) / 4.0;
            Tick {
                at: round1(y_at(value)),
                label: if value.fract() == 0.0 {
                    format!("{value:.0}")
                } else {
                    format!("{value:.1}")
                },
            }
        })
        .collect();
    // At most about eight date labels, evenly spaced, always the first and the last.
    let stride = count.div_ceil(8).max(1);
    let x_ticks = (0..count)
        .filter(|index| index % stride == 0 || *index + 1 == count)
        .map(|index| Tick {
            at: round1(x_at(index)),
            label: x_labels[index].clone(),
        })
        .collect();
    let lines = series
        .iter()
        .enumerate()
        .map(|(number, (name, values))| {
            let mut path = String::new();
            let mut dots = Vec::new();
            let mut pen_down = false;
            for (index, value) in values.iter().enumerate().take(count) {
                match value {
                    Some(value) => {
                        let (x, y) = (round1(x_at(index)), round1(y_at(*value)));
                        path.push_str(&format!("{}{x} {y} ", if pen_down { "L" } else { "M" }));
                        dots.push((x, y));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            Line {
                name: (*name).to_owned(),
                class: format!("series-{}", number % 7 + 1),
                path: path.trim_end().to_owned(),
                dots,
            }
        })
        .collect();
    LineChart {
        id: id.to_owned(),
        title: title.to_owned(),
        description: describe(series, x_labels),
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: WIDTH - RIGHT,
        bottom: HEIGHT - BOTTOM,
        y_ticks,
        x_ticks,
        lines,
    }
}

/// "overall from 52 on 2026-11-01 to 71 on 2026-11-20; …": first and last value of each line.
fn describe(series: &[(&str, Vec<Option<f64>>)], x_labels: &[String]) -> String {
    let parts: Vec<String> = series
        .iter()
        .filter_map(|(name, values)| {
            let known: Vec<(usize, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(index, value)| value.map(|value| (index, value)))
                .collect();
            let (first, last) = (known.first()?, known.last()?);
            let label = |index: usize| x_labels.get(index).cloned().unwrap_or_default();
            Some(if first.0 == last.0 {
                format!("{name} {:.0} on {}", first.1, label(first.0))
            } else {
                format!(
                    "{name} from {:.0} on {} to {:.0} on {}",
                    first.1,
                    label(first.0),
                    last.1,
                    label(last.0)
                )
            })
        })
        .collect();
    if parts.is_empty() {
        "No values yet.".to_owned()
    } else {
        format!("{}.", parts.join("; "))
    }
}

/// A bar chart of (label, value) on 0–`max`, with optional marks (e.g. the goal).
pub fn bar_chart(
    id: &str,
    title: &str,
    rows: &[(String, f64, String)],
    max: f64,
    marks: &[(f64, &str)],
) -> BarChart {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let left = 150.0;
    let bar_height = 22.0;
    let gap = 10.0;
    let span = WIDTH - left - 60.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, (label, value, value_label))| Bar {
            label: label.clone(),
            value_label: value_label.clone(),
            y: round1(TOP + index as f64 * (bar_height + gap)),
            width: round1(span * (value / max).clamp(0.0, 1.0)),
        })
        .collect();
    let height = TOP * 2.0 + rows.len().max(1) as f64 * (bar_height + gap);
    BarChart {
        id: id.to_owned(),
        title: title.to_owned(),
        description: rows
            .iter()
            .map(|(label, _, value_label)| format!("{label}: {value_label}"))
            .collect::<Vec<_>>()
            .join("; "),
        width: WIDTH,
        height,
        left,
        bar_height,
        span,
        bars,
        marks: marks
            .iter()
            .map(|(value, label)| Tick {
                at: round1(left + span * (value / max).clamp(0.0, 1.0)),
                label: (*label).to_owned(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(count: usize) -> Vec<String> {
        (1..=count).map(|day| format!("2026-11-{day:02}")).collect()
    }

    #[test]
    fn lines_leave_gaps_and_stay_inside_the_plot() {
        let chart = line_chart(
            "scores",
            "Scores",
            &labels(4),
            &[
                ("overall", vec![Some(50.0), Some(70.0), None, Some(100.0)]),
                ("impact", vec![None, None, None, None]),
            ],
            100.0,
        );
        let overall = &chart.lines[0];
        assert_eq!(overall.path.matches('M').count(), 2, "{}", overall.path);
        assert_eq!(overall.dots.len(), 3);
        for (x, y) in &overall.dots {
            assert!((chart.left..=chart.right).contains(x));
            assert!((TOP..=chart.bottom).contains(y));
        }
        assert_eq!(overall.dots[2].1, TOP, "100 is the top");
        assert!(chart.lines[1].path.is_empty());
        assert_eq!(chart.lines[1].class, "series-2");
        assert_eq!(
            chart.description,
            "overall from 50 on 2026-11-01 to 100 on 2026-11-04."
        );
        assert_eq!(chart.y_ticks.first().unwrap().label, "0");
        assert_eq!(chart.y_ticks.last().unwrap().label, "100");
    }

    #[test]
    fn many_days_get_a_few_date_labels_and_one_day_sits_in_the_middle() {
        let chart = line_chart("a", "A", &labels(30), &[("x", vec![Some(1.0); 30])], 2.0);
        assert!(chart.x_ticks.len() <= 9, "{}", chart.x_ticks.len());
        assert_eq!(chart.x_ticks.last().unwrap().label, "2026-11-30");
        let one = line_chart("b", "B", &labels(1), &[("x", vec![Some(1.0)])], 0.0);
        assert_eq!(one.lines[0].dots[0].0, LEFT + (WIDTH - LEFT - RIGHT) / 2.0);
        assert_eq!(
            one.y_ticks.last().unwrap().label,
            "1",
            "a zero maximum is made 1"
        );
        assert_eq!(one.y_ticks[1].label, "0.2", "a fraction keeps one decimal");
    }

    #[test]
    fn bars_are_proportional_and_marks_placed() {
        let chart = bar_chart(
            "ready",
            "Readiness",
            &[
                ("Behavioral".into(), 50.0, "50%".into()),
                ("Technical".into(), 150.0, "150%".into()),
            ],
            100.0,
            &[(7.0 / 10.0 * 100.0, "goal")],
        );
        assert_eq!(chart.bars[0].width, round1(chart.span / 2.0));
        assert_eq!(chart.bars[1].width, chart.span, "clamped to the maximum");
        assert!(chart.bars[1].y > chart.bars[0].y);
        assert_eq!(chart.marks[0].at, round1(chart.left + chart.span * 0.7));
        assert_eq!(chart.description, "Behavioral: 50%; Technical: 150%");
    }
}
