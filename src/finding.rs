//! Findings: what rules produce and reporters print.
//!
//! A finding is a predicted failure (or a hygiene problem) with its evidence: the one
//! place that must change or where the failure surfaces (`primary`), the other places
//! that explain it (`related`), the path through the graph (`flow`), and the engine's
//! trace in words. Reporters sort findings with `Finding::sort_key` before printing.

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Information only (an advisory, or a prediction resting on unknown values that
    /// is unlikely to matter).
    Note,
    /// Probably fails, or fails depending on a value that is not known.
    Warning,
    /// Fails: the decision does not depend on any unknown value.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A place with a short label saying what it is (`group GlueAccess`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Related {
    pub span: Span,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// `GL101`
    pub rule: &'static str,
    pub level: Level,
    /// One sentence, lowercase start, no trailing period. Plain text: reporters escape it.
    pub message: String,
    /// The attribute that must change or where the failure surfaces.
    pub primary: Span,
    pub related: Vec<Related>,
    /// The path through the graph, in order (job → role → group → policy statement).
    pub flow: Vec<Related>,
    /// The evaluation trace and other evidence, one line each.
    pub evidence: Vec<String>,
    /// How to fix it, in words (rendered fixes come as data with the fix module).
    pub help: Option<String>,
    /// What the prediction rests on when it is not certain: the values that decide it.
    pub unknowns: Vec<String>,
    /// A stable identity for the finding that does not depend on line numbers:
    /// rule + resource addresses involved.
    pub logical_key: String,
}

impl Finding {
    pub fn sort_key(&self) -> (u32, u32, u32, &'static str, &str) {
        (
            self.primary.file,
            self.primary.start,
            self.primary.end,
            self.rule,
            &self.logical_key,
        )
    }
}
