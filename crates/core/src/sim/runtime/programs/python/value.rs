//! Python's values in the subset, and what `str()`, `int()`, `len()`, the operators and `==`
//! do with them.

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    None,
}

pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Bool(_) => "bool",
        Value::None => "NoneType",
    }
}

pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Int(n) => *n != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Bool(b) => *b,
        Value::None => false,
    }
}

/// `str(value)`.
pub fn show(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::None => "None".into(),
    }
}

pub fn call(function: &str, args: &[Value]) -> Result<Value, String> {
    let arg = args.first().cloned().unwrap_or(Value::None);
    Ok(match (function, arg) {
        ("int", Value::Int(n)) => Value::Int(n),
        ("int", Value::Bool(b)) => Value::Int(i64::from(b)),
        ("int", Value::Float(f)) => Value::Int(f.trunc() as i64),
        ("int", Value::Str(s)) => Value::Int(
            s.trim()
                .replace('_', "")
                .parse::<i64>()
                .map_err(|_| format!("ValueError: invalid literal for int() with base 10: '{s}'"))?,
        ),
        ("int", other) => {
            return Err(format!(
                "TypeError: int() argument must be a string, a bytes-like object or a real number, not '{}'",
                type_name(&other)
            ))
        }
        ("str", value) => Value::Str(show(&value)),
        ("len", Value::Str(s)) => Value::Int(s.chars().count() as i64),
        ("len", other) => return Err(format!("TypeError: object of type '{}' has no len()", type_name(&other))),
        (_, _) => return Err(format!("NameError: name '{function}' is not defined")),
    })
}

pub fn binary(op: &str, left: Value, right: Value) -> Result<Value, String> {
    use Value::{Float, Int, Str};
    let as_float = |v: &Value| match v {
        Int(n) => Some(*n as f64),
        Float(f) => Some(*f),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    };
    let as_int = |v: &Value| match v {
        Int(n) => Some(*n),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    let unsupported = || {
        format!(
            "TypeError: unsupported operand type(s) for {op}: '{}' and '{}'",
            type_name(&left),
            type_name(&right)
        )
    };
    match op {
        "==" => return Ok(Value::Bool(equal(&left, &right))),
        "!=" => return Ok(Value::Bool(!equal(&left, &right))),
        _ => {}
    }
    if let (Str(a), Str(b)) = (&left, &right) {
        return Ok(match op {
            "+" => Str(format!("{a}{b}")),
            "<" => Value::Bool(a < b),
            "<=" => Value::Bool(a <= b),
            ">" => Value::Bool(a > b),
            ">=" => Value::Bool(a >= b),
            _ => return Err(unsupported()),
        });
    }
    if let (Some(a), Some(b)) = (as_int(&left), as_int(&right)) {
        let zero = || "ZeroDivisionError: integer division or modulo by zero".to_string();
        return Ok(match op {
            "+" => Int(a.wrapping_add(b)),
            "-" => Int(a.wrapping_sub(b)),
            "*" => Int(a.wrapping_mul(b)),
            "//" | "%" if b == 0 => return Err(zero()),
            // Python rounds the quotient down, so the remainder takes the divisor's sign.
            "//" | "%" => {
                let (q, r) = (a.wrapping_div(b), a.wrapping_rem(b));
                let adjust = r != 0 && (r < 0) != (b < 0);
                match (op, adjust) {
                    ("//", true) => Int(q - 1),
                    ("//", false) => Int(q),
                    (_, true) => Int(r + b),
                    (_, false) => Int(r),
                }
            }
            "/" if b == 0 => return Err("ZeroDivisionError: division by zero".into()),
            "/" => Float(a as f64 / b as f64),
            "<" => Value::Bool(a < b),
            "<=" => Value::Bool(a <= b),
            ">" => Value::Bool(a > b),
            ">=" => Value::Bool(a >= b),
            _ => return Err(unsupported()),
        });
    }
    if let (Some(a), Some(b)) = (as_float(&left), as_float(&right)) {
        return Ok(match op {
            "+" => Float(a + b),
            "-" => Float(a - b),
            "*" => Float(a * b),
            "/" if b == 0.0 => return Err("ZeroDivisionError: float division by zero".into()),
            "/" => Float(a / b),
            "<" => Value::Bool(a < b),
            "<=" => Value::Bool(a <= b),
            ">" => Value::Bool(a > b),
            ">=" => Value::Bool(a >= b),
            _ => return Err(unsupported()),
        });
    }
    Err(unsupported())
}

fn equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Str(a), Value::Str(b)) => a == b,
        (Value::None, Value::None) => true,
        (Value::Str(_), _) | (_, Value::Str(_)) | (Value::None, _) | (_, Value::None) => false,
        (a, b) => {
            let number = |v: &Value| match v {
                Value::Int(n) => *n as f64,
                Value::Float(f) => *f,
                Value::Bool(b) => f64::from(u8::from(*b)),
                _ => f64::NAN,
            };
            number(a) == number(b)
        }
    }
}
