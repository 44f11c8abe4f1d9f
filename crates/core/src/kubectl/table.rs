//! kubectl's table layout: cells separated by tabs, aligned by Go's text/tabwriter as kubectl
//! configures it (`printers.GetNewTabWriter`: minimum width 6, padding 3, pad with spaces).

use std::borrow::Cow;
use std::io::{self, Write};

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

/// Writes `header` and the rows of `N` cells that `rows` makes exactly as [`render`] lays them
/// out, without holding the table: one pass over the rows measures the columns, a second writes
/// the lines. A cell with a tab or a line break, which the tabwriter reads as layout, sends the
/// table through [`render`] instead.
pub fn write<'a, const N: usize, I>(
    out: &mut impl Write,
    header: [&str; N],
    rows: impl Fn() -> I,
) -> io::Result<()>
where
    I: Iterator<Item = [Cow<'a, str>; N]>,
{
    let mut widths = [MIN_WIDTH; N];
    let mut laid_out = true;
    let mut measure = |cells: &[&str]| {
        for (width, cell) in widths.iter_mut().zip(cells) {
            laid_out &= !cell.contains(['\t', '\n']);
            *width = (*width).max(cell.chars().count() + PADDING);
        }
    };
    measure(&header);
    for row in rows() {
        measure(&row.each_ref().map(|c| &**c));
    }
    if !laid_out {
        let mut table = vec![header.map(String::from).to_vec()];
        table.extend(rows().map(|row| row.map(Cow::into_owned).to_vec()));
        return out.write_all(render(&table).as_bytes());
    }
    write_line(out, &header, &widths)?;
    for row in rows() {
        write_line(out, &row.each_ref().map(|c| &**c), &widths)?;
    }
    Ok(())
}

/// One line of a table: each cell but the last padded to its column's width.
fn write_line(out: &mut impl Write, cells: &[&str], widths: &[usize]) -> io::Result<()> {
    const SPACES: [u8; 64] = [b' '; 64];
    let Some((last, padded)) = cells.split_last() else {
        return out.write_all(b"\n");
    };
    for (cell, width) in padded.iter().zip(widths) {
        out.write_all(cell.as_bytes())?;
        let mut pad = width.saturating_sub(cell.chars().count());
        while pad > 0 {
            let n = pad.min(SPACES.len());
            out.write_all(&SPACES[..n])?;
            pad -= n;
        }
    }
    out.write_all(last.as_bytes())?;
    out.write_all(b"\n")
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

    fn written(header: [&str; 3], rows: &[[&str; 3]]) -> String {
        let mut out = Vec::new();
        write(&mut out, header, || {
            rows.iter().map(|r| r.map(Cow::Borrowed))
        })
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    fn rendered(header: [&str; 3], rows: &[[&str; 3]]) -> String {
        let mut table = vec![header.map(String::from).to_vec()];
        table.extend(rows.iter().map(|r| r.map(String::from).to_vec()));
        render(&table)
    }

    #[test]
    fn written_tables_are_laid_out_as_rendered_ones() {
        let rows = [["0m00s", "pi-abcde", "0/1"], ["1h00m00.100s", "作业", ""]];
        assert_eq!(
            written(["TIME", "NAME", "READY"], &rows),
            "TIME           NAME       READY\n0m00s          pi-abcde   0/1\n1h00m00.100s   作业         \n"
        );
        assert_eq!(written(["A", "B", "C"], &[]), "A     B     C\n");
    }

    proptest::proptest! {
        /// Cells of letters, wide characters, spaces, and now and then a tab or a line break
        /// (which the tabwriter reads as layout): written as the tabwriter renders them.
        #[test]
        fn any_table_is_written_as_rendered(
            rows in proptest::collection::vec(
                proptest::array::uniform3("[a-c作 ]{0,9}|[a\t\n]{0,2}"),
                0..6,
            ),
        ) {
            let rows: Vec<[&str; 3]> = rows.iter().map(|r| r.each_ref().map(|c| c.as_str())).collect();
            let header = ["NAME", "STATUS", "AGE"];
            proptest::prop_assert_eq!(written(header, &rows), rendered(header, &rows));
        }
    }
}
