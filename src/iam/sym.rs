//! Symbolic strings and three-valued truth.
//!
//! A `SymStr` is a sequence of literal text and *holes*. A hole is a value that is not
//! known before deployment (an account id, a name CloudFormation generates, a variable
//! without a default), with a label saying where it comes from and a character class
//! saying what it can contain. Matching a pattern against a symbolic string answers
//! `Tri::Yes` (every value of the holes matches), `Tri::No` (none does) or `Tri::Maybe`.

use std::fmt;
use std::sync::Arc;

/// Kleene three-valued logic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tri {
    No,
    Maybe,
    Yes,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }
    pub fn and(self, o: Tri) -> Tri {
        self.min(o)
    }
    pub fn or(self, o: Tri) -> Tri {
        self.max(o)
    }
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Tri {
        match self {
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
            Tri::Yes => Tri::No,
        }
    }
    pub fn is_yes(self) -> bool {
        self == Tri::Yes
    }
    pub fn is_no(self) -> bool {
        self == Tri::No
    }
    pub fn is_maybe(self) -> bool {
        self == Tri::Maybe
    }
    /// `all` over an iterator (Yes for an empty one).
    pub fn all<I: IntoIterator<Item = Tri>>(it: I) -> Tri {
        let mut acc = Tri::Yes;
        for t in it {
            acc = acc.and(t);
            if acc == Tri::No {
                break;
            }
        }
        acc
    }
    /// `any` over an iterator (No for an empty one).
    pub fn any<I: IntoIterator<Item = Tri>>(it: I) -> Tri {
        let mut acc = Tri::No;
        for t in it {
            acc = acc.or(t);
            if acc == Tri::Yes {
                break;
            }
        }
        acc
    }
}

/// What characters an unknown value may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HoleClass {
    /// Any text at all.
    Any,
    /// Any text without `:` (the resource part of most ARNs, an S3 key).
    NoColon,
    /// One ARN or path segment: no `:` and no `/` (an IAM role or user name, a bucket name,
    /// a region, a key id).
    Segment,
    /// Decimal digits only (an account id).
    Digits,
}

impl HoleClass {
    /// Whether a hole of this class may contain `c`.
    pub fn allows(self, c: char) -> bool {
        match self {
            HoleClass::Any => true,
            HoleClass::NoColon => c != ':',
            HoleClass::Segment => c != ':' && c != '/',
            HoleClass::Digits => c.is_ascii_digit(),
        }
    }
}

/// An unknown value: what it is (`label`, shown to users as `<label>`) and what it may
/// contain. Two holes with the same label are the same unknown value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hole {
    pub label: Arc<str>,
    pub class: HoleClass,
}

impl Hole {
    pub fn new(label: impl Into<Arc<str>>, class: HoleClass) -> Hole {
        Hole {
            label: label.into(),
            class,
        }
    }
    /// The account id the IaC is deployed into (`--account-id` fills it).
    pub fn account() -> Hole {
        Hole::new("account id", HoleClass::Digits)
    }
    /// The region the IaC is deployed into (`--region` fills it).
    pub fn region() -> Hole {
        Hole::new("region", HoleClass::Segment)
    }
    /// The partition (`aws`, `aws-cn`, `aws-us-gov`; `--partition` fills it).
    pub fn partition() -> Hole {
        Hole::new("partition", HoleClass::Segment)
    }
}

/// One piece of a symbolic string.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Piece {
    Lit(String),
    Hole(Hole),
}

/// A string made of literal text and holes. Invariant: no empty literal pieces and no two
/// adjacent literal pieces (so a known string is exactly one `Lit` or empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SymStr {
    pieces: Vec<Piece>,
}

impl SymStr {
    pub fn new() -> SymStr {
        SymStr { pieces: Vec::new() }
    }
    pub fn lit(s: impl Into<String>) -> SymStr {
        let mut out = SymStr::new();
        out.push_str(&s.into());
        out
    }
    pub fn hole(h: Hole) -> SymStr {
        SymStr {
            pieces: vec![Piece::Hole(h)],
        }
    }
    pub fn from_pieces<I: IntoIterator<Item = Piece>>(it: I) -> SymStr {
        let mut out = SymStr::new();
        for p in it {
            out.push(p);
        }
        out
    }
    pub fn push(&mut self, p: Piece) {
        match p {
            Piece::Lit(s) => self.push_str(&s),
            Piece::Hole(h) => self.pieces.push(Piece::Hole(h)),
        }
    }
    pub fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Lit(last)) = self.pieces.last_mut() {
            last.push_str(s);
        } else {
            self.pieces.push(Piece::Lit(s.to_string()));
        }
    }
    pub fn push_hole(&mut self, h: Hole) {
        self.pieces.push(Piece::Hole(h));
    }
    pub fn append(&mut self, other: &SymStr) {
        for p in &other.pieces {
            self.push(p.clone());
        }
    }
    pub fn concat(mut self, other: &SymStr) -> SymStr {
        self.append(other);
        self
    }
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }
    /// The text, when the string has no hole.
    pub fn as_known(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [] => Some(""),
            [Piece::Lit(s)] => Some(s),
            _ => None,
        }
    }
    pub fn is_known(&self) -> bool {
        self.as_known().is_some()
    }
    pub fn holes(&self) -> impl Iterator<Item = &Hole> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Hole(h) => Some(h),
            Piece::Lit(_) => None,
        })
    }
    /// Replaces every hole with that label by `value` (used to fill `--account-id` etc.).
    pub fn fill(&self, label: &str, value: &str) -> SymStr {
        SymStr::from_pieces(self.pieces.iter().map(|p| match p {
            Piece::Hole(h) if &*h.label == label => Piece::Lit(value.to_string()),
            other => other.clone(),
        }))
    }
    /// The literal text before the first hole.
    pub fn known_prefix(&self) -> &str {
        match self.pieces.first() {
            Some(Piece::Lit(s)) => s,
            _ => "",
        }
    }
    /// The literal text after the last hole.
    pub fn known_suffix(&self) -> &str {
        match self.pieces.last() {
            Some(Piece::Lit(s)) => s,
            _ => "",
        }
    }
}

impl From<&str> for SymStr {
    fn from(s: &str) -> SymStr {
        SymStr::lit(s)
    }
}

impl From<String> for SymStr {
    fn from(s: String) -> SymStr {
        SymStr::lit(s)
    }
}

/// Shows holes as `<label>`: `arn:aws:iam::<account id>:role/etl`.
impl fmt::Display for SymStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.pieces {
            match p {
                Piece::Lit(s) => f.write_str(s)?,
                Piece::Hole(h) => write!(f, "<{}>", h.label)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_merge_and_known_is_detected() {
        let mut s = SymStr::lit("arn:aws:iam::");
        s.push_hole(Hole::account());
        s.push_str(":role/");
        s.push_str("etl");
        assert_eq!(s.pieces().len(), 3);
        assert_eq!(s.to_string(), "arn:aws:iam::<account id>:role/etl");
        assert!(!s.is_known());
        let filled = s.fill("account id", "111122223333");
        assert_eq!(
            filled.as_known(),
            Some("arn:aws:iam::111122223333:role/etl")
        );
    }

    #[test]
    fn kleene_logic() {
        assert_eq!(Tri::Yes.and(Tri::Maybe), Tri::Maybe);
        assert_eq!(Tri::No.and(Tri::Maybe), Tri::No);
        assert_eq!(Tri::Yes.or(Tri::Maybe), Tri::Yes);
        assert_eq!(Tri::Maybe.not(), Tri::Maybe);
        assert_eq!(Tri::all([]), Tri::Yes);
        assert_eq!(Tri::any([]), Tri::No);
    }
}
