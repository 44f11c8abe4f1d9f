//! Shell pattern matching (of `case`): `*`, `?`, bracket expressions (`[a-z]`, `[!0-9]`) and
//! backslash escapes.

// Upstream: POSIX §2.13 Pattern Matching Notation.
pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was, and the text position it has taken up to.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(_) => {
                if let Some((consumed, matched)) = one(&pattern[p..], text[t]) {
                    if matched {
                        p += consumed;
                        t += 1;
                        continue;
                    }
                }
            }
            None => {}
        }
        match star {
            Some((star_p, star_t)) => {
                star = Some((star_p, star_t + 1));
                p = star_p + 1;
                t = star_t + 1;
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// Whether the pattern's first element matches `c`, and how many pattern characters it takes.
fn one(pattern: &[char], c: char) -> Option<(usize, bool)> {
    match pattern.first()? {
        '?' => Some((1, true)),
        '\\' => match pattern.get(1) {
            Some(escaped) => Some((2, *escaped == c)),
            None => Some((1, c == '\\')),
        },
        '[' => Some(bracket(pattern, c).unwrap_or((1, c == '['))),
        literal => Some((1, *literal == c)),
    }
}

/// `[…]`; `None` when unterminated (then `[` is a plain character).
fn bracket(pattern: &[char], c: char) -> Option<(usize, bool)> {
    let mut i = 1;
    let negate = matches!(pattern.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut found = false;
    let mut first = true;
    loop {
        let start = *pattern.get(i)?;
        if start == ']' && !first {
            return Some((i + 1, found != negate));
        }
        first = false;
        if pattern.get(i + 1) == Some(&'-') && pattern.get(i + 2).is_some_and(|end| *end != ']') {
            let end = *pattern.get(i + 2)?;
            found |= start <= c && c <= end;
            i += 3;
        } else {
            found |= start == c;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_the_shell_does() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("a*", "apple", true),
            ("a*", "banana", false),
            ("*an*", "banana", true),
            ("?", "x", true),
            ("?", "xy", false),
            ("[0-9]", "7", true),
            ("[!0-9]", "7", false),
            ("[abc]*", "cherry", true),
            ("\\*", "*", true),
            ("\\*", "x", false),
            ("[", "[", true),
            ("0", "0", true),
            ("1|2", "1", false),
            ("*.txt", "a.txt", true),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "aXbY", false),
        ];
        for (pattern, text, want) in cases {
            assert_eq!(matches(pattern, text), want, "{pattern:?} ~ {text:?}");
        }
    }
}
