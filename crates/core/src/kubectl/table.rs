//! kubectl's table layout: cells separated by tabs, aligned by Go's text/tabwriter as kubectl
//! configures it (`printers.GetNewTabWriter`: minimum width 6, padding 3, pad with spaces).

/// Upstream: cli-runtime printers tabwriterMinWidth.
const MIN_WIDTH: usize = 6;
/// Upstream: cli-runtime printers tabwriterPadding.
const PADDING: usize = 3;

/// Lays out `rows` (the header first) as kubectl prints them: every column but the last is
/// padded to its widest cell plus three spaces (at least six), the last is not padded, and
/// widths count characters, not bytes.
pub fn render(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns.saturating_sub(1))
        .map(|c| {
            rows.iter()
                .filter(|row| c + 1 < row.len())
                .map(|row| row[c].chars().count() + PADDING)
                .fold(MIN_WIDTH, usize::max)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(table: &[&[&str]]) -> Vec<Vec<String>> {
        table
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn columns_are_padded_to_the_widest_cell_plus_three() {
        // From a real `kubectl get jobs` (seeds/002): an empty DURATION keeps its width.
        let table = rows(&[
            &["NAME", "COMPLETIONS", "DURATION", "AGE"],
            &["job-echo", "0/2", "", "16s"],
        ]);
        assert_eq!(
            render(&table),
            "NAME       COMPLETIONS   DURATION   AGE\njob-echo   0/2                      16s\n"
        );
    }

    #[test]
    fn a_narrow_column_is_still_six_wide_and_widths_count_characters() {
        let table = rows(&[&["A", "B"], &["作业", "x"]]);
        assert_eq!(render(&table), "A     B\n作业    x\n");
    }

    #[test]
    fn no_rows_print_nothing() {
        assert_eq!(render(&[]), "");
    }
}
