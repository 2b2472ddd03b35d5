//! IAM glob patterns (`*`, `?`) matched against symbolic strings, three-valued.
//!
//! A [`Glob`] is compiled once (at policy parse time) into tokens. Matching a known string
//! against a pattern without holes takes a fast, allocation-free backtracking path.
//! Anything else (a string with holes, a pattern with holes, ARN-aware matching) runs an
//! NFA over the pattern positions:
//!
//! * a literal character steps the state set;
//! * a hole in the *input* maps each state set to every state set reachable by a non-empty
//!   string of the hole's [`HoleClass`]. Characters that the pattern does not mention behave
//!   alike, so a breadth-first search over the pattern's own characters plus one
//!   representative of each other kind (`:`, `/`, a digit, something else) is exact. The
//!   search is capped; past the cap the answer is `Maybe`.
//! * a hole in the *pattern* (an IaC value not known before deployment) is matched twice:
//!   once as matching only the same-labelled hole of the input ("certainly matches") and
//!   once as matching any string of its class ("possibly matches"). `Yes` needs the first,
//!   `No` needs the second to fail.
//!
//! Holes are non-empty values. Two holes with the same label are treated as independent
//! values except when a pattern hole meets the same-labelled input hole, so a `Maybe` may
//! occasionally be one where a fully relational analysis would say `Yes` or `No`; a `Yes`
//! or `No` is always exact.

use std::collections::BTreeSet;

use super::sym::{Hole, Piece, SymStr, Tri};

/// How a pattern's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobMode {
    /// `*` and `?` are wildcards (false: the text is compared literally).
    pub wild: bool,
    /// ASCII case-insensitive (actions, `StringEqualsIgnoreCase`).
    pub ci: bool,
    /// ARN-aware: wildcards in the first five `:`-separated fields do not match `:`.
    pub arn: bool,
    /// The service field of a pattern starting with `arn:` is matched ignoring ASCII case
    /// (Resource elements; AWS does not document the case, the reference simulator
    /// ignores it).
    pub service_ci: bool,
}

impl GlobMode {
    pub const ACTION: GlobMode = GlobMode {
        wild: true,
        ci: true,
        arn: false,
        service_ci: false,
    };
    pub const RESOURCE: GlobMode = GlobMode {
        wild: true,
        ci: false,
        arn: false,
        service_ci: true,
    };
    /// `StringLike`: a glob, case-sensitive everywhere.
    pub const LIKE: GlobMode = GlobMode {
        wild: true,
        ci: false,
        arn: false,
        service_ci: false,
    };
    pub const LITERAL: GlobMode = GlobMode {
        wild: false,
        ci: false,
        arn: false,
        service_ci: false,
    };
    pub const LITERAL_CI: GlobMode = GlobMode {
        wild: false,
        ci: true,
        arn: false,
        service_ci: false,
    };
    pub const ARN: GlobMode = GlobMode {
        wild: true,
        ci: false,
        arn: true,
        service_ci: false,
    };
}

/// One piece of pattern source: text read in the glob's mode, text that is always literal
/// (a substituted policy variable, an escape such as `${*}`), or an unknown value.
#[derive(Clone, Debug, PartialEq)]
pub enum Part<'a> {
    Text(&'a str),
    Literal(&'a str),
    Hole(&'a Hole),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ch(char),
    /// A letter matched ignoring ASCII case (stored lower-case).
    Ci(char),
    /// `*`; `true` = may not match `:`.
    Star(bool),
    /// `?`; `true` = may not match `:`.
    One(bool),
    Hole(Hole),
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Glob {
    toks: Vec<Tok>,
    ci: bool,
    /// No holes and no colon-restricted wildcards: the fast path applies.
    simple: bool,
    has_holes: bool,
    /// Only `*` tokens (matches everything).
    star_only: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Certain,
    Possible,
}

const BFS_CAP: usize = 4096;

impl Glob {
    /// Compiles a pattern whose literal pieces are read in `mode` and whose holes stay holes.
    pub fn new(src: &SymStr, mode: GlobMode) -> Glob {
        let parts: Vec<Part<'_>> = src
            .pieces()
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => Part::Text(s),
                Piece::Hole(h) => Part::Hole(h),
            })
            .collect();
        Glob::from_parts(&parts, mode)
    }

    /// Compiles a known pattern text.
    pub fn text(src: &str, mode: GlobMode) -> Glob {
        Glob::from_parts(&[Part::Text(src)], mode)
    }

    /// Compiles a pattern from parts (used for policy-variable substitution).
    pub fn from_parts(parts: &[Part<'_>], mode: GlobMode) -> Glob {
        let mut toks = Vec::new();
        let mut colons = 0usize;
        let mut has_holes = false;
        let mut restricted = false;
        let service_ci = mode.service_ci
            && matches!(parts.first(), Some(Part::Text(t)) if t.starts_with("arn:"));
        for part in parts {
            let (text, wild) = match part {
                Part::Text(t) => (*t, mode.wild),
                Part::Literal(t) => (*t, false),
                Part::Hole(h) => {
                    has_holes = true;
                    toks.push(Tok::Hole((*h).clone()));
                    continue;
                }
            };
            for c in text.chars() {
                let nc = mode.arn && colons < 5;
                match c {
                    '*' if wild => {
                        restricted |= nc;
                        toks.push(Tok::Star(nc));
                    }
                    '?' if wild => {
                        restricted |= nc;
                        toks.push(Tok::One(nc));
                    }
                    _ if service_ci && colons == 2 && c.is_ascii_alphabetic() => {
                        toks.push(Tok::Ci(c.to_ascii_lowercase()))
                    }
                    _ => {
                        if c == ':' {
                            colons += 1;
                        }
                        toks.push(Tok::Ch(if mode.ci { c.to_ascii_lowercase() } else { c }));
                    }
                }
            }
        }
        let star_only = !toks.is_empty() && toks.iter().all(|t| matches!(t, Tok::Star(false)));
        Glob {
            simple: !has_holes && !restricted,
            has_holes,
            star_only,
            toks,
            ci: mode.ci,
        }
    }

    /// Whether the pattern is exactly `*` (or `**`...).
    pub fn is_star(&self) -> bool {
        self.star_only
    }

    /// Matches a known string (fast path when possible).
    pub fn matches_str(&self, s: &str) -> Tri {
        if self.star_only {
            return Tri::Yes;
        }
        if self.simple {
            return Tri::from_bool(match_simple(&self.toks, s, self.ci));
        }
        self.match_nfa_parts(&[Piece::Lit(s.to_string())])
    }

    /// Matches a symbolic string: `Yes` iff every value of the holes matches, `No` iff
    /// none does, else `Maybe`.
    pub fn matches(&self, s: &SymStr) -> Tri {
        if self.star_only {
            return Tri::Yes;
        }
        if let Some(k) = s.as_known() {
            if self.simple {
                return Tri::from_bool(match_simple(&self.toks, k, self.ci));
            }
        }
        self.match_nfa_parts(s.pieces())
    }

    fn match_nfa_parts(&self, pieces: &[Piece]) -> Tri {
        if !self.has_holes {
            return self.run(pieces, Mode::Certain);
        }
        let certain = self.run(pieces, Mode::Certain);
        if certain == Tri::Yes {
            return Tri::Yes;
        }
        let possible = self.run(pieces, Mode::Possible);
        if possible == Tri::No {
            return Tri::No;
        }
        Tri::Maybe
    }

    fn words(&self) -> usize {
        (self.toks.len() + 1).div_ceil(64)
    }

    fn closure(&self, set: &mut [u64], mode: Mode) {
        for i in 0..self.toks.len() {
            if get(set, i) {
                let eps = match &self.toks[i] {
                    Tok::Star(_) => true,
                    Tok::Hole(_) => mode == Mode::Possible,
                    _ => false,
                };
                if eps {
                    put(set, i + 1);
                }
            }
        }
    }

    fn step_char(&self, set: &[u64], c: char, mode: Mode) -> Vec<u64> {
        let mut out = vec![0u64; set.len()];
        for (i, t) in self.toks.iter().enumerate() {
            if !get(set, i) {
                continue;
            }
            match t {
                Tok::Ch(pc) if *pc == c => put(&mut out, i + 1),
                Tok::Ci(pc) if *pc == c.to_ascii_lowercase() => put(&mut out, i + 1),
                Tok::One(nc) if !(*nc && c == ':') => put(&mut out, i + 1),
                Tok::Star(nc) if !(*nc && c == ':') => put(&mut out, i),
                Tok::Hole(h) if mode == Mode::Possible && h.class.allows(c) => put(&mut out, i),
                _ => {}
            }
        }
        self.closure(&mut out, mode);
        out
    }

    fn step_hole_atomic(&self, set: &[u64], hole: &Hole, mode: Mode) -> Vec<u64> {
        let mut out = vec![0u64; set.len()];
        for (i, t) in self.toks.iter().enumerate() {
            if let Tok::Hole(h) = t {
                if get(set, i) && h.label == hole.label {
                    put(&mut out, i + 1);
                }
            }
        }
        self.closure(&mut out, mode);
        out
    }

    /// Characters that represent every behaviour a character can have against this pattern.
    fn representatives(&self) -> Vec<char> {
        let mut lits: BTreeSet<char> = BTreeSet::new();
        for t in &self.toks {
            match t {
                Tok::Ch(c) => {
                    lits.insert(*c);
                }
                Tok::Ci(c) => {
                    lits.insert(*c);
                    lits.insert(c.to_ascii_uppercase());
                }
                _ => {}
            }
        }
        let mut reps: Vec<char> = lits.iter().copied().collect();
        for c in [':', '/'] {
            if !lits.contains(&c) {
                reps.push(c);
            }
        }
        if let Some(d) = ('0'..='9').find(|d| !lits.contains(d)) {
            reps.push(d);
        }
        if let Some(o) = ['x', 'q', 'z', '#', '~', '\u{e000}']
            .into_iter()
            .find(|o| !lits.contains(o))
        {
            reps.push(o);
        }
        reps
    }

    fn run(&self, pieces: &[Piece], mode: Mode) -> Tri {
        let n = self.toks.len();
        let mut start = vec![0u64; self.words()];
        put(&mut start, 0);
        self.closure(&mut start, mode);
        let mut sets: BTreeSet<Vec<u64>> = BTreeSet::new();
        sets.insert(start);
        let mut reps: Option<Vec<char>> = None;
        for piece in pieces {
            match piece {
                Piece::Lit(s) => {
                    let mut next = BTreeSet::new();
                    for set in &sets {
                        let mut cur = set.clone();
                        for c in s.chars() {
                            let c = if self.ci { c.to_ascii_lowercase() } else { c };
                            cur = self.step_char(&cur, c, mode);
                            if cur.iter().all(|w| *w == 0) {
                                break;
                            }
                        }
                        next.insert(cur);
                    }
                    sets = next;
                }
                Piece::Hole(h) => {
                    let reps = reps.get_or_insert_with(|| self.representatives());
                    let alphabet: Vec<char> = reps
                        .iter()
                        .copied()
                        .filter(|c| h.class.allows(*c))
                        .collect();
                    let mut next = BTreeSet::new();
                    for set in &sets {
                        let atomic = self.step_hole_atomic(set, h, mode);
                        // BFS over non-empty strings of the class.
                        let mut seen: BTreeSet<Vec<u64>> = BTreeSet::new();
                        let mut frontier: Vec<Vec<u64>> = Vec::new();
                        for c in &alphabet {
                            let t = self.step_char(set, *c, mode);
                            if seen.insert(t.clone()) {
                                frontier.push(t);
                            }
                        }
                        while let Some(x) = frontier.pop() {
                            if seen.len() > BFS_CAP {
                                return Tri::Maybe;
                            }
                            for c in &alphabet {
                                let t = self.step_char(&x, *c, mode);
                                if !seen.contains(&t) {
                                    seen.insert(t.clone());
                                    frontier.push(t);
                                }
                            }
                        }
                        for mut s in seen {
                            for (w, a) in s.iter_mut().zip(atomic.iter()) {
                                *w |= *a;
                            }
                            next.insert(s);
                        }
                    }
                    if next.len() > BFS_CAP {
                        return Tri::Maybe;
                    }
                    sets = next;
                }
            }
        }
        let mut any = false;
        let mut all = true;
        for s in &sets {
            if get(s, n) {
                any = true;
            } else {
                all = false;
            }
        }
        match (any, all) {
            (true, true) => Tri::Yes,
            (false, _) => Tri::No,
            _ => Tri::Maybe,
        }
    }
}

fn get(set: &[u64], i: usize) -> bool {
    set.get(i / 64).is_some_and(|w| w & (1u64 << (i % 64)) != 0)
}

fn put(set: &mut [u64], i: usize) {
    if let Some(w) = set.get_mut(i / 64) {
        *w |= 1u64 << (i % 64);
    }
}

fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        None => None,
        Some(b) if b.is_ascii() => Some(char::from(*b)),
        Some(_) => s.get(i..).and_then(|r| r.chars().next()),
    }
}

/// Greedy backtracking glob match for unrestricted `*`/`?` and literal characters.
fn match_simple(toks: &[Tok], s: &str, ci: bool) -> bool {
    let mut p = 0usize;
    let mut i = 0usize;
    let mut star: Option<(usize, usize)> = None;
    loop {
        if let Some(c0) = char_at(s, i) {
            let c = if ci { c0.to_ascii_lowercase() } else { c0 };
            match toks.get(p) {
                Some(Tok::Star(_)) => {
                    star = Some((p, i));
                    p += 1;
                    continue;
                }
                Some(Tok::One(_)) => {
                    p += 1;
                    i += c0.len_utf8();
                    continue;
                }
                Some(Tok::Ch(pc)) if *pc == c => {
                    p += 1;
                    i += c0.len_utf8();
                    continue;
                }
                Some(Tok::Ci(pc)) if *pc == c.to_ascii_lowercase() => {
                    p += 1;
                    i += c0.len_utf8();
                    continue;
                }
                _ => {}
            }
            match star {
                Some((sp, si)) => {
                    let adv = char_at(s, si).map_or(1, char::len_utf8);
                    p = sp + 1;
                    i = si + adv;
                    star = Some((sp, si + adv));
                }
                None => return false,
            }
        } else {
            while let Some(Tok::Star(_)) = toks.get(p) {
                p += 1;
            }
            return p == toks.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::sym::HoleClass;

    fn arn(parts: &[Result<&str, Hole>]) -> SymStr {
        let mut s = SymStr::new();
        for p in parts {
            match p {
                Ok(t) => s.push_str(t),
                Err(h) => s.push_hole(h.clone()),
            }
        }
        s
    }

    #[test]
    fn known_strings() {
        let g = Glob::text(
            "arn:aws:iam::*:role/AWSGlueServiceRole*",
            GlobMode::RESOURCE,
        );
        assert_eq!(
            g.matches_str("arn:aws:iam::111122223333:role/AWSGlueServiceRole-etl"),
            Tri::Yes
        );
        assert_eq!(
            g.matches_str("arn:aws:iam::111122223333:role/etl-runtime-role"),
            Tri::No
        );
        assert_eq!(
            g.matches_str("arn:aws:iam::111122223333:role/awsglueservicerole-etl"),
            Tri::No
        );
        let a = Glob::text("iam:Pass*", GlobMode::ACTION);
        assert_eq!(a.matches_str("IAM:passrole"), Tri::Yes);
        assert_eq!(a.matches_str("iam:GetRole"), Tri::No);
        let q = Glob::text("s3:Get?bject", GlobMode::ACTION);
        assert_eq!(q.matches_str("s3:GetObject"), Tri::Yes);
        assert_eq!(q.matches_str("s3:GetOObject"), Tri::No);
        assert_eq!(
            Glob::text("a*b*c", GlobMode::RESOURCE).matches_str("aXbYbZc"),
            Tri::Yes
        );
        assert_eq!(
            Glob::text("a*b*c", GlobMode::RESOURCE).matches_str("aXbYbZ"),
            Tri::No
        );
        assert_eq!(Glob::text("", GlobMode::RESOURCE).matches_str(""), Tri::Yes);
        assert_eq!(
            Glob::text("é?", GlobMode::RESOURCE).matches_str("éü"),
            Tri::Yes
        );
        // The service field of a Resource ARN ignores case; the rest does not.
        let svc = Glob::text("arn:aws:IAM::*:role/X", GlobMode::RESOURCE);
        assert_eq!(svc.matches_str("arn:aws:iam::1:role/X"), Tri::Yes);
        assert_eq!(svc.matches_str("arn:aws:iam::1:role/x"), Tri::No);
        let mut h = SymStr::lit("arn:aws:Iam::");
        h.push_hole(Hole::account());
        h.push_str(":role/X");
        assert_eq!(svc.matches(&h), Tri::Yes);
        let lit = Glob::text("a*", GlobMode::LITERAL);
        assert_eq!(lit.matches_str("a*"), Tri::Yes);
        assert_eq!(lit.matches_str("ab"), Tri::No);
    }

    #[test]
    fn holes_in_input() {
        let g = Glob::text(
            "arn:aws:iam::*:role/AWSGlueServiceRole*",
            GlobMode::RESOURCE,
        );
        let etl = arn(&[
            Ok("arn:aws:iam::"),
            Err(Hole::account()),
            Ok(":role/etl-runtime-role"),
        ]);
        assert_eq!(g.matches(&etl), Tri::No);
        let svc = arn(&[
            Ok("arn:aws:iam::"),
            Err(Hole::account()),
            Ok(":role/AWSGlueServiceRole-x"),
        ]);
        assert_eq!(g.matches(&svc), Tri::Yes);
        let name = arn(&[
            Ok("arn:aws:iam::"),
            Err(Hole::account()),
            Ok(":role/"),
            Err(Hole::new("name of role etl", HoleClass::Segment)),
        ]);
        assert_eq!(g.matches(&name), Tri::Maybe);
        assert_eq!(Glob::text("*", GlobMode::RESOURCE).matches(&name), Tri::Yes);
        // A digits hole can never produce letters.
        let lit = Glob::text("arn:aws:iam::abc:role/x", GlobMode::RESOURCE);
        let d = arn(&[Ok("arn:aws:iam::"), Err(Hole::account()), Ok(":role/x")]);
        assert_eq!(lit.matches(&d), Tri::No);
        let exact = Glob::text("arn:aws:iam::123456789012:role/x", GlobMode::RESOURCE);
        assert_eq!(exact.matches(&d), Tri::Maybe);
        // `?` against a segment hole: maybe (the hole may be longer than one character).
        let q = Glob::text("role/?", GlobMode::RESOURCE);
        let r = arn(&[Ok("role/"), Err(Hole::new("n", HoleClass::Segment))]);
        assert_eq!(q.matches(&r), Tri::Maybe);
        // Segment hole never contains '/'.
        let slash = Glob::text("role/*/x", GlobMode::RESOURCE);
        assert_eq!(slash.matches(&r), Tri::No);
    }

    #[test]
    fn holes_in_pattern() {
        let acct = Hole::account();
        let pat = arn(&[Ok("arn:aws:iam::"), Err(acct.clone()), Ok(":role/etl")]);
        let g = Glob::new(&pat, GlobMode::RESOURCE);
        assert_eq!(g.matches(&pat), Tri::Yes);
        assert_eq!(
            g.matches_str("arn:aws:iam::111122223333:role/etl"),
            Tri::Maybe
        );
        assert_eq!(
            g.matches_str("arn:aws:iam::111122223333:role/other"),
            Tri::No
        );
        assert_eq!(g.matches_str("arn:aws:iam::abc:role/etl"), Tri::No);
    }

    #[test]
    fn arn_mode_does_not_cross_fields() {
        let g = Glob::text("arn:aws:s3:::bucket/*", GlobMode::ARN);
        assert_eq!(g.matches_str("arn:aws:s3:::bucket/a:b/c"), Tri::Yes);
        let r = Glob::text("arn:aws:iam::*:role/x", GlobMode::ARN);
        assert_eq!(r.matches_str("arn:aws:iam::1:2:role/x"), Tri::No);
        assert_eq!(
            Glob::text("arn:aws:iam::*:role/x", GlobMode::RESOURCE)
                .matches_str("arn:aws:iam::1:2:role/x"),
            Tri::Yes
        );
        assert_eq!(r.matches_str("arn:aws:iam::12:role/x"), Tri::Yes);
    }
}
