//! `$((…))`: integer arithmetic on 64-bit signed numbers, wrapping as the shells' C does.
//! Variables are read by name (`$((JOB_COMPLETION_INDEX + 1))`) or with `$`; an unset or
//! empty one is 0. Operators: unary `+ - ! ~`, `* / %`, `+ -`, `<< >>`, `< <= > >=`, `== !=`,
//! `&`, `^`, `|`, `&&`, `||`, and parentheses.

use std::collections::BTreeMap;

/// Why an expression has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    DivisionByZero,
    Syntax,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Num(i64),
    Name(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "&", "^",
    "|", "!", "~", "(", ")",
];

// Upstream: POSIX §2.6.4 Arithmetic Expansion (C's operators and precedence).
pub fn evaluate(expr: &str, vars: &BTreeMap<String, String>) -> Result<i64, ArithError> {
    let tokens = tokenize(expr)?;
    let mut parser = Eval {
        tokens,
        pos: 0,
        vars,
        depth: 0,
    };
    let value = parser.binary(0)?;
    match parser.tokens.get(parser.pos) {
        None => Ok(value),
        Some(_) => Err(ArithError::Syntax),
    }
}

fn tokenize(expr: &str) -> Result<Vec<Tok>, ArithError> {
    let chars: Vec<char> = expr.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            tokens.push(Tok::Num(number(&text).ok_or(ArithError::Syntax)?));
        } else if c == '$' || c == '_' || c.is_ascii_alphabetic() {
            i += usize::from(c == '$');
            let braced = chars.get(i) == Some(&'{');
            i += usize::from(braced);
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| *c == '_' || c.is_ascii_alphanumeric())
            {
                i += 1;
            }
            if braced {
                if chars.get(i) != Some(&'}') {
                    return Err(ArithError::Syntax);
                }
                i += 1;
            }
            let name: String = chars[start..i - usize::from(braced)].iter().collect();
            if name.is_empty() {
                return Err(ArithError::Syntax);
            }
            tokens.push(Tok::Name(name));
        } else {
            let op = OPS
                .iter()
                .find(|op| {
                    op.chars()
                        .enumerate()
                        .all(|(k, oc)| chars.get(i + k) == Some(&oc))
                })
                .ok_or(ArithError::Syntax)?;
            i += op.len();
            tokens.push(Tok::Op(op));
        }
    }
    Ok(tokens)
}

/// A decimal, `0x` hexadecimal or leading-zero octal constant.
fn number(text: &str) -> Option<i64> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok().map(|v| v as i64);
    }
    if text.len() > 1 && text.starts_with('0') {
        return u64::from_str_radix(&text[1..], 8).ok().map(|v| v as i64);
    }
    text.parse::<u64>().ok().map(|v| v as i64)
}

struct Eval<'a> {
    tokens: Vec<Tok>,
    pos: usize,
    vars: &'a BTreeMap<String, String>,
    depth: u32,
}

fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" => 6,
        "<" | "<=" | ">" | ">=" => 7,
        "<<" | ">>" => 8,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        _ => return None,
    })
}

impl Eval<'_> {
    fn binary(&mut self, min: u8) -> Result<i64, ArithError> {
        let mut left = self.unary()?;
        while let Some(Tok::Op(op)) = self.tokens.get(self.pos).cloned() {
            let Some(prec) = precedence(op) else { break };
            if prec <= min {
                break;
            }
            self.pos += 1;
            let right = self.binary(prec)?;
            left = apply(op, left, right)?;
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<i64, ArithError> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(ArithError::Syntax);
        }
        let tok = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        let value = match tok {
            Some(Tok::Num(n)) => Ok(n),
            Some(Tok::Name(name)) => {
                let text = self.vars.get(&name).map_or("", |v| v.trim());
                if text.is_empty() {
                    Ok(0)
                } else {
                    let (neg, digits) = text.strip_prefix('-').map_or((false, text), |d| (true, d));
                    number(digits)
                        .map(|n| if neg { n.wrapping_neg() } else { n })
                        .ok_or(ArithError::Syntax)
                }
            }
            Some(Tok::Op("-")) => self.unary().map(i64::wrapping_neg),
            Some(Tok::Op("+")) => self.unary(),
            Some(Tok::Op("!")) => self.unary().map(|v| i64::from(v == 0)),
            Some(Tok::Op("~")) => self.unary().map(|v| !v),
            Some(Tok::Op("(")) => {
                let inner = self.binary(0)?;
                match self.tokens.get(self.pos) {
                    Some(Tok::Op(")")) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(ArithError::Syntax),
                }
            }
            _ => Err(ArithError::Syntax),
        };
        self.depth -= 1;
        value
    }
}

fn apply(op: &str, a: i64, b: i64) -> Result<i64, ArithError> {
    Ok(match op {
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" | "%" if b == 0 => return Err(ArithError::DivisionByZero),
        "/" => a.wrapping_div(b),
        "%" => a.wrapping_rem(b),
        "<<" => a.wrapping_shl(b as u32),
        ">>" => a.wrapping_shr(b as u32),
        "<" => i64::from(a < b),
        "<=" => i64::from(a <= b),
        ">" => i64::from(a > b),
        ">=" => i64::from(a >= b),
        "==" => i64::from(a == b),
        "!=" => i64::from(a != b),
        "&" => a & b,
        "^" => a ^ b,
        "|" => a | b,
        "&&" => i64::from(a != 0 && b != 0),
        _ => i64::from(a != 0 || b != 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_evaluate_as_in_c() {
        let vars: BTreeMap<String, String> =
            [("JOB_COMPLETION_INDEX", "4"), ("EMPTY", ""), ("NEG", "-3")]
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect();
        let cases = [
            ("1 + 2", Ok(3)),
            ("JOB_COMPLETION_INDEX + 1", Ok(5)),
            ("$JOB_COMPLETION_INDEX * 2", Ok(8)),
            ("${JOB_COMPLETION_INDEX} % 2 == 0", Ok(1)),
            ("2 + 3 * 4", Ok(14)),
            ("(2 + 3) * 4", Ok(20)),
            ("10 - 2 - 3", Ok(5)),
            ("100 / 10 / 5", Ok(2)),
            ("-NEG", Ok(3)),
            ("UNSET + EMPTY", Ok(0)),
            ("0x10 + 010", Ok(24)),
            ("1 < 2 && 3 > 4", Ok(0)),
            ("!0", Ok(1)),
            ("1 / 0", Err(ArithError::DivisionByZero)),
            ("1 +", Err(ArithError::Syntax)),
        ];
        for (expr, want) in cases {
            assert_eq!(evaluate(expr, &vars), want, "{expr}");
        }
    }
}
