//! Byte spans into source files, identified by an opaque file number.
//!
//! The span type lives in the engine (not in `crate::source`) so that policy documents
//! parsed by the engine can point back into the files they came from without the engine
//! depending on the rest of the crate. `crate::source` re-exports it.

/// A half-open byte range `start..end` in file `file`.
///
/// `file` is an index into the caller's source map; the engine never interprets it.
/// Line and column are computed by reporters only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: u32,
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span for values that have no place in any file (defaults, generated data).
    pub const NONE: Span = Span {
        file: u32::MAX,
        start: 0,
        end: 0,
    };

    pub fn new(file: u32, start: usize, end: usize) -> Span {
        Span {
            file,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    pub fn is_none(&self) -> bool {
        self.file == u32::MAX
    }

    /// The smallest span covering both (if they are in the same file; else `self`).
    pub fn to(self, other: Span) -> Span {
        if self.is_none() {
            return other;
        }
        if other.is_none() || other.file != self.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// A sub-span at byte offsets relative to this span's start.
    pub fn sub(self, rel_start: usize, rel_end: usize) -> Span {
        if self.is_none() {
            return self;
        }
        let s = self
            .start
            .saturating_add(u32::try_from(rel_start).unwrap_or(u32::MAX));
        let e = self
            .start
            .saturating_add(u32::try_from(rel_end).unwrap_or(u32::MAX));
        Span {
            file: self.file,
            start: s.min(self.end),
            end: e.min(self.end),
        }
    }
}
