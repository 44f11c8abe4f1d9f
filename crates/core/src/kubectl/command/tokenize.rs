//! A command line split into words as a POSIX shell does: blanks separate words, `'…'` keeps
//! everything, `"…"` keeps everything but `\"`, `\\`, `\$` and `` \` `` escapes, and a
//! backslash outside quotes escapes the next character.

/// The words of `line`, or the shell's complaint about an unterminated quote.
// Upstream: none — POSIX Shell Command Language 2.2 (Quoting) and 2.3 (Token Recognition).
pub fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(unterminated('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => word.push(e),
                            Some('\n') => {}
                            Some(other) => {
                                word.push('\\');
                                word.push(other);
                            }
                            None => return Err(unterminated('"')),
                        },
                        Some(c) => word.push(c),
                        None => return Err(unterminated('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(e) => word.push(e),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

fn unterminated(quote: char) -> String {
    format!("unexpected EOF while looking for matching `{quote}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_keep_blanks_and_join_adjacent_parts() {
        let words = tokenize(r#"kubectl patch job pi -p '{"spec":{"suspend":true}}' a"b c"d"#);
        assert_eq!(
            words.unwrap(),
            [
                "kubectl",
                "patch",
                "job",
                "pi",
                "-p",
                r#"{"spec":{"suspend":true}}"#,
                "ab cd"
            ]
        );
    }

    #[test]
    fn escapes_and_empty_quotes_make_words() {
        assert_eq!(tokenize(r#"a\ b "" "x\"y""#).unwrap(), ["a b", "", "x\"y"]);
    }

    #[test]
    fn an_open_quote_is_an_error() {
        assert!(tokenize("get 'pods").is_err());
        assert!(tokenize("get \"pods").is_err());
    }
}
