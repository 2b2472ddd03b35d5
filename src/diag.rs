//! The tool's own diagnostics (rule ids `GL0xx`): unreadable files, parse errors,
//! unsupported constructs, bad configuration.
//!
//! A diagnostic never stops the run: the file it concerns is skipped or partly read,
//! every other file is still analysed, and the exit code becomes 2.

use crate::source::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagLevel {
    /// The input could not be read or understood: exit code 2.
    Error,
    /// Something was read but not fully understood (an unsupported function, say):
    /// analysis goes on with an unknown value; exit code unchanged.
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// `GL001` unreadable file, `GL002` syntax error, `GL003` invalid structure
    /// (wrong type, unknown intrinsic), `GL004` unsupported construct, `GL005` bad
    /// policy document, `GL006` bad configuration or command-line value.
    pub code: &'static str,
    pub level: DiagLevel,
    pub file: Option<FileId>,
    /// Where in the file; `Span::NONE` when only the file is known.
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            level: DiagLevel::Error,
            file: if span.is_none() {
                None
            } else {
                Some(span.file)
            },
            span,
            message: message.into(),
        }
    }
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: DiagLevel::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }
    /// A diagnostic about a whole file (no position inside it).
    pub fn file_error(code: &'static str, file: FileId, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            level: DiagLevel::Error,
            file: Some(file),
            span: Span {
                file,
                start: 0,
                end: 0,
            },
            message: message.into(),
        }
    }
}
