//! Source files, their ids and line/column lookup.
//!
//! Every value glue-lint reads keeps a byte `Span` into one of these files. Only
//! reporters turn spans into lines and columns.

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::iam::Span;

/// The index of a file in the `SourceMap`.
pub type FileId = u32;

/// What kind of input a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Terraform HCL (`.tf`)
    Terraform,
    /// Terraform variable values (`.tfvars`)
    TfVars,
    /// `terraform show -json` output
    Plan,
    /// CloudFormation (or SAM, or a CDK synthesised template), YAML or JSON
    CloudFormation,
    /// A bare IAM policy document (`--scp FILE` and the like)
    Policy,
}

#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// The path as shown to users: relative to the current directory when possible,
    /// with `/` separators.
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(id: FileId, path: PathBuf, text: Arc<str>) -> SourceFile {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        SourceFile {
            id,
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = offset.min(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end - start);
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        self.text
            .get(start as usize..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// All files of one run, indexed by `FileId`.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }
    pub fn add(&mut self, path: PathBuf, text: Arc<str>) -> FileId {
        let id = FileId::try_from(self.files.len()).unwrap_or(FileId::MAX - 1);
        self.files.push(SourceFile::new(id, path, text));
        id
    }
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id as usize)
    }
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
    pub fn find(&self, path: &Path) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new(0, "a.tf".into(), Arc::from("ab\ncé = 1\n"));
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // 'é' is two bytes: the byte after it is column 3
        assert_eq!(f.line_col(6), (2, 3));
        assert_eq!(f.line_text(2), "cé = 1");
        assert_eq!(f.line_text(9), "");
    }
}
