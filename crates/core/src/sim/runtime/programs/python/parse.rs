//! The parser of the subset: lines with indentation blocks into statements, and expressions
//! with Python's precedence. Anything outside the subset parses to `None`.

use super::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Lit(Value),
    Name(String),
    FString(Vec<(String, Option<Expr>)>),
    Env {
        key: Box<Expr>,
        default: Option<Box<Expr>>,
        subscript: bool,
    },
    Call(String, Vec<Expr>),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Assign(String, Expr, usize),
    Print {
        args: Vec<Expr>,
        flush: bool,
        line: usize,
    },
    Exit(Option<Expr>, usize),
    Sleep(Expr, usize),
    If(Vec<(Expr, Vec<Stmt>)>, Vec<Stmt>, usize),
    For(String, Expr, Vec<Stmt>, usize),
    While(Expr, Vec<Stmt>, usize),
    Pass,
}

/// A parser of the subset, line by line with indentation blocks; `None` for anything else.
pub struct Parser {
    lines: Vec<(usize, usize, String)>,
    pos: usize,
}

impl Parser {
    pub fn parse(code: &str) -> Option<Vec<Stmt>> {
        let mut lines = Vec::new();
        for (i, raw) in code.lines().enumerate() {
            let text = strip_comment(raw);
            if text.trim().is_empty() {
                continue;
            }
            let indent = text.chars().take_while(|c| *c == ' ' || *c == '\t').count();
            lines.push((i + 1, indent, text.trim().to_string()));
        }
        let mut parser = Parser { lines, pos: 0 };
        let first = parser.lines.first().map_or(0, |(_, indent, _)| *indent);
        if first != 0 {
            return None;
        }
        let body = parser.block(0)?;
        (parser.pos == parser.lines.len()).then_some(body)
    }

    fn block(&mut self, indent: usize) -> Option<Vec<Stmt>> {
        let mut stmts = Vec::new();
        while let Some((line, this_indent, text)) = self.lines.get(self.pos).cloned() {
            if this_indent < indent {
                break;
            }
            if this_indent > indent {
                return None;
            }
            self.pos += 1;
            if let Some(stmt) = self.compound(line, indent, &text)? {
                stmts.push(stmt);
                continue;
            }
            for simple in split_semicolons(&text) {
                if let Some(stmt) = simple_stmt(line, &simple)? {
                    stmts.push(stmt);
                }
            }
        }
        Some(stmts)
    }

    /// The indented body after a `…:` line.
    fn body(&mut self, indent: usize) -> Option<Vec<Stmt>> {
        let (_, next_indent, _) = self.lines.get(self.pos)?;
        if *next_indent <= indent {
            return None;
        }
        let next_indent = *next_indent;
        self.block(next_indent)
    }

    fn compound(&mut self, line: usize, indent: usize, text: &str) -> Option<Option<Stmt>> {
        let header = |keyword: &str| -> Option<String> {
            let rest = text.strip_prefix(keyword)?;
            if !rest.starts_with([' ', '(']) {
                return None;
            }
            rest.trim().strip_suffix(':').map(|s| s.trim().to_string())
        };
        if let Some(cond) = header("if") {
            let mut branches = vec![(expression(&cond)?, self.body(indent)?)];
            let mut otherwise = Vec::new();
            while let Some((_, this_indent, next)) = self.lines.get(self.pos).cloned() {
                if this_indent != indent {
                    break;
                }
                if let Some(cond) = next
                    .strip_prefix("elif ")
                    .and_then(|r| r.trim().strip_suffix(':'))
                {
                    self.pos += 1;
                    branches.push((expression(cond)?, self.body(indent)?));
                } else if next.strip_prefix("else").map(str::trim) == Some(":") {
                    self.pos += 1;
                    otherwise = self.body(indent)?;
                    break;
                } else {
                    break;
                }
            }
            return Some(Some(Stmt::If(branches, otherwise, line)));
        }
        if let Some(head) = header("for") {
            let (name, iter) = head.split_once(" in ")?;
            let count = iter.trim().strip_prefix("range(")?.strip_suffix(')')?;
            let name = name.trim();
            if !is_identifier(name) {
                return None;
            }
            return Some(Some(Stmt::For(
                name.to_string(),
                expression(count)?,
                self.body(indent)?,
                line,
            )));
        }
        if let Some(cond) = header("while") {
            return Some(Some(Stmt::While(
                expression(&cond)?,
                self.body(indent)?,
                line,
            )));
        }
        if text.ends_with(':') {
            return None;
        }
        Some(None)
    }
}

fn strip_comment(line: &str) -> String {
    let mut quote: Option<char> = None;
    let mut out = String::new();
    for c in line.chars() {
        match (quote, c) {
            (None, '#') => break,
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
        out.push(c);
    }
    out
}

fn split_semicolons(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut quote: Option<char> = None;
    let mut current = String::new();
    for c in text.chars() {
        match (quote, c) {
            (None, ';') => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn simple_stmt(line: usize, text: &str) -> Option<Option<Stmt>> {
    if text == "pass" {
        return Some(Some(Stmt::Pass));
    }
    if let Some(modules) = text.strip_prefix("import ") {
        let known = modules
            .split(',')
            .all(|m| matches!(m.trim(), "os" | "sys" | "time"));
        return known.then_some(None);
    }
    if let Some(inner) = call_args(text, "print") {
        let mut args = Vec::new();
        let mut flush = false;
        for arg in split_args(inner)? {
            match arg.split_once('=') {
                Some(("flush", value)) if !arg.contains("==") => flush = value.trim() == "True",
                _ => args.push(expression(&arg)?),
            }
        }
        return Some(Some(Stmt::Print { args, flush, line }));
    }
    for exit in ["sys.exit", "exit", "quit"] {
        if let Some(inner) = call_args(text, exit) {
            let code = if inner.trim().is_empty() {
                None
            } else {
                Some(expression(inner)?)
            };
            return Some(Some(Stmt::Exit(code, line)));
        }
    }
    if let Some(inner) = call_args(text, "time.sleep") {
        return Some(Some(Stmt::Sleep(expression(inner)?, line)));
    }
    let (name, value) = text.split_once('=')?;
    let name = name.trim();
    if !is_identifier(name) || value.starts_with('=') {
        return None;
    }
    Some(Some(Stmt::Assign(
        name.to_string(),
        expression(value)?,
        line,
    )))
}

/// `name(…)` → the text between the parentheses.
fn call_args<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    text.strip_prefix(name)?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')
}

/// Arguments split on top-level commas.
fn split_args(text: &str) -> Option<Vec<String>> {
    let mut args = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut current = String::new();
    for c in text.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                args.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    if !current.trim().is_empty() {
        args.push(current.trim().to_string());
    }
    Some(args)
}

/// An expression of the subset.
fn expression(text: &str) -> Option<Expr> {
    let tokens = tokenize(text)?;
    let mut parser = ExprParser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let expr = parser.or()?;
    (parser.pos == parser.tokens.len()).then_some(expr)
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Int(i64),
    Float(f64),
    Str(String),
    FStr(String),
    Ident(String),
    Op(&'static str),
}

const EXPR_OPS: &[&str] = &[
    "==", "!=", "<=", ">=", "//", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", ".",
];

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
            {
                i += 1;
            }
            let number: String = chars[start..i].iter().filter(|c| **c != '_').collect();
            tokens.push(if number.contains('.') {
                Token::Float(number.parse().ok()?)
            } else {
                Token::Int(number.parse().ok()?)
            });
        } else if c == '"'
            || c == '\''
            || ((c == 'f' || c == 'F') && matches!(chars.get(i + 1), Some('"' | '\'')))
        {
            let fstring = c == 'f' || c == 'F';
            i += usize::from(fstring);
            let quote = chars.get(i).copied()?;
            i += 1;
            let mut value = String::new();
            loop {
                let c = *chars.get(i)?;
                i += 1;
                if c == quote {
                    break;
                }
                if c == '\\' {
                    let escaped = *chars.get(i)?;
                    i += 1;
                    value.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                } else {
                    value.push(c);
                }
            }
            tokens.push(if fstring {
                Token::FStr(value)
            } else {
                Token::Str(value)
            });
        } else if c == '_' || c.is_ascii_alphabetic() {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| *c == '_' || c.is_ascii_alphanumeric())
            {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().collect()));
        } else {
            let op = EXPR_OPS.iter().find(|op| {
                op.chars()
                    .enumerate()
                    .all(|(k, oc)| chars.get(i + k) == Some(&oc))
            })?;
            i += op.len();
            tokens.push(Token::Op(op));
        }
    }
    Some(tokens)
}

struct ExprParser {
    tokens: Vec<Token>,
    pos: usize,
    depth: u32,
}

impl ExprParser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.peek()
            == Some(&Token::Op(match EXPR_OPS.iter().find(|o| **o == op) {
                Some(o) => o,
                None => return false,
            }))
        {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Ident(w)) if w == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Option<Expr> {
        self.depth += 1;
        if self.depth > 100 {
            return None;
        }
        let mut left = self.and()?;
        while self.eat_word("or") {
            left = Expr::Binary("or", Box::new(left), Box::new(self.and()?));
        }
        self.depth -= 1;
        Some(left)
    }

    fn and(&mut self) -> Option<Expr> {
        let mut left = self.not()?;
        while self.eat_word("and") {
            left = Expr::Binary("and", Box::new(left), Box::new(self.not()?));
        }
        Some(left)
    }

    fn not(&mut self) -> Option<Expr> {
        if self.eat_word("not") {
            return Some(Expr::Unary("not", Box::new(self.not()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Option<Expr> {
        let left = self.sum()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.eat_op(op) {
                let op = EXPR_OPS.iter().find(|o| **o == op)?;
                return Some(Expr::Binary(op, Box::new(left), Box::new(self.sum()?)));
            }
        }
        Some(left)
    }

    fn sum(&mut self) -> Option<Expr> {
        let mut left = self.term()?;
        loop {
            let op = if self.eat_op("+") {
                "+"
            } else if self.eat_op("-") {
                "-"
            } else {
                return Some(left);
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
    }

    fn term(&mut self) -> Option<Expr> {
        let mut left = self.unary()?;
        loop {
            let op = ["//", "*", "/", "%"].into_iter().find(|op| self.eat_op(op));
            let Some(op) = op else { return Some(left) };
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Option<Expr> {
        if self.eat_op("-") {
            self.depth += 1;
            if self.depth > 100 {
                return None;
            }
            let inner = self.unary()?;
            self.depth -= 1;
            return Some(Expr::Unary("-", Box::new(inner)));
        }
        if self.eat_op("+") {
            return self.unary();
        }
        self.atom()
    }

    fn atom(&mut self) -> Option<Expr> {
        let token = self.peek()?.clone();
        self.pos += 1;
        match token {
            Token::Int(n) => Some(Expr::Lit(Value::Int(n))),
            Token::Float(f) => Some(Expr::Lit(Value::Float(f))),
            Token::Str(s) => Some(Expr::Lit(Value::Str(s))),
            Token::FStr(s) => fstring(&s),
            Token::Op("(") => {
                let inner = self.or()?;
                self.eat_op(")").then_some(inner)
            }
            Token::Ident(word) => match word.as_str() {
                "True" => Some(Expr::Lit(Value::Bool(true))),
                "False" => Some(Expr::Lit(Value::Bool(false))),
                "None" => Some(Expr::Lit(Value::None)),
                "os" => self.os(),
                "int" | "str" | "len" => {
                    if !self.eat_op("(") {
                        return None;
                    }
                    let arg = self.or()?;
                    self.eat_op(")")
                        .then(|| Expr::Call(word.clone(), vec![arg]))
                }
                _ if matches!(self.peek(), Some(Token::Op("(" | "." | "["))) => None,
                _ => Some(Expr::Name(word)),
            },
            Token::Op(_) => None,
        }
    }

    /// `os.environ.get(K[, D])`, `os.getenv(K[, D])`, `os.environ[K]`.
    fn os(&mut self) -> Option<Expr> {
        if !self.eat_op(".") {
            return None;
        }
        let getter = if self.eat_word("getenv") {
            true
        } else if self.eat_word("environ") {
            if self.eat_op("[") {
                let key = self.or()?;
                return self.eat_op("]").then(|| Expr::Env {
                    key: Box::new(key),
                    default: None,
                    subscript: true,
                });
            }
            self.eat_op(".") && self.eat_word("get")
        } else {
            false
        };
        if !getter || !self.eat_op("(") {
            return None;
        }
        let key = self.or()?;
        let default = if self.eat_op(",") {
            Some(Box::new(self.or()?))
        } else {
            None
        };
        self.eat_op(")").then(|| Expr::Env {
            key: Box::new(key),
            default,
            subscript: false,
        })
    }
}

/// `f"text {expr} text"`.
fn fstring(text: &str) -> Option<Expr> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let inner: String = chars.by_ref().take_while(|c| *c != '}').collect();
                pieces.push((std::mem::take(&mut literal), Some(expression(&inner)?)));
            }
            '}' => return None,
            other => literal.push(other),
        }
    }
    pieces.push((literal, None));
    Some(Expr::FString(pieces))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_parses_and_the_rest_does_not() {
        let cases = [
            ("import os, sys\nprint('x')", true),
            ("x = 1; y = x + 2  # a comment", true),
            ("if x:\n  pass\nelif y:\n  pass\nelse:\n  pass", true),
            ("for i in range(3):\n    print(i)", true),
            ("while not done:\n  done = True", true),
            ("print(f'{a} and {{b}}', flush=True)", true),
            ("import requests", false),
            ("def f():\n  pass", false),
            ("if x:\nprint(1)", false),
            ("  print(1)", false),
            ("print(x.upper())", false),
            ("x = [1, 2]", false),
            ("print('unterminated)", false),
        ];
        for (code, parses) in cases {
            assert_eq!(Parser::parse(code).is_some(), parses, "{code:?}");
        }
    }
}
