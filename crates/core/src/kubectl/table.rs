//! kubectl's table layout: cells separated by tabs, aligned by Go's text/tabwriter as kubectl
//! configures it (`printers.GetNewTabWriter`: minimum width 6, padding 3, pad with spaces).

use super::tabwriter::align;

/// Upstream: cli-runtime printers tabwriterMinWidth.
const MIN_WIDTH: usize = 6;
/// Upstream: cli-runtime printers tabwriterPadding.
const PADDING: usize = 3;

/// Lays out `rows` (the header first) as kubectl prints them: cells joined by tabs, each row a
/// line, aligned by the tabwriter — every column but the last padded to its widest cell plus
/// three spaces (at least six), widths counted in characters.
pub fn render(rows: &[Vec<String>]) -> String {
    let text: String = rows.iter().map(|row| row.join("\t") + "\n").collect();
    align(&text, MIN_WIDTH, PADDING)
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
