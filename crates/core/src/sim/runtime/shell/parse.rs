//! The POSIX shell language that Job commands use, parsed into a tree: words with quoting and
//! `$` expansions, simple commands with assignments and redirections, pipelines, `&&`/`||`
//! lists, `;`/newline/`&` sequences, `if`, `for`, `while`/`until`, `{ }` groups, `( )` subshells
//! and comments. Here-documents, functions and `case` are not understood (a syntax error).
//!
//! A script parses one line at a time, as the shells do: the commands of a line run before the
//! next line is read, so a syntax error further down comes after the earlier lines' output.

/// A piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` text is never split into fields.
    Lit { text: String, quoted: bool },
    /// `$NAME`, `${NAME}`, `${NAME:-word}`, `$?`, `$1`…
    Param {
        name: String,
        op: ParamOp,
        quoted: bool,
    },
    /// `$(…)` or `` `…` ``: the script's output.
    Command { script: String, quoted: bool },
    /// `$((…))`.
    Arith { expr: String, quoted: bool },
}

/// What `${NAME<op>word}` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamOp {
    Plain,
    /// `${#NAME}`.
    Length,
    /// `-`/`:-` use the word when unset (or empty); `=`/`:=` also assign it; `+`/`:+` use the
    /// word when set (and non-empty); `?`/`:?` fail with the word as message.
    Default {
        colon: bool,
        word: Word,
    },
    Assign {
        colon: bool,
        word: Word,
    },
    Alternative {
        colon: bool,
        word: Word,
    },
    Error {
        colon: bool,
        word: Word,
    },
}

pub type Word = Vec<Part>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `>` and `>>`
    Out,
    /// `<`
    In,
    /// `>&N` / `<&N`
    Dup,
    /// `&>` (bash): stdout and stderr.
    Both,
    /// `<<WORD`: the here-document (the target) is the input.
    HereDoc,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub fd: u32,
    pub op: RedirOp,
    pub target: Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AndOr {
    And,
    Or,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Simple {
        assigns: Vec<(String, Word)>,
        words: Vec<Word>,
        redirs: Vec<Redir>,
        line: u32,
    },
    Pipeline {
        negate: bool,
        commands: Vec<Node>,
    },
    AndOr {
        first: Box<Node>,
        rest: Vec<(AndOr, Node)>,
    },
    List(Vec<Node>),
    If {
        branches: Vec<(Node, Node)>,
        otherwise: Option<Box<Node>>,
    },
    For {
        var: String,
        items: Option<Vec<Word>>,
        body: Box<Node>,
    },
    While {
        until: bool,
        cond: Box<Node>,
        body: Box<Node>,
    },
    Group(Box<Node>),
    Subshell(Box<Node>),
    Redirected {
        node: Box<Node>,
        redirs: Vec<Redir>,
    },
    /// `command &`: runs alongside the shell.
    Background(Box<Node>),
    /// `name() BODY`: defines a function.
    Function {
        name: String,
        body: Box<Node>,
    },
    /// `case WORD in PATTERN|PATTERN) LIST ;; … esac`
    Case {
        word: Word,
        arms: Vec<(Vec<Word>, Option<Node>)>,
    },
}

/// Why a script does not parse, in terms each shell words its own way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxError {
    Unexpected {
        token: String,
        line: u32,
    },
    UnexpectedEof {
        expecting: Option<&'static str>,
        line: u32,
    },
    Unterminated {
        quote: char,
        line: u32,
    },
    BadSubstitution {
        line: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    /// A word, and its text when it is plain unquoted text (a reserved word candidate).
    Word(Word, Option<String>),
    Op(&'static str),
    Redir(u32, RedirOp),
    /// `<<WORD` with its here-document, read from the lines after the current one.
    HereDoc(Word),
    Newline,
    Eof,
}

const OPERATORS: &[&str] = &["&&", "||", ";;", ";", "&", "|", "(", ")"];
const RESERVED: &[&str] = &[
    "if", "then", "elif", "else", "fi", "for", "in", "do", "done", "while", "until", "{", "}", "!",
    "case", "esac",
];

pub struct Parser {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    peeked: Option<(Tok, u32)>,
    /// How deep the compound commands being parsed nest.
    depth: u32,
    /// Lines of here-documents taken out of the text, counted when their line ends.
    skipped_lines: u32,
}

/// How deep compound commands may nest before the parser refuses the script.
const MAX_DEPTH: u32 = 100;

impl Parser {
    pub fn new(script: &str) -> Self {
        Parser {
            chars: script.chars().collect(),
            pos: 0,
            line: 1,
            peeked: None,
            depth: 0,
            skipped_lines: 0,
        }
    }

    /// The commands of the next line (or several lines, when a compound command spans them);
    /// `None` at the end of the script.
    // Upstream: POSIX Shell Command Language §2.10 (complete_command).
    pub fn next_line(&mut self) -> Result<Option<Node>, SyntaxError> {
        loop {
            match self.peek()? {
                Tok::Eof => return Ok(None),
                Tok::Newline => {
                    self.bump();
                }
                _ => break,
            }
        }
        let list = self.list(&[])?;
        match self.peek()? {
            Tok::Newline => {
                self.bump();
                Ok(Some(list))
            }
            Tok::Eof => Ok(Some(list)),
            other => Err(self.unexpected(&other)),
        }
    }

    /// Commands separated by `;`, `&` (and newlines when `multiline`), up to one of `until`'s
    /// reserved words, `)` or the end of the line.
    fn list(&mut self, until: &[&str]) -> Result<Node, SyntaxError> {
        let multiline = !until.is_empty();
        let mut items = Vec::new();
        loop {
            if multiline {
                while self.peek()? == Tok::Newline {
                    self.bump();
                }
            }
            let tok = self.peek()?;
            if self.ends_list(&tok, until) {
                break;
            }
            items.push(self.and_or()?);
            match self.peek()? {
                Tok::Op(";") => {
                    self.bump();
                }
                Tok::Op("&") => {
                    self.bump();
                    if let Some(last) = items.pop() {
                        items.push(Node::Background(Box::new(last)));
                    }
                }
                Tok::Newline if multiline => {}
                _ => break,
            }
        }
        if items.is_empty() {
            let tok = self.peek()?;
            return Err(self.unexpected(&tok));
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::List(items)
        })
    }

    fn ends_list(&self, tok: &Tok, until: &[&str]) -> bool {
        match tok {
            Tok::Eof | Tok::Newline | Tok::Op(")") | Tok::Op(";;") => true,
            Tok::Word(_, Some(text)) => until.contains(&text.as_str()),
            _ => false,
        }
    }

    fn and_or(&mut self) -> Result<Node, SyntaxError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let op = match self.peek()? {
                Tok::Op("&&") => AndOr::And,
                Tok::Op("||") => AndOr::Or,
                _ => break,
            };
            self.bump();
            self.skip_newlines()?;
            rest.push((op, self.pipeline()?));
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Node::AndOr {
                first: Box::new(first),
                rest,
            }
        })
    }

    fn skip_newlines(&mut self) -> Result<(), SyntaxError> {
        while self.peek()? == Tok::Newline {
            self.bump();
        }
        Ok(())
    }

    fn pipeline(&mut self) -> Result<Node, SyntaxError> {
        let negate = matches!(self.peek()?, Tok::Word(_, Some(ref t)) if t == "!");
        if negate {
            self.bump();
        }
        let mut commands = vec![self.command()?];
        while self.peek()? == Tok::Op("|") {
            self.bump();
            self.skip_newlines()?;
            commands.push(self.command()?);
        }
        Ok(if commands.len() == 1 && !negate {
            commands.remove(0)
        } else {
            Node::Pipeline { negate, commands }
        })
    }

    fn command(&mut self) -> Result<Node, SyntaxError> {
        self.depth += 1;
        let node = if self.depth > MAX_DEPTH {
            let tok = self.peek()?;
            Err(self.unexpected(&tok))
        } else {
            self.command_inner()
        };
        self.depth -= 1;
        node
    }

    fn command_inner(&mut self) -> Result<Node, SyntaxError> {
        let tok = self.peek()?;
        if let Tok::Word(_, Some(name)) = &tok {
            if is_name(name) && !RESERVED.contains(&name.as_str()) && self.parentheses_follow() {
                self.bump();
                for paren in ["(", ")"] {
                    match self.peek()? {
                        Tok::Op(op) if op == paren => self.bump(),
                        other => return Err(self.unexpected(&other)),
                    }
                }
                self.skip_newlines()?;
                let body = self.command()?;
                return Ok(Node::Function {
                    name: name.clone(),
                    body: Box::new(body),
                });
            }
        }
        let compound = match &tok {
            Tok::Word(_, Some(text)) => match text.as_str() {
                "if" => Some(self.if_clause()?),
                "for" => Some(self.for_clause()?),
                "while" | "until" => Some(self.while_clause(text == "until")?),
                "case" => Some(self.case_clause()?),
                "{" => {
                    self.bump();
                    let body = self.list(&["}"])?;
                    self.expect_word("}")?;
                    Some(Node::Group(Box::new(body)))
                }
                word if RESERVED.contains(&word) => return Err(self.unexpected(&tok)),
                _ => None,
            },
            Tok::Op("(") => {
                self.bump();
                let body = self.subshell_body()?;
                Some(Node::Subshell(Box::new(body)))
            }
            _ => None,
        };
        match compound {
            Some(node) => {
                let mut redirs = Vec::new();
                while let Some(redir) = self.redirection()? {
                    redirs.push(redir);
                }
                Ok(if redirs.is_empty() {
                    node
                } else {
                    Node::Redirected {
                        node: Box::new(node),
                        redirs,
                    }
                })
            }
            None => self.simple(),
        }
    }

    fn subshell_body(&mut self) -> Result<Node, SyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.peek()? == Tok::Op(")") {
                self.bump();
                break;
            }
            if self.peek()? == Tok::Eof {
                return Err(SyntaxError::UnexpectedEof {
                    expecting: Some(")"),
                    line: self.line,
                });
            }
            items.push(self.list(&[])?);
            if let Tok::Op(";;") = self.peek()? {
                let tok = self.peek()?;
                return Err(self.unexpected(&tok));
            }
        }
        if items.is_empty() {
            return Err(SyntaxError::Unexpected {
                token: ")".into(),
                line: self.line,
            });
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::List(items)
        })
    }

    fn if_clause(&mut self) -> Result<Node, SyntaxError> {
        self.bump();
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.list(&["then"])?;
            self.expect_word("then")?;
            let body = self.list(&["elif", "else", "fi"])?;
            branches.push((cond, body));
            match self.word_text()?.as_deref() {
                Some("elif") => {
                    self.bump();
                }
                Some("else") => {
                    self.bump();
                    otherwise = Some(Box::new(self.list(&["fi"])?));
                    self.expect_word("fi")?;
                    break;
                }
                _ => {
                    self.expect_word("fi")?;
                    break;
                }
            }
        }
        Ok(Node::If {
            branches,
            otherwise,
        })
    }

    fn for_clause(&mut self) -> Result<Node, SyntaxError> {
        self.bump();
        let var = match self.peek()? {
            Tok::Word(_, Some(name)) if is_name(&name) => name,
            other => return Err(self.unexpected(&other)),
        };
        self.bump();
        while self.peek()? == Tok::Newline {
            self.bump();
        }
        let mut items = None;
        if self.word_text()?.as_deref() == Some("in") {
            self.bump();
            let mut words = Vec::new();
            while let Tok::Word(word, _) = self.peek()? {
                self.bump();
                words.push(word);
            }
            items = Some(words);
            match self.peek()? {
                Tok::Op(";") | Tok::Newline => {
                    self.bump();
                }
                other => return Err(self.unexpected(&other)),
            }
        } else if self.peek()? == Tok::Op(";") {
            self.bump();
        }
        self.skip_newlines()?;
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(Node::For {
            var,
            items,
            body: Box::new(body),
        })
    }

    /// `case WORD in [(]PATTERN[|PATTERN]…) LIST ;; … esac`.
    fn case_clause(&mut self) -> Result<Node, SyntaxError> {
        self.bump();
        let word = match self.peek()? {
            Tok::Word(word, _) => word,
            other => return Err(self.unexpected(&other)),
        };
        self.bump();
        self.skip_newlines()?;
        self.expect_word("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.word_text()?.as_deref() == Some("esac") {
                self.bump();
                break;
            }
            if self.peek()? == Tok::Op("(") {
                self.bump();
            }
            let mut patterns = Vec::new();
            loop {
                match self.peek()? {
                    Tok::Word(pattern, _) => {
                        self.bump();
                        patterns.push(pattern);
                    }
                    Tok::Eof => {
                        return Err(SyntaxError::UnexpectedEof {
                            expecting: Some("esac"),
                            line: self.line,
                        })
                    }
                    other => return Err(self.unexpected(&other)),
                }
                if self.peek()? != Tok::Op("|") {
                    break;
                }
                self.bump();
            }
            match self.peek()? {
                Tok::Op(")") => self.bump(),
                other => return Err(self.unexpected(&other)),
            }
            self.skip_newlines()?;
            let ends_arm = |tok: &Tok| {
                *tok == Tok::Op(";;") || matches!(tok, Tok::Word(_, Some(t)) if t == "esac")
            };
            let body = if ends_arm(&self.peek()?) {
                None
            } else {
                Some(self.list(&["esac"])?)
            };
            arms.push((patterns, body));
            match self.peek()? {
                Tok::Op(";;") => self.bump(),
                Tok::Word(_, Some(text)) if text == "esac" => {}
                Tok::Eof => {
                    return Err(SyntaxError::UnexpectedEof {
                        expecting: Some("esac"),
                        line: self.line,
                    })
                }
                other => return Err(self.unexpected(&other)),
            }
        }
        Ok(Node::Case { word, arms })
    }

    fn while_clause(&mut self, until: bool) -> Result<Node, SyntaxError> {
        self.bump();
        let cond = self.list(&["do"])?;
        self.expect_word("do")?;
        let body = self.list(&["done"])?;
        self.expect_word("done")?;
        Ok(Node::While {
            until,
            cond: Box::new(cond),
            body: Box::new(body),
        })
    }

    fn simple(&mut self) -> Result<Node, SyntaxError> {
        let line = self.line_of_next()?;
        let mut assigns = Vec::new();
        let mut words = Vec::new();
        let mut redirs = Vec::new();
        loop {
            match self.peek()? {
                Tok::Word(word, _) => {
                    self.bump();
                    match assignment(&word) {
                        Some(assign) if words.is_empty() => assigns.push(assign),
                        _ => words.push(word),
                    }
                }
                Tok::Redir(..) | Tok::HereDoc(_) => {
                    if let Some(redir) = self.redirection()? {
                        redirs.push(redir);
                    }
                }
                _ => break,
            }
        }
        if assigns.is_empty() && words.is_empty() && redirs.is_empty() {
            let tok = self.peek()?;
            return Err(self.unexpected(&tok));
        }
        Ok(Node::Simple {
            assigns,
            words,
            redirs,
            line,
        })
    }

    /// The redirection that comes next, if one does.
    fn redirection(&mut self) -> Result<Option<Redir>, SyntaxError> {
        match self.peek()? {
            Tok::Redir(fd, op) => {
                self.bump();
                self.redir_target(fd, op).map(Some)
            }
            Tok::HereDoc(target) => {
                self.bump();
                Ok(Some(Redir {
                    fd: 0,
                    op: RedirOp::HereDoc,
                    target,
                }))
            }
            _ => Ok(None),
        }
    }

    fn redir_target(&mut self, fd: u32, op: RedirOp) -> Result<Redir, SyntaxError> {
        match self.peek()? {
            Tok::Word(target, _) => {
                self.bump();
                Ok(Redir { fd, op, target })
            }
            other => Err(self.unexpected(&other)),
        }
    }

    fn expect_word(&mut self, word: &'static str) -> Result<(), SyntaxError> {
        match self.peek()? {
            Tok::Word(_, Some(text)) if text == word => {
                self.bump();
                Ok(())
            }
            Tok::Eof => Err(SyntaxError::UnexpectedEof {
                expecting: Some(word),
                line: self.line,
            }),
            other => Err(self.unexpected(&other)),
        }
    }

    fn word_text(&mut self) -> Result<Option<String>, SyntaxError> {
        Ok(match self.peek()? {
            Tok::Word(_, text) => text,
            _ => None,
        })
    }

    fn unexpected(&self, tok: &Tok) -> SyntaxError {
        let line = self.peeked.as_ref().map_or(self.line, |(_, line)| *line);
        let token = match tok {
            Tok::Eof => {
                return SyntaxError::UnexpectedEof {
                    expecting: None,
                    line,
                }
            }
            Tok::Newline => "newline".to_string(),
            Tok::Op(op) => op.to_string(),
            Tok::Redir(..) | Tok::HereDoc(_) => "redirection".to_string(),
            Tok::Word(word, text) => text.clone().unwrap_or_else(|| plain_text(word)),
        };
        SyntaxError::Unexpected { token, line }
    }

    fn line_of_next(&mut self) -> Result<u32, SyntaxError> {
        self.peek()?;
        Ok(self.peeked.as_ref().map_or(self.line, |(_, line)| *line))
    }

    fn peek(&mut self) -> Result<Tok, SyntaxError> {
        if self.peeked.is_none() {
            let tok = self.lex()?;
            self.peeked = Some(tok);
        }
        Ok(self
            .peeked
            .as_ref()
            .map_or(Tok::Eof, |(tok, _)| tok.clone()))
    }

    fn bump(&mut self) {
        self.peeked = None;
    }

    /// Whether `(` and `)` come next in the text (a function definition's `name()`).
    fn parentheses_follow(&self) -> bool {
        let rest = self.chars.get(self.pos..).unwrap_or_default();
        let mut chars = rest.iter().filter(|c| !matches!(c, ' ' | '\t'));
        chars.next() == Some(&'(') && chars.next() == Some(&')')
    }

    fn at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    /// The next token and the line it starts on.
    fn lex(&mut self) -> Result<(Tok, u32), SyntaxError> {
        loop {
            match self.at(0) {
                Some(' ' | '\t' | '\r') => self.pos += 1,
                Some('\\') if self.at(1) == Some('\n') => {
                    self.pos += 2;
                    self.line += 1;
                }
                Some('#') => {
                    while let Some(c) = self.at(0) {
                        if c == '\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
        let line = self.line;
        let Some(c) = self.at(0) else {
            return Ok((Tok::Eof, line));
        };
        if c == '\n' {
            self.pos += 1;
            self.line += 1 + std::mem::take(&mut self.skipped_lines);
            return Ok((Tok::Newline, line));
        }
        if let Some(redir) = self.lex_redirection() {
            return Ok((redir?, line));
        }
        for op in OPERATORS {
            if op.chars().enumerate().all(|(i, oc)| self.at(i) == Some(oc)) {
                self.pos += op.len();
                return Ok((Tok::Op(op), line));
            }
        }
        let (word, plain) = self.lex_word(None)?;
        Ok((Tok::Word(word, plain), line))
    }

    /// `[n]>`, `[n]>>`, `[n]<`, `[n]>&m`, `&>`; here-documents are refused.
    fn lex_redirection(&mut self) -> Option<Result<Tok, SyntaxError>> {
        let digits = (0..)
            .take_while(|&i| self.at(i).is_some_and(|c| c.is_ascii_digit()))
            .count();
        let next = self.at(digits);
        if self.at(0) == Some('&') && self.at(1) == Some('>') {
            self.pos += 2;
            if self.at(0) == Some('>') {
                self.pos += 1;
            }
            return Some(Ok(Tok::Redir(1, RedirOp::Both)));
        }
        if !matches!(next, Some('<' | '>')) {
            return None;
        }
        let fd_text: String = (0..digits).filter_map(|i| self.at(i)).collect();
        let default_fd = if next == Some('<') { 0 } else { 1 };
        let fd = if digits == 0 {
            default_fd
        } else {
            fd_text.parse().unwrap_or(u32::MAX)
        };
        self.pos += digits + 1;
        let op = match (next, self.at(0)) {
            (Some('<'), Some('<')) => {
                self.pos += 1;
                return Some(self.here_document());
            }
            (_, Some('&')) => {
                self.pos += 1;
                RedirOp::Dup
            }
            (Some('>'), Some('>' | '|')) => {
                self.pos += 1;
                RedirOp::Out
            }
            (Some('>'), _) => RedirOp::Out,
            _ => RedirOp::In,
        };
        Some(Ok(Tok::Redir(fd, op)))
    }

    /// After `<<`: the delimiter word, then the here-document taken out of the lines that
    /// follow the current one (up to the delimiter's line, or the end of the script). With a
    /// quoted delimiter the text is literal; otherwise `$` expansions apply, as in double
    /// quotes. `<<-` strips leading tabs.
    // Upstream: POSIX §2.7.4 Here-Document.
    fn here_document(&mut self) -> Result<Tok, SyntaxError> {
        let strip_tabs = self.at(0) == Some('-');
        if strip_tabs {
            self.pos += 1;
        }
        while matches!(self.at(0), Some(' ' | '\t')) {
            self.pos += 1;
        }
        let (word, _) = self.lex_word(None)?;
        if word.is_empty() {
            let tok = self.lex()?.0;
            return Err(self.unexpected(&tok));
        }
        let quoted = word
            .iter()
            .any(|part| !matches!(part, Part::Lit { quoted: false, .. }));
        let delimiter: String = word
            .iter()
            .map(|part| match part {
                Part::Lit { text, .. } => text.clone(),
                Part::Param { name, .. } => format!("${name}"),
                Part::Command { script, .. } => format!("$({script})"),
                Part::Arith { expr, .. } => format!("$(({expr}))"),
            })
            .collect();
        // The body starts after the end of the current line.
        let Some(line_end) = (self.pos..self.chars.len()).find(|&i| self.chars[i] == '\n') else {
            return Ok(Tok::HereDoc(Vec::new()));
        };
        let mut body = String::new();
        let mut cursor = line_end + 1;
        let mut lines = 0;
        while cursor < self.chars.len() {
            let end = (cursor..self.chars.len())
                .find(|&i| self.chars[i] == '\n')
                .unwrap_or(self.chars.len());
            let raw: String = self.chars[cursor..end].iter().collect();
            let text = if strip_tabs {
                raw.trim_start_matches('\t').to_string()
            } else {
                raw
            };
            lines += 1;
            cursor = (end + 1).min(self.chars.len());
            if text == delimiter {
                break;
            }
            body.push_str(&text);
            body.push('\n');
        }
        self.chars.drain(line_end + 1..cursor);
        self.skipped_lines += lines;
        if quoted {
            return Ok(Tok::HereDoc(vec![Part::Lit {
                text: body,
                quoted: true,
            }]));
        }
        let mut inner = Parser::new(&body);
        let mut parts = Vec::new();
        inner.lex_double_quoted(&mut parts, None)?;
        Ok(Tok::HereDoc(parts))
    }

    /// A word up to an unquoted metacharacter (or `stop`, inside `${…}`); its plain text when
    /// it has no quoting or expansion.
    fn lex_word(&mut self, stop: Option<char>) -> Result<(Word, Option<String>), SyntaxError> {
        let mut parts: Word = Vec::new();
        let mut lit = String::new();
        let mut plain = true;
        while let Some(c) = self.at(0) {
            if Some(c) == stop {
                break;
            }
            if stop.is_none()
                && matches!(
                    c,
                    ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')'
                )
            {
                break;
            }
            match c {
                '\'' => {
                    plain = false;
                    flush(&mut parts, &mut lit, false);
                    self.pos += 1;
                    let mut text = String::new();
                    loop {
                        match self.at(0) {
                            None => {
                                return Err(SyntaxError::Unterminated {
                                    quote: '\'',
                                    line: self.line,
                                })
                            }
                            Some('\'') => break,
                            Some(ch) => {
                                if ch == '\n' {
                                    self.line += 1;
                                }
                                text.push(ch);
                                self.pos += 1;
                            }
                        }
                    }
                    self.pos += 1;
                    parts.push(Part::Lit { text, quoted: true });
                }
                '"' => {
                    plain = false;
                    flush(&mut parts, &mut lit, false);
                    self.pos += 1;
                    self.lex_double_quoted(&mut parts, Some('"'))?;
                }
                '\\' => {
                    plain = false;
                    match self.at(1) {
                        Some('\n') => {
                            self.pos += 2;
                            self.line += 1;
                        }
                        Some(ch) => {
                            flush(&mut parts, &mut lit, false);
                            parts.push(Part::Lit {
                                text: ch.to_string(),
                                quoted: true,
                            });
                            self.pos += 2;
                        }
                        None => {
                            lit.push('\\');
                            self.pos += 1;
                        }
                    }
                }
                '$' | '`' => match self.lex_dollar(false)? {
                    Some(part) => {
                        plain = false;
                        flush(&mut parts, &mut lit, false);
                        parts.push(part);
                    }
                    None => {
                        lit.push('$');
                        self.pos += 1;
                    }
                },
                _ => {
                    lit.push(c);
                    self.pos += 1;
                }
            }
        }
        let text = plain.then(|| lit.clone());
        flush(&mut parts, &mut lit, false);
        Ok((parts, text))
    }

    /// The inside of double quotes, up to the closing `"` (`Some('"')`), or a here-document's
    /// text, up to its end (`None`, where `"` is an ordinary character).
    fn lex_double_quoted(
        &mut self,
        parts: &mut Word,
        closer: Option<char>,
    ) -> Result<(), SyntaxError> {
        let mut lit = String::new();
        loop {
            match self.at(0) {
                None if closer.is_none() => break,
                None => {
                    return Err(SyntaxError::Unterminated {
                        quote: '"',
                        line: self.line,
                    })
                }
                Some('"') if closer == Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => match self.at(1) {
                    Some(ch @ ('$' | '`' | '\\')) => {
                        lit.push(ch);
                        self.pos += 2;
                    }
                    Some('"') if closer == Some('"') => {
                        lit.push('"');
                        self.pos += 2;
                    }
                    Some('\n') => {
                        self.pos += 2;
                        self.line += 1;
                    }
                    _ => {
                        lit.push('\\');
                        self.pos += 1;
                    }
                },
                Some('$' | '`') => match self.lex_dollar(true)? {
                    Some(part) => {
                        flush(parts, &mut lit, true);
                        parts.push(part);
                    }
                    None => {
                        lit.push('$');
                        self.pos += 1;
                    }
                },
                Some(ch) => {
                    if ch == '\n' {
                        self.line += 1;
                    }
                    lit.push(ch);
                    self.pos += 1;
                }
            }
        }
        flush(parts, &mut lit, true);
        // `""` is an empty quoted field, not nothing.
        if parts.is_empty() {
            parts.push(Part::Lit {
                text: String::new(),
                quoted: true,
            });
        }
        Ok(())
    }

    /// An expansion at `$` or `` ` ``; `None` when the `$` is literal.
    fn lex_dollar(&mut self, quoted: bool) -> Result<Option<Part>, SyntaxError> {
        if self.at(0) == Some('`') {
            self.pos += 1;
            let start = self.pos;
            while self.at(0) != Some('`') {
                if self.at(0).is_none() {
                    return Err(SyntaxError::Unterminated {
                        quote: '`',
                        line: self.line,
                    });
                }
                if self.at(0) == Some('\\') {
                    self.pos += 1;
                }
                self.pos += 1;
            }
            let script: String = self.chars[start..self.pos].iter().collect();
            self.pos += 1;
            return Ok(Some(Part::Command { script, quoted }));
        }
        match self.at(1) {
            Some('(') if self.at(2) == Some('(') => {
                self.pos += 3;
                let expr = self.balanced(2)?;
                Ok(Some(Part::Arith { expr, quoted }))
            }
            Some('(') => {
                self.pos += 2;
                let script = self.balanced(1)?;
                Ok(Some(Part::Command { script, quoted }))
            }
            Some('{') => {
                self.pos += 2;
                self.braced_param(quoted).map(Some)
            }
            Some(c)
                if c.is_ascii_digit() || matches!(c, '?' | '$' | '#' | '@' | '*' | '!' | '-') =>
            {
                self.pos += 2;
                Ok(Some(Part::Param {
                    name: c.to_string(),
                    op: ParamOp::Plain,
                    quoted,
                }))
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                self.pos += 1;
                let start = self.pos;
                while self
                    .at(0)
                    .is_some_and(|c| c == '_' || c.is_ascii_alphanumeric())
                {
                    self.pos += 1;
                }
                let name = self.chars[start..self.pos].iter().collect();
                Ok(Some(Part::Param {
                    name,
                    op: ParamOp::Plain,
                    quoted,
                }))
            }
            _ => Ok(None),
        }
    }

    /// The text up to the `closers` closing parentheses that balance the opened ones.
    fn balanced(&mut self, closers: usize) -> Result<String, SyntaxError> {
        let start = self.pos;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        loop {
            let Some(c) = self.at(0) else {
                return Err(SyntaxError::UnexpectedEof {
                    expecting: Some(")"),
                    line: self.line,
                });
            };
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some('"'), '\\') => self.pos += 1,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '\\') => self.pos += 1,
                (None, '(') => depth += 1,
                (None, ')') if depth > 0 => depth -= 1,
                (None, ')') => {
                    let end = self.pos;
                    if closers == 2 && self.at(1) != Some(')') {
                        return Err(SyntaxError::Unexpected {
                            token: ")".into(),
                            line: self.line,
                        });
                    }
                    self.pos += closers;
                    return Ok(self.chars[start..end].iter().collect());
                }
                _ => {}
            }
            if c == '\n' {
                self.line += 1;
            }
            self.pos += 1;
        }
    }

    fn braced_param(&mut self, quoted: bool) -> Result<Part, SyntaxError> {
        let line = self.line;
        let bad = SyntaxError::BadSubstitution { line };
        let length = self.at(0) == Some('#') && self.at(1).is_some_and(|c| c != '}');
        if length {
            self.pos += 1;
        }
        let start = self.pos;
        match self.at(0) {
            Some(c)
                if c.is_ascii_digit() || matches!(c, '?' | '$' | '#' | '@' | '*' | '!' | '-') =>
            {
                self.pos += 1
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                while self
                    .at(0)
                    .is_some_and(|c| c == '_' || c.is_ascii_alphanumeric())
                {
                    self.pos += 1;
                }
            }
            _ => return Err(bad),
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        if length {
            return if self.at(0) == Some('}') {
                self.pos += 1;
                Ok(Part::Param {
                    name,
                    op: ParamOp::Length,
                    quoted,
                })
            } else {
                Err(bad)
            };
        }
        let colon = self.at(0) == Some(':');
        if colon {
            self.pos += 1;
        }
        let kind = self.at(0);
        if kind == Some('}') && !colon {
            self.pos += 1;
            return Ok(Part::Param {
                name,
                op: ParamOp::Plain,
                quoted,
            });
        }
        if !matches!(kind, Some('-' | '=' | '+' | '?')) {
            return Err(bad);
        }
        self.pos += 1;
        let (mut word, _) = self.lex_word(Some('}'))?;
        if self.at(0) != Some('}') {
            return Err(SyntaxError::UnexpectedEof {
                expecting: Some("}"),
                line: self.line,
            });
        }
        self.pos += 1;
        if quoted {
            for part in &mut word {
                mark_quoted(part);
            }
        }
        let op = match kind {
            Some('-') => ParamOp::Default { colon, word },
            Some('=') => ParamOp::Assign { colon, word },
            Some('+') => ParamOp::Alternative { colon, word },
            _ => ParamOp::Error { colon, word },
        };
        Ok(Part::Param { name, op, quoted })
    }
}

fn mark_quoted(part: &mut Part) {
    match part {
        Part::Lit { quoted, .. }
        | Part::Param { quoted, .. }
        | Part::Command { quoted, .. }
        | Part::Arith { quoted, .. } => *quoted = true,
    }
}

fn flush(parts: &mut Word, lit: &mut String, quoted: bool) {
    if !lit.is_empty() {
        parts.push(Part::Lit {
            text: std::mem::take(lit),
            quoted,
        });
    }
}

/// A shell variable name: a letter or `_`, then letters, digits and `_`.
pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// `NAME=value` at the start of a word (the `NAME=` unquoted).
fn assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit {
        text,
        quoted: false,
    }) = word.first()
    else {
        return None;
    };
    let eq = text.find('=')?;
    let name = &text[..eq];
    if !is_name(name) {
        return None;
    }
    let mut value = Vec::with_capacity(word.len());
    let rest = &text[eq + 1..];
    if !rest.is_empty() {
        value.push(Part::Lit {
            text: rest.to_string(),
            quoted: false,
        });
    }
    value.extend(word.iter().skip(1).cloned());
    Some((name.to_string(), value))
}

/// A word's source-like text, for error messages.
fn plain_text(word: &Word) -> String {
    word.iter()
        .map(|part| match part {
            Part::Lit { text, .. } => text.clone(),
            Part::Param { name, .. } => format!("${name}"),
            Part::Command { script, .. } => format!("$({script})"),
            Part::Arith { expr, .. } => format!("$(({expr}))"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(script: &str) -> Result<Vec<Node>, SyntaxError> {
        let mut parser = Parser::new(script);
        let mut out = Vec::new();
        while let Some(node) = parser.next_line()? {
            out.push(node);
        }
        Ok(out)
    }

    fn lit(text: &str) -> Word {
        vec![Part::Lit {
            text: text.into(),
            quoted: false,
        }]
    }

    #[test]
    fn a_simple_command_is_its_words() {
        let got = lines("echo Hello, Job").unwrap();
        let want = Node::Simple {
            assigns: vec![],
            words: vec![lit("echo"), lit("Hello,"), lit("Job")],
            redirs: vec![],
            line: 1,
        };
        assert_eq!(got, vec![want]);
    }

    #[test]
    fn lists_pipelines_and_compound_commands_parse() {
        let cases = [
            ("date; echo Hello from the Kubernetes cluster", 1),
            ("echo 'scale=10000; 4*a(1)' | bc -l ", 1),
            ("echo Processing item $ITEM && sleep 5", 1),
            ("a || b && c; d &", 1),
            ("echo a\necho b\n\n", 2),
            (
                "if [ \"$X\" = 1 ]; then echo one; elif true; then :; else echo other; fi",
                1,
            ),
            ("for i in 1 2 3\ndo\n  echo $i\ndone", 1),
            ("while false; do sleep 1; done > /dev/null 2>&1", 1),
            ("{ echo a; echo b; } | cat", 1),
            ("(exit 3); echo $?", 1),
            ("X=1 Y=\"two words\" env # a comment", 1),
            ("cat <<EOF\nbody\nEOF\necho next", 2),
            ("f() { echo f; }; f", 1),
            ("case $X in a|b) echo ab ;; *) ;; esac", 1),
            ("echo ${A:-default} ${#A} $((1 + 2)) $(date) `date`", 1),
        ];
        for (script, count) in cases {
            let got = lines(script).unwrap_or_else(|e| panic!("{script:?}: {e:?}"));
            assert_eq!(got.len(), count, "{script:?}");
        }
    }

    #[test]
    fn syntax_errors_say_where() {
        let cases = [
            (
                "echo 'unterminated",
                SyntaxError::Unterminated {
                    quote: '\'',
                    line: 1,
                },
            ),
            (
                "echo \"a\nb",
                SyntaxError::Unterminated {
                    quote: '"',
                    line: 2,
                },
            ),
            (
                "if true; then echo",
                SyntaxError::UnexpectedEof {
                    expecting: Some("fi"),
                    line: 1,
                },
            ),
            (
                "echo a;; b",
                SyntaxError::Unexpected {
                    token: ";;".into(),
                    line: 1,
                },
            ),
            (
                "fi",
                SyntaxError::Unexpected {
                    token: "fi".into(),
                    line: 1,
                },
            ),
            ("echo ${A%b}", SyntaxError::BadSubstitution { line: 1 }),
            (
                "echo a |",
                SyntaxError::UnexpectedEof {
                    expecting: None,
                    line: 1,
                },
            ),
        ];
        for (script, want) in cases {
            assert_eq!(lines(script), Err(want), "{script:?}");
        }
    }

    #[test]
    fn assignments_come_before_the_command_name() {
        let got = lines("A=1 echo B=2").unwrap();
        let Node::Simple { assigns, words, .. } = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(assigns, &vec![("A".to_string(), lit("1"))]);
        assert_eq!(words, &vec![lit("echo"), lit("B=2")]);
    }
}
