//! The per-line rolling hash that GitHub's upload-sarif stores as
//! `partialFingerprints.primaryLocationLineHash`.
//!
//! A port of the hash in codeql-action `src/fingerprints.ts` (as in
//! `shared/sarif/tools/linehash.py`): per line, a 64-bit rolling hash (multiplier 37,
//! modulo 2^64) over a window of the next 100 UTF-16 code units that are not spaces or
//! tabs, starting at the line start; CR and CRLF count as LF; an end-of-file sentinel
//! 65535 then zero padding. The value is the hex hash with `:N`, the N-th occurrence of
//! that hash in the file. Emitting exactly this value keeps upload-sarif from logging
//! "inconsistent fingerprint" warnings.

const BLOCK: usize = 100;
const MOD: u64 = 37;

struct Hasher {
    first_mod: u64,
    window: [u64; BLOCK],
    line_numbers: [usize; BLOCK],
    hash: u64,
    index: usize,
    line_no: usize,
    line_start: bool,
    prev_cr: bool,
    counts: std::collections::BTreeMap<u64, usize>,
    out: Vec<String>,
}

/// `0` in `line_numbers` means "no line starts here" (lines are 1-based).
impl Hasher {
    fn new() -> Hasher {
        Hasher {
            first_mod: MOD.wrapping_pow(BLOCK as u32),
            window: [0; BLOCK],
            line_numbers: [0; BLOCK],
            hash: 0,
            index: 0,
            line_no: 0,
            line_start: true,
            prev_cr: false,
            counts: std::collections::BTreeMap::new(),
            out: Vec::new(),
        }
    }

    fn output(&mut self) {
        let line = self.line_numbers[self.index];
        let count = self.counts.entry(self.hash).or_insert(0);
        *count += 1;
        let value = format!("{:x}:{}", self.hash, count);
        if line >= 1 {
            if self.out.len() < line {
                self.out.resize(line, String::new());
            }
            if let Some(slot) = self.out.get_mut(line - 1) {
                *slot = value;
            }
        }
        self.line_numbers[self.index] = 0;
    }

    fn update(&mut self, cur: u64) {
        let begin = self.window[self.index];
        self.window[self.index] = cur;
        self.hash = MOD
            .wrapping_mul(self.hash)
            .wrapping_add(cur)
            .wrapping_sub(self.first_mod.wrapping_mul(begin));
        self.index = (self.index + 1) % BLOCK;
    }

    fn process(&mut self, unit: u16) {
        let mut cur = u64::from(unit);
        if cur == 32 || cur == 9 || (self.prev_cr && cur == 10) {
            self.prev_cr = false;
            return;
        }
        if cur == 13 {
            cur = 10;
            self.prev_cr = true;
        } else {
            self.prev_cr = false;
        }
        if self.line_numbers[self.index] != 0 {
            self.output();
        }
        if self.line_start {
            self.line_start = false;
            self.line_no += 1;
            self.line_numbers[self.index] = self.line_no;
        }
        if cur == 10 {
            self.line_start = true;
        }
        self.update(cur);
    }
}

/// The `primaryLocationLineHash` of every line of `text`: element `i` is line `i + 1`.
/// The vector has one more element than `text` has line endings (the last line, even
/// when empty).
pub fn line_hashes(text: &str) -> Vec<String> {
    let mut h = Hasher::new();
    for unit in text.encode_utf16() {
        h.process(unit);
    }
    h.process(65535);
    for _ in 0..BLOCK {
        if h.line_numbers[h.index] != 0 {
            h.output();
        }
        h.update(0);
    }
    h.out
}

/// The hash of one 1-based line, from the result of `line_hashes`.
pub fn line_hash(hashes: &[String], line: usize) -> Option<&str> {
    hashes
        .get(line.checked_sub(1)?)
        .map(String::as_str)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from codeql-action src/fingerprints.test.ts (RESEARCH.md §1.6).
    #[test]
    fn empty_file() {
        assert_eq!(line_hashes(""), vec!["c129715d7a2bc9a3:1"]);
    }

    #[test]
    fn whitespace_is_skipped() {
        let want = vec![
            "271789c17abda88f:1",
            "54703d4cd895b18:1",
            "180aee12dab6264:1",
            "a23a3dc5e078b07b:1",
        ];
        assert_eq!(line_hashes(" a\nb\n  \t\tc\n d"), want);
        assert_eq!(line_hashes(" a\r\nb\r\n  \t\tc\r\n d"), want);
        assert_eq!(line_hashes(" a\rb\r  \t\tc\r d"), want);
    }

    #[test]
    fn repeated_lines_are_numbered() {
        let text = "Lorem ipsum dolor sit amet.\n".repeat(10);
        let got = line_hashes(&text);
        let want = [
            "a7f2ff13bc495cf2:1",
            "a7f2ff13bc495cf2:2",
            "a7f2ff13bc495cf2:3",
            "a7f2ff13bc495cf2:4",
            "a7f2ff13bc495cf2:5",
            "a7f2ff13bc495cf2:6",
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn counts_utf16_code_units() {
        // computed with shared/sarif/tools/linehash.py
        assert_eq!(
            line_hashes("x = \"\u{1f600}é\"\n"),
            vec!["bb4695a23c421abc:1", "c129715d7a2bc9a3:1"]
        );
    }

    #[test]
    fn line_lookup() {
        let h = line_hashes("a\nb");
        assert!(line_hash(&h, 1).is_some());
        assert!(line_hash(&h, 2).is_some());
        assert!(line_hash(&h, 0).is_none());
        assert!(line_hash(&h, 3).is_none());
    }
}
