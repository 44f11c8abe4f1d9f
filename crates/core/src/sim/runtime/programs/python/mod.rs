//! `python3 -c CODE`: the small scripts of the Kubernetes documentation's Job examples
//! (backoff limit per index, pod failure policy, success policy), which read
//! `JOB_COMPLETION_INDEX` and exit with a code. Understood: `import`, assignments, `print`,
//! `if`/`elif`/`else`, `for … in range(…)`, `while`, `pass`, `sys.exit`/`exit`, `time.sleep`,
//! integers, floats, strings (f-strings too), `os.environ.get`, `os.environ[…]`, `os.getenv`,
//! `int`, `str`, `len`. Anything else makes it an unknown program.
//!
//! As a real Python writing to a pipe, `print` output waits in a buffer until the program
//! ends, unless `-u`, `PYTHONUNBUFFERED` or `flush=True` say otherwise.

mod parse;
mod value;

use std::collections::BTreeMap;

use crate::sim::runtime::machine::{Io, Machine, Status};
use crate::sim::time::SimDuration;
use parse::{Expr, Parser, Stmt};
use value::{binary, call, show, truthy, type_name, Value};

/// How a run of statements ends.
enum Flow {
    Next,
    Exit(i32),
    Forever,
    /// An uncaught exception: its last traceback line, and the line it happened on.
    Raise(String, usize),
}

// Upstream: the Python language reference (a subset), CPython's `-c` and `-u` switches.
pub fn run(
    machine: &mut Machine,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    let mut unbuffered = env.get("PYTHONUNBUFFERED").is_some_and(|v| !v.is_empty());
    let mut code = None;
    let mut rest = argv.get(1..).unwrap_or_default();
    while let Some(arg) = rest.first() {
        match arg.as_str() {
            "-u" => unbuffered = true,
            "-B" | "-E" | "-s" | "-S" | "-I" | "-O" => {}
            "-c" => {
                code = rest.get(1).cloned();
                break;
            }
            // A script, a module (-m) or a switch jobsim does not model.
            _ => return super::unknown(machine),
        }
        rest = &rest[1..];
    }
    // Without -c or a script, python reads its program from the (empty) standard input.
    let Some(code) = code else {
        return Status::Exit(0);
    };
    let Some(program) = Parser::parse(&code) else {
        return super::unknown(machine);
    };
    let mut interpreter = Interpreter {
        machine,
        env,
        io,
        vars: BTreeMap::new(),
        buffer: String::new(),
        unbuffered,
    };
    let flow = interpreter.block(&program);
    let buffered = std::mem::take(&mut interpreter.buffer);
    let machine = interpreter.machine;
    let status = match flow {
        Flow::Next => Status::Exit(0),
        Flow::Exit(code) => Status::Exit(code),
        Flow::Forever => return Status::Forever,
        Flow::Raise(error, line) => {
            let traceback = format!(
                "Traceback (most recent call last):\n  File \"<string>\", line {line}, in <module>\n{error}\n"
            );
            machine.write(io.stderr, &traceback);
            Status::Exit(1)
        }
    };
    // The buffered output is flushed as the interpreter shuts down.
    machine.write(io.stdout, &buffered);
    status
}

struct Interpreter<'m, 'a, 'e> {
    machine: &'m mut Machine<'a>,
    env: &'e BTreeMap<String, String>,
    io: &'e Io,
    vars: BTreeMap<String, Value>,
    buffer: String,
    unbuffered: bool,
}

impl Interpreter<'_, '_, '_> {
    fn block(&mut self, stmts: &[Stmt]) -> Flow {
        for stmt in stmts {
            if !self.machine.step() {
                return Flow::Forever;
            }
            match self.stmt(stmt) {
                Flow::Next => {}
                other => return other,
            }
        }
        Flow::Next
    }

    fn stmt(&mut self, stmt: &Stmt) -> Flow {
        match stmt {
            Stmt::Pass => Flow::Next,
            Stmt::Assign(name, expr, line) => match self.eval(expr) {
                Ok(value) => {
                    self.vars.insert(name.clone(), value);
                    Flow::Next
                }
                Err(error) => Flow::Raise(error, *line),
            },
            Stmt::Print { args, flush, line } => {
                let mut parts = Vec::with_capacity(args.len());
                for arg in args {
                    match self.eval(arg) {
                        Ok(value) => parts.push(show(&value)),
                        Err(error) => return Flow::Raise(error, *line),
                    }
                }
                self.buffer.push_str(&parts.join(" "));
                self.buffer.push('\n');
                if *flush || self.unbuffered {
                    let text = std::mem::take(&mut self.buffer);
                    self.machine.write(self.io.stdout, &text);
                }
                Flow::Next
            }
            Stmt::Exit(code, line) => match code.as_ref().map(|c| self.eval(c)).transpose() {
                Ok(None | Some(Value::None)) => Flow::Exit(0),
                Ok(Some(Value::Int(n))) => Flow::Exit((n & 0xff) as i32),
                Ok(Some(Value::Bool(b))) => Flow::Exit(i32::from(b)),
                Ok(Some(other)) => {
                    let message = format!("{}\n", show(&other));
                    self.machine.write(self.io.stderr, &message);
                    Flow::Exit(1)
                }
                Err(error) => Flow::Raise(error, *line),
            },
            Stmt::Sleep(seconds, line) => match self.eval(seconds) {
                Ok(Value::Int(n)) if n >= 0 => {
                    self.machine
                        .advance(SimDuration::from_secs(n.unsigned_abs()));
                    Flow::Next
                }
                Ok(Value::Float(f)) if f >= 0.0 => {
                    self.machine
                        .advance(SimDuration::from_millis((f * 1000.0) as u64));
                    Flow::Next
                }
                Ok(Value::Int(_) | Value::Float(_)) => Flow::Raise(
                    "ValueError: sleep length must be non-negative".into(),
                    *line,
                ),
                Ok(other) => Flow::Raise(
                    format!(
                        "TypeError: '{}' object cannot be interpreted as an integer",
                        type_name(&other)
                    ),
                    *line,
                ),
                Err(error) => Flow::Raise(error, *line),
            },
            Stmt::If(branches, otherwise, line) => {
                for (cond, body) in branches {
                    match self.eval(cond) {
                        Ok(value) if truthy(&value) => return self.block(body),
                        Ok(_) => {}
                        Err(error) => return Flow::Raise(error, *line),
                    }
                }
                self.block(otherwise)
            }
            Stmt::For(name, count, body, line) => {
                let n = match self.eval(count) {
                    Ok(Value::Int(n)) => n,
                    Ok(other) => {
                        return Flow::Raise(
                            format!(
                                "TypeError: '{}' object cannot be interpreted as an integer",
                                type_name(&other)
                            ),
                            *line,
                        )
                    }
                    Err(error) => return Flow::Raise(error, *line),
                };
                for i in 0..n.max(0) {
                    self.vars.insert(name.clone(), Value::Int(i));
                    match self.block(body) {
                        Flow::Next => {}
                        other => return other,
                    }
                }
                Flow::Next
            }
            Stmt::While(cond, body, line) => loop {
                if !self.machine.step() {
                    return Flow::Forever;
                }
                match self.eval(cond) {
                    Ok(value) if truthy(&value) => {}
                    Ok(_) => return Flow::Next,
                    Err(error) => return Flow::Raise(error, *line),
                }
                match self.block(body) {
                    Flow::Next => {}
                    other => return other,
                }
            },
        }
    }

    fn eval(&self, expr: &Expr) -> Result<Value, String> {
        Ok(match expr {
            Expr::Lit(value) => value.clone(),
            Expr::Name(name) => self
                .vars
                .get(name)
                .cloned()
                .ok_or_else(|| format!("NameError: name '{name}' is not defined"))?,
            Expr::FString(pieces) => {
                let mut out = String::new();
                for (text, expr) in pieces {
                    out.push_str(text);
                    if let Some(expr) = expr {
                        out.push_str(&show(&self.eval(expr)?));
                    }
                }
                Value::Str(out)
            }
            Expr::Env {
                key,
                default,
                subscript,
            } => {
                let key = match self.eval(key)? {
                    Value::Str(key) => key,
                    other => {
                        return Err(format!(
                            "TypeError: str expected, not {}",
                            type_name(&other)
                        ))
                    }
                };
                match (self.env.get(&key), default, subscript) {
                    (Some(value), _, _) => Value::Str(value.clone()),
                    (None, _, true) => return Err(format!("KeyError: '{key}'")),
                    (None, Some(default), false) => self.eval(default)?,
                    (None, None, false) => Value::None,
                }
            }
            Expr::Call(function, args) => {
                let values = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>, _>>()?;
                call(function, &values)?
            }
            Expr::Unary(op, inner) => match (*op, self.eval(inner)?) {
                ("not", value) => Value::Bool(!truthy(&value)),
                ("-", Value::Int(n)) => Value::Int(n.wrapping_neg()),
                ("-", Value::Float(f)) => Value::Float(-f),
                ("-", Value::Bool(b)) => Value::Int(-i64::from(b)),
                (_, other) => {
                    return Err(format!(
                        "TypeError: bad operand type for unary -: '{}'",
                        type_name(&other)
                    ))
                }
            },
            Expr::Binary("and", left, right) => {
                let left = self.eval(left)?;
                if truthy(&left) {
                    self.eval(right)?
                } else {
                    left
                }
            }
            Expr::Binary("or", left, right) => {
                let left = self.eval(left)?;
                if truthy(&left) {
                    left
                } else {
                    self.eval(right)?
                }
            }
            Expr::Binary(op, left, right) => binary(op, self.eval(left)?, self.eval(right)?)?,
        })
    }
}
