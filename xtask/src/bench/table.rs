//! The one table the bench prints: each figure beside the baseline measured in the same run, its
//! budget (from issue 9), and whether it is met or by how much it is missed. Markdown, so the
//! table can go into `docs/performance.md` as printed.

/// One line of the table.
pub struct Row {
    pub figure: String,
    pub measured: String,
    pub baseline: String,
    pub budget: String,
    pub verdict: String,
}

impl Row {
    /// A figure with no budget of its own (a detail of another).
    pub fn info(figure: &str, measured: String, baseline: &str) -> Row {
        Row {
            figure: figure.into(),
            measured,
            baseline: baseline.into(),
            budget: String::new(),
            verdict: String::new(),
        }
    }

    /// A figure that must stay at or below `budget` (in `unit`).
    pub fn at_most(figure: &str, value: f64, baseline: String, budget: f64, unit: &str) -> Row {
        let verdict = if value <= budget {
            "met".to_owned()
        } else if budget > 0.0 {
            format!(
                "missed by {} ({:.1}x)",
                amount(value - budget, unit),
                value / budget
            )
        } else {
            format!("missed by {}", amount(value - budget, unit))
        };
        Row {
            figure: figure.into(),
            measured: amount(value, unit),
            baseline,
            budget: format!("<= {}", amount(budget, unit)),
            verdict,
        }
    }

    /// A figure that must reach at least `budget` (in `unit`).
    pub fn at_least(figure: &str, value: f64, baseline: String, budget: f64, unit: &str) -> Row {
        let verdict = if value >= budget {
            "met".to_owned()
        } else {
            format!(
                "missed by {} ({:.0}% of it)",
                amount(budget - value, unit),
                100.0 * value / budget
            )
        };
        Row {
            figure: figure.into(),
            measured: amount(value, unit),
            baseline,
            budget: format!(">= {}", amount(budget, unit)),
            verdict,
        }
    }
}

/// `value` with its unit, rounded to what the unit deserves.
pub fn amount(value: f64, unit: &str) -> String {
    match unit {
        "x" => format!("{value:.2}x"),
        "KiB" | "ms" | "MiB" => format!("{value:.1} {unit}"),
        "" => format!("{value:.0}"),
        _ => format!("{value:.0} {unit}"),
    }
}

/// Prints `rows` as a Markdown table.
pub fn print(rows: &[Row]) {
    let header = [
        "figure",
        "measured",
        "baseline (same run)",
        "budget",
        "verdict",
    ];
    let cells: Vec<[&str; 5]> = rows
        .iter()
        .map(|row| {
            [
                row.figure.as_str(),
                row.measured.as_str(),
                row.baseline.as_str(),
                row.budget.as_str(),
                row.verdict.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for line in &cells {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let print_line = |line: [&str; 5]| {
        let padded: Vec<String> = line
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("| {} |", padded.join(" | "));
    };
    println!();
    print_line(header);
    let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
    println!("|-{}-|", rule.join("-|-"));
    for line in cells {
        print_line(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miss_says_by_how_much() {
        let row = Row::at_most("size", 200.0, String::new(), 60.0, "KiB");
        assert_eq!(row.verdict, "missed by 140.0 KiB (3.3x)");
        assert_eq!(
            Row::at_most("p50", 80.0, String::new(), 100.0, "us").verdict,
            "met"
        );
        let short = Row::at_least("rps", 15_000.0, String::new(), 20_000.0, "req/s");
        assert_eq!(short.verdict, "missed by 5000 req/s (75% of it)");
    }
}
