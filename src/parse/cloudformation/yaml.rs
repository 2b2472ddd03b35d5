//! A spanned YAML/JSON tree for CloudFormation templates, built from saphyr-parser's
//! event stream: byte spans (saphyr counts characters; we convert), local tags kept
//! (`!Ref`, `!GetAtt`, ...), duplicate keys kept in order, aliases expanded under a
//! node budget, nesting limited to `MAX_DEPTH`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::source::Span;

/// Deepest nesting read; deeper documents are reported and cut.
pub const MAX_DEPTH: usize = 256;
/// Most nodes alias expansion may create (guards against "billion laughs").
const ALIAS_BUDGET: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct YNode {
    pub kind: YKind,
    pub span: Span,
    /// A local tag (`!Ref` → `Ref`); core-schema tags (`!!str`) are folded into `kind`.
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum YKind {
    /// A scalar and whether it was plain (unquoted, so `true`, `1`, `null` are typed).
    Scalar(String, bool),
    Seq(Vec<YNode>),
    Map(Vec<(YNode, YNode)>),
}

impl YNode {
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            YKind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&[(YNode, YNode)]> {
        match &self.kind {
            YKind::Map(m) => Some(m),
            _ => None,
        }
    }
    /// The entry whose key is this scalar (the last one when repeated).
    pub fn entry(&self, key: &str) -> Option<&(YNode, YNode)> {
        self.as_map()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_scalar() == Some(key))
    }
    pub fn get(&self, key: &str) -> Option<&YNode> {
        self.entry(key).map(|(_, v)| v)
    }
}

/// A YAML syntax or structure error at a byte offset.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub offset: usize,
    pub message: String,
}

/// Character index → byte offset, for inputs that are not pure ASCII.
struct Offsets {
    /// `None` when the text is ASCII (index = offset).
    table: Option<Vec<u32>>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let table = if text.is_ascii() {
            None
        } else {
            let mut t: Vec<u32> = text
                .char_indices()
                .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                .collect();
            t.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            Some(t)
        };
        Offsets {
            table,
            len: text.len(),
        }
    }
    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(t) => t.get(char_index).map(|&b| b as usize).unwrap_or(self.len),
        }
    }
}

enum Frame {
    Seq {
        items: Vec<YNode>,
        start: usize,
        tag: Option<String>,
        anchor: usize,
    },
    Map {
        entries: Vec<(YNode, YNode)>,
        key: Option<YNode>,
        start: usize,
        tag: Option<String>,
        anchor: usize,
    },
}

fn local_tag(tag: Option<Cow<'_, saphyr_parser::Tag>>) -> (Option<String>, Option<String>) {
    // (local tag suffix, core-schema suffix)
    match tag {
        Some(t) if t.handle == "!" => (Some(t.suffix.clone()), None),
        Some(t) if t.handle == "!!" || t.handle == "tag:yaml.org,2002:" => {
            (None, Some(t.suffix.clone()))
        }
        Some(t) => (Some(format!("{}{}", t.handle, t.suffix)), None),
        None => (None, None),
    }
}

fn count_nodes(n: &YNode) -> usize {
    let mut total = 0usize;
    let mut todo = vec![n];
    while let Some(n) = todo.pop() {
        total += 1;
        match &n.kind {
            YKind::Scalar(..) => {}
            YKind::Seq(items) => todo.extend(items.iter()),
            YKind::Map(es) => {
                for (k, v) in es {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
    total
}

/// Parses the first document of `text` into a tree (`None` for an empty stream).
pub fn parse(text: &str, file: u32) -> Result<Option<YNode>, YamlError> {
    let offs = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: BTreeMap<usize, YNode> = BTreeMap::new();
    let mut budget = ALIAS_BUDGET;

    while let Some(ev) = parser.next_event() {
        let (ev, sp) = ev.map_err(|e: ScanError| YamlError {
            offset: offs.byte(e.marker().index()),
            message: e.info().to_string(),
        })?;
        let start = offs.byte(sp.start.index());
        let end = offs.byte(sp.end.index());
        let (node, anchor) = match ev {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
            Event::DocumentEnd => break,
            Event::SequenceStart(anchor, tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        offset: start,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    start,
                    tag: local_tag(tag).0,
                    anchor,
                });
                continue;
            }
            Event::MappingStart(anchor, tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        offset: start,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    start,
                    tag: local_tag(tag).0,
                    anchor,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { break };
                let end = trim_end(text, end);
                match frame {
                    Frame::Seq {
                        items,
                        start,
                        tag,
                        anchor,
                    } => (
                        YNode {
                            kind: YKind::Seq(items),
                            span: Span::new(file, start, end.max(start)),
                            tag,
                        },
                        anchor,
                    ),
                    Frame::Map {
                        entries,
                        start,
                        tag,
                        anchor,
                        ..
                    } => (
                        YNode {
                            kind: YKind::Map(entries),
                            span: Span::new(file, start, end.max(start)),
                            tag,
                        },
                        anchor,
                    ),
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let (local, core) = local_tag(tag);
                let plain = style == ScalarStyle::Plain && core.is_none();
                let value = if core.as_deref() == Some("null") {
                    String::new()
                } else {
                    value.into_owned()
                };
                (
                    YNode {
                        kind: YKind::Scalar(value, plain),
                        span: Span::new(file, start, end),
                        tag: local,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let Some(n) = anchors.get(&id) else {
                    return Err(YamlError {
                        offset: start,
                        message: "unknown alias".into(),
                    });
                };
                let size = count_nodes(n);
                if size > budget {
                    return Err(YamlError {
                        offset: start,
                        message: "aliases expand to too many nodes".into(),
                    });
                }
                budget -= size;
                let mut n = n.clone();
                n.span = Span::new(file, start, end);
                (n, 0)
            }
        };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => return Ok(Some(node)),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(None)
}

/// Moves an end offset back over trailing whitespace and comments-free blank space, so a
/// block collection's span ends at its last character rather than at the next token.
fn trim_end(text: &str, end: usize) -> usize {
    let Some(prefix) = text.get(..end) else {
        return end;
    };
    prefix.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'a>(text: &'a str, n: &YNode) -> &'a str {
        &text[n.span.start as usize..n.span.end as usize]
    }

    #[test]
    fn tags_spans_and_quotes() {
        let text = "A:\n  B: !Ref X\n  C: \"q\"\n  é: !GetAtt R.Arn\n";
        let root = parse(text, 0).unwrap().unwrap();
        let a = root.get("A").unwrap();
        let b = a.get("B").unwrap();
        assert_eq!(b.tag.as_deref(), Some("Ref"));
        assert_eq!(b.as_scalar(), Some("X"));
        assert_eq!(slice(text, b), "!Ref X");
        let c = a.get("C").unwrap();
        assert_eq!(c.kind, YKind::Scalar("q".into(), false));
        let e = a.get("é").unwrap();
        assert_eq!(slice(text, e), "!GetAtt R.Arn");
        assert!(slice(text, a).ends_with("R.Arn"));
    }

    #[test]
    fn json_with_tabs_parses() {
        let text = "{\n\t\"A\": {\n\t\t\"B\": [1, \"x\"]\n\t}\n}\n";
        let root = parse(text, 0).unwrap().unwrap();
        let b = root.get("A").unwrap().get("B").unwrap();
        assert!(matches!(&b.kind, YKind::Seq(v) if v.len() == 2));
    }

    #[test]
    fn syntax_error_has_offset() {
        let text = "A:\n  B: [1, 2\n";
        let err = parse(text, 0).unwrap_err();
        assert!(err.offset > 3, "{err:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert!(parse(&text, 0).is_err());
    }

    #[test]
    fn aliases_expand_and_are_bounded() {
        let text = "a: &x [1, 2]\nb: *x\n";
        let root = parse(text, 0).unwrap().unwrap();
        assert!(matches!(&root.get("b").unwrap().kind, YKind::Seq(v) if v.len() == 2));
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        assert!(parse(&bomb, 0).is_err());
    }
}
