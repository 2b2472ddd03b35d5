//! Policy JSON text → spanned [`Node`] tree.
//!
//! A small strict JSON parser that records byte spans. Before parsing, a bracket scan
//! (outside strings) rejects nesting deeper than [`MAX_DEPTH`], so the recursive descent
//! below is bounded and no input can overflow the stack. Duplicate keys are kept in order
//! (`Node::get` takes the last). Strings become literal `SymStr`s.

use super::node::{Member, Node, NodeKind};
use super::span::Span;
use super::sym::SymStr;

/// Maximum nesting of arrays and objects in a policy document.
pub const MAX_DEPTH: usize = 64;

/// An error in a policy document, with the span it concerns.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{kind}")]
pub struct PolicyError {
    pub span: Span,
    pub kind: PolicyErrorKind,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PolicyErrorKind {
    #[error("invalid JSON: {0}")]
    Syntax(String),
    #[error("policy document nests deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("{field} must be {expected}, found {found}")]
    WrongType {
        field: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("statement has no {0}")]
    Missing(&'static str),
    #[error("statement has both {0} and {1}")]
    Conflict(&'static str, &'static str),
    #[error("invalid value for {field}: {value}")]
    BadValue { field: String, value: String },
    #[error("unknown element {0}")]
    UnknownElement(String),
}

impl PolicyError {
    pub fn new(span: Span, kind: PolicyErrorKind) -> PolicyError {
        PolicyError { span, kind }
    }
}

/// Parses JSON text into a node tree. On error, returns the first error (no partial tree).
pub fn parse_json(text: &str, file: u32) -> Result<Node, PolicyError> {
    check_depth(text, file)?;
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        file,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the document"));
    }
    Ok(v)
}

fn check_depth(text: &str, file: u32) -> Result<(), PolicyError> {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(PolicyError::new(
                        Span::new(file, i, i + 1),
                        PolicyErrorKind::TooDeep,
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    file: u32,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> PolicyError {
        let end = (self.i + 1).min(self.s.len());
        PolicyError::new(
            Span::new(self.file, self.i, end.max(self.i)),
            PolicyErrorKind::Syntax(msg.to_string()),
        )
    }

    fn ws(&mut self) {
        while let Some(b) = self.s.get(self.i) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.i)
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.s.get(self.i..self.i + lit.len()) == Some(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Node, PolicyError> {
        let start = self.i;
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end of text")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node::str(SymStr::lit(s), self.span(start)))
            }
            Some(b't') if self.eat("true") => Ok(Node::new(NodeKind::Bool(true), self.span(start))),
            Some(b'f') if self.eat("false") => {
                Ok(Node::new(NodeKind::Bool(false), self.span(start)))
            }
            Some(b'n') if self.eat("null") => Ok(Node::new(NodeKind::Null, self.span(start))),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a value")),
        }
    }

    fn number(&mut self) -> Result<Node, PolicyError> {
        let start = self.i;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let st = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > st
        };
        if !digits(self) {
            return Err(self.err("expected digits"));
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.err("expected digits after '.'"));
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("expected exponent digits"));
            }
        }
        let text = self.text.get(start..self.i).unwrap_or("").to_string();
        Ok(Node::new(NodeKind::Num(text), self.span(start)))
    }

    fn string(&mut self) -> Result<String, PolicyError> {
        // at '"'
        self.i += 1;
        let mut out = String::new();
        loop {
            let run_start = self.i;
            while let Some(b) = self.s.get(self.i) {
                if *b == b'"' || *b == b'\\' || *b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.text.get(run_start..self.i).unwrap_or(""));
            match self.s.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let e = self.s.get(self.i).copied();
                    self.i += 1;
                    match e {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) && self.eat("\\u") {
                                let lo = self.hex4()?;
                                let cp = 0x10000
                                    + ((hi - 0xD800) << 10)
                                    + (lo.wrapping_sub(0xDC00) & 0x3FF);
                                char::from_u32(cp)
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, PolicyError> {
        let h = self
            .text
            .get(self.i..self.i + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match h {
            Some(v) => {
                self.i += 4;
                Ok(v)
            }
            None => Err(self.err("invalid \\u escape")),
        }
    }

    fn array(&mut self) -> Result<Node, PolicyError> {
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Node::new(NodeKind::Arr(items), self.span(start)));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Node::new(NodeKind::Arr(items), self.span(start)));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self) -> Result<Node, PolicyError> {
        let start = self.i;
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Node::new(NodeKind::Obj(members), self.span(start)));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a key string"));
            }
            let ks = self.i;
            let key = self.string()?;
            let key_span = self.span(ks);
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.err("expected ':'"));
            }
            self.i += 1;
            self.ws();
            let value = self.value()?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Node::new(NodeKind::Obj(members), self.span(start)));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_spans_and_duplicates() {
        let t = r#"{"a": [1, -2.5e3, true, null, "x\u00e9\"y"], "a": "last"}"#;
        let n = parse_json(t, 7).unwrap();
        assert_eq!(n.span, Span::new(7, 0, t.len()));
        let last = n.get("a").unwrap();
        assert_eq!(last.as_sym().and_then(|s| s.as_known()), Some("last"));
        match &n.kind {
            NodeKind::Obj(ms) => {
                assert_eq!(ms.len(), 2);
                assert_eq!(ms[0].key_span, Span::new(7, 1, 4));
                match &ms[0].value.kind {
                    NodeKind::Arr(xs) => {
                        assert_eq!(xs[1].kind, NodeKind::Num("-2.5e3".into()));
                        assert_eq!(xs[4].as_sym().and_then(|s| s.as_known()), Some("xé\"y"));
                        assert_eq!(
                            &t[xs[2].span.start as usize..xs[2].span.end as usize],
                            "true"
                        );
                    }
                    _ => panic!("array expected"),
                }
            }
            _ => panic!("object expected"),
        }
    }

    #[test]
    fn errors_have_positions() {
        let e = parse_json("{\"a\": tru}", 0).unwrap_err();
        assert!(matches!(e.kind, PolicyErrorKind::Syntax(_)));
        assert_eq!(e.span.start, 6);
        assert!(parse_json("[1,]", 0).is_err());
        assert!(parse_json("\"abc", 0).is_err());
        assert!(parse_json("", 0).is_err());
        assert!(parse_json("{} x", 0).is_err());
        assert!(parse_json("\"\\u12\"", 0).is_err());
    }

    #[test]
    fn deep_nesting_is_rejected_before_parsing() {
        let deep = "[".repeat(100_000);
        let e = parse_json(&deep, 0).unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::TooDeep);
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse_json(&ok, 0).is_ok());
        let strings = format!("\"{}\"", "[".repeat(1000));
        assert!(parse_json(&strings, 0).is_ok());
    }
}
