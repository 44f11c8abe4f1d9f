//! Go's `text/tabwriter` with space padding, as `kubectl describe` uses it: tab-terminated cells
//! are aligned in column blocks (runs of consecutive lines that have a cell in that column); the
//! last cell of a line is never padded.

/// Upstream: kubectl describe.go tabbedString — `tabwriter.Init(buf, 0, 8, 2, ' ', 0)`.
pub const DESCRIBE_PADDING: usize = 2;

/// Aligns `text` as Go's tabwriter does with the given minimum cell width and padding, padding
/// with spaces and counting characters, not bytes.
// Upstream: go/src/text/tabwriter/tabwriter.go Writer.format + writeLines
pub fn align(text: &str, min_width: usize, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::new();
    let mut widths = Vec::new();
    format(
        &lines,
        0,
        lines.len(),
        &mut widths,
        min_width,
        padding,
        &mut out,
    );
    out
}

fn format(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    min_width: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = min_width;
        while this < line1 && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].chars().count() + padding);
            this += 1;
        }
        widths.push(width);
        format(lines, line0, this, widths, min_width, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(width) = widths.get(j) {
                let pad = width.saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_without_a_tab_ends_the_column_block() {
        let text =
            "Name:\tpi\nCompletion Mode:\tNonIndexed\nPod Template:\n  Labels:\tjob-name=pi\n";
        assert_eq!(
            align(text, 0, DESCRIBE_PADDING),
            "Name:             pi\nCompletion Mode:  NonIndexed\nPod Template:\n  Labels:  job-name=pi\n"
        );
    }

    #[test]
    fn nested_columns_are_aligned_within_their_own_block() {
        let text = "  Type\tReason\tAge\n  ----\t------\t---\n  Normal\tSuspended\t5m35s\n";
        assert_eq!(
            align(text, 0, DESCRIBE_PADDING),
            "  Type    Reason     Age\n  ----    ------     ---\n  Normal  Suspended  5m35s\n"
        );
    }

    #[test]
    fn the_last_cell_keeps_its_trailing_space_and_is_not_padded() {
        let text = "Labels:\tjob-name=x\nAnnotations:\tkey: \n";
        assert_eq!(
            align(text, 0, DESCRIBE_PADDING),
            "Labels:       job-name=x\nAnnotations:  key: \n"
        );
    }

    #[test]
    fn a_continuation_line_with_an_empty_first_cell_stays_in_the_block() {
        let text = "Labels:\ta=1\n\tb=2\nName:\tx\n";
        assert_eq!(
            align(text, 0, DESCRIBE_PADDING),
            "Labels:  a=1\n         b=2\nName:    x\n"
        );
    }

    #[test]
    fn widths_count_characters() {
        assert_eq!(align("作业:\tx\nA:\ty", 0, 2), "作业:  x\nA:   y");
    }
}
