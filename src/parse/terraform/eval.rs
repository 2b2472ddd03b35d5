//! The Terraform expression evaluator: one `Env` per root module evaluates its variables,
//! locals, resources, data sources and local child modules lazily, memoised, with
//! reference-cycle detection and a depth cap. Values are `ir::Val`s; what is not known
//! becomes a labelled hole.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, Traversal, TraversalOperator, UnaryOperator,
};
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::template::{Directive, Element, Template};

use super::{is_local_source, model, module_source, normalize, Parsed, TfInput};
use crate::diag::Diagnostic;
use crate::iam::{Hole, HoleClass, SymStr};
use crate::ir::{Entry, LoadOutput, RawResource, Val, ValKind};
use crate::source::{Format, SourceFile, Span};

/// Nesting limit for expressions and reference chains.
const MAX_DEPTH: u32 = 128;
/// Nesting limit for local child modules.
const MAX_MODULE_DEPTH: usize = 16;

/// An evaluation failure (a Terraform error): reported by the attribute it occurs in,
/// caught by `try()`.
#[derive(Debug)]
pub(super) struct Fail {
    pub span: Span,
    pub msg: String,
}

pub(super) type R = Result<Val, Fail>;

pub(super) fn fail(span: Span, msg: impl Into<String>) -> Fail {
    Fail {
        span,
        msg: msg.into(),
    }
}

/// A value that is not known, as a whole.
pub(super) fn hole(label: impl Into<String>, class: HoleClass, span: Span) -> Val {
    Val::unknown(Hole::new(label.into(), class), span)
}

/// The definitions of one module directory.
struct ModDefs<'p> {
    vars: BTreeMap<String, (&'p Block, u32)>,
    locals: BTreeMap<String, (&'p Attribute, u32)>,
    res: Vec<ResDef<'p>>,
    res_idx: BTreeMap<(bool, String, String), usize>,
    calls: Vec<(String, &'p Block, u32)>,
    outputs: BTreeMap<String, (&'p Block, u32)>,
}

struct ResDef<'p> {
    is_data: bool,
    rtype: String,
    name: String,
    block: &'p Block,
    file: u32,
}

enum Child {
    Local(usize),
    Remote(String),
    Missing(String),
}

/// One instance of a module: the root or a local child.
struct ModInst<'p> {
    def: usize,
    /// `""` or `module.a.` (or `module.a.module.b.`)
    prefix: String,
    /// `path.module` relative to the root module
    rel: String,
    /// The parent module and the `module` block that calls this one.
    call: Option<(usize, &'p Block, u32)>,
    children: BTreeMap<String, Child>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum InstKey {
    None,
    Index(i64),
    Key(String),
    Unknown,
}

pub(super) struct Inst {
    pub key: InstKey,
    pub addr: String,
    pub attrs: Val,
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Local(usize, String),
    Var(usize, String),
    Res(usize, usize),
    Out(usize, String),
}

enum Slot {
    Busy,
    Val(Val),
    Res(Rc<Vec<Inst>>),
}

/// What an expression sees: its module, its file, and the names bound around it.
#[derive(Clone)]
pub(super) struct Scope {
    /// `usize::MAX` for variable files (no module: no references).
    pub m: usize,
    pub file: u32,
    pub each: Option<(Val, Val)>,
    pub count: Option<Val>,
    pub binds: Vec<(String, Val)>,
}

impl Scope {
    fn lookup(&self, name: &str) -> Option<&Val> {
        self.binds
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
    pub(super) fn bind(&self, name: &str, v: Val) -> Scope {
        let mut s = self.clone();
        s.binds.push((name.to_string(), v));
        s
    }
}

pub(super) struct Env<'p> {
    pub read_file: &'p (dyn Fn(&Path) -> Result<std::sync::Arc<str>, String> + Sync),
    account: Option<String>,
    region: Option<String>,
    partition: Option<String>,
    root_dir: PathBuf,
    defs: Vec<ModDefs<'p>>,
    mods: Vec<ModInst<'p>>,
    files: BTreeMap<u32, &'p SourceFile>,
    tfvars: BTreeMap<String, Val>,
    memo: RefCell<BTreeMap<Key, Slot>>,
    diags: RefCell<Vec<Diagnostic>>,
    depth: Cell<u32>,
}

/// Evaluates one root module (and its local children) into resources.
pub(super) fn evaluate_root(
    root: &Path,
    modules: &BTreeMap<PathBuf, Vec<Parsed>>,
    tfvars: &[&Parsed],
    input: &TfInput,
) -> LoadOutput {
    let mut env = Env {
        read_file: input.read_file,
        account: input.options.account_id.clone(),
        region: input.options.region.clone(),
        partition: input.options.partition.clone(),
        root_dir: root.to_path_buf(),
        defs: Vec::new(),
        mods: Vec::new(),
        files: BTreeMap::new(),
        tfvars: BTreeMap::new(),
        memo: RefCell::new(BTreeMap::new()),
        diags: RefCell::new(Vec::new()),
        depth: Cell::new(0),
    };
    let mut def_of_dir: BTreeMap<PathBuf, usize> = BTreeMap::new();
    env.instantiate(
        root,
        String::new(),
        ".".to_string(),
        None,
        modules,
        &mut def_of_dir,
        0,
    );

    // variable files, in precedence order: later ones win
    for p in tfvars {
        env.files.insert(p.file.id, p.file);
        let sc = Scope {
            m: usize::MAX,
            file: p.file.id,
            each: None,
            count: None,
            binds: Vec::new(),
        };
        for s in p.body.iter() {
            match s {
                Structure::Attribute(a) => {
                    let v = env.eval_attr(&a.value, &sc);
                    env.tfvars.insert(a.key.as_str().to_string(), v);
                }
                Structure::Block(b) => env.warn(
                    env.span(p.file.id, b),
                    "a block in a variable file is ignored",
                ),
            }
        }
    }

    let mut out = LoadOutput::default();
    let unit: std::sync::Arc<str> =
        std::sync::Arc::from(env.root_dir.to_string_lossy().replace('\\', "/"));
    for m in 0..env.mods.len() {
        let Some(def) = env.mods.get(m).map(|mi| mi.def) else {
            continue;
        };
        let n = env.defs.get(def).map(|d| d.res.len()).unwrap_or(0);
        for r in 0..n {
            let insts = env.instances(m, r, Span::NONE);
            let Some(rd) = env.defs.get(def).and_then(|d| d.res.get(r)) else {
                continue;
            };
            for inst in insts.iter() {
                out.resources.push(RawResource {
                    format: Format::Terraform,
                    rtype: rd.rtype.clone(),
                    address: inst.addr.clone(),
                    name: rd.name.clone(),
                    span: env.span(rd.file, rd.block),
                    name_span: rd
                        .block
                        .labels
                        .get(1)
                        .map(|l| env.span(rd.file, l))
                        .unwrap_or_else(|| env.span(rd.file, rd.block)),
                    attrs: inst.attrs.clone(),
                    is_data: rd.is_data,
                    unit: unit.clone(),
                });
            }
        }
    }
    out.diagnostics = env.diags.into_inner();
    out
}

impl<'p> Env<'p> {
    #[allow(clippy::too_many_arguments)]
    fn instantiate(
        &mut self,
        dir: &Path,
        prefix: String,
        rel: String,
        call: Option<(usize, &'p Block, u32)>,
        modules: &'p BTreeMap<PathBuf, Vec<Parsed<'p>>>,
        def_of_dir: &mut BTreeMap<PathBuf, usize>,
        depth: usize,
    ) -> usize {
        let def = match def_of_dir.get(dir) {
            Some(d) => *d,
            None => {
                let d = self.build_defs(dir, modules);
                def_of_dir.insert(dir.to_path_buf(), d);
                d
            }
        };
        let idx = self.mods.len();
        self.mods.push(ModInst {
            def,
            prefix: prefix.clone(),
            rel: rel.clone(),
            call,
            children: BTreeMap::new(),
        });
        let calls: Vec<(String, &'p Block, u32)> = self
            .defs
            .get(def)
            .map(|d| d.calls.clone())
            .unwrap_or_default();
        for (name, block, file) in calls {
            if let Some(a) = block
                .body
                .get_attribute("count")
                .or_else(|| block.body.get_attribute("for_each"))
            {
                self.warn(
                    self.span(file, a),
                    format!("module {name}: count and for_each on modules are not expanded; one instance is read"),
                );
            }
            let src = module_source(block).unwrap_or_default();
            let child = if is_local_source(&src) {
                let cdir = normalize(&dir.join(&src));
                if modules.contains_key(&cdir) && depth < MAX_MODULE_DEPTH {
                    let crel = normalize(&Path::new(&rel).join(&src))
                        .to_string_lossy()
                        .replace('\\', "/");
                    let crel = if crel.is_empty() {
                        ".".to_string()
                    } else {
                        crel
                    };
                    Child::Local(self.instantiate(
                        &cdir,
                        format!("{prefix}module.{name}."),
                        crel,
                        Some((idx, block, file)),
                        modules,
                        def_of_dir,
                        depth + 1,
                    ))
                } else {
                    let msg = if depth >= MAX_MODULE_DEPTH {
                        format!("module {name}: modules nested too deeply; its outputs are unknown")
                    } else {
                        format!(
                            "module {name}: local module {src} is not among the scanned files; its outputs are unknown"
                        )
                    };
                    self.warn(self.span(file, block), msg);
                    Child::Missing(src)
                }
            } else {
                Child::Remote(src)
            };
            if let Some(mi) = self.mods.get_mut(idx) {
                mi.children.insert(name, child);
            }
        }
        idx
    }

    fn build_defs(&mut self, dir: &Path, modules: &'p BTreeMap<PathBuf, Vec<Parsed<'p>>>) -> usize {
        let mut d = ModDefs {
            vars: BTreeMap::new(),
            locals: BTreeMap::new(),
            res: Vec::new(),
            res_idx: BTreeMap::new(),
            calls: Vec::new(),
            outputs: BTreeMap::new(),
        };
        for p in modules.get(dir).map(|v| v.as_slice()).unwrap_or(&[]) {
            let fid = p.file.id;
            self.files.insert(fid, p.file);
            let fname = super::file_name(&p.file.path);
            if fname == "override.tf" || fname.ends_with("_override.tf") {
                self.warn(
                    Span {
                        file: fid,
                        start: 0,
                        end: 0,
                    },
                    "override files are not merged into the configuration; the file is skipped",
                );
                continue;
            }
            for s in p.body.iter() {
                let Structure::Block(b) = s else { continue };
                let l0 = b.labels.first().map(|l| l.as_str().to_string());
                let l1 = b.labels.get(1).map(|l| l.as_str().to_string());
                match (b.ident.as_str(), l0, l1) {
                    ("variable", Some(n), _) => {
                        d.vars.insert(n, (b, fid));
                    }
                    ("locals", _, _) => {
                        for a in b.body.attributes() {
                            d.locals.insert(a.key.as_str().to_string(), (a, fid));
                        }
                    }
                    ("output", Some(n), _) => {
                        d.outputs.insert(n, (b, fid));
                    }
                    ("module", Some(n), _) => d.calls.push((n, b, fid)),
                    (kind @ ("resource" | "data"), Some(t), Some(n)) => {
                        let is_data = kind == "data";
                        d.res_idx
                            .insert((is_data, t.clone(), n.clone()), d.res.len());
                        d.res.push(ResDef {
                            is_data,
                            rtype: t,
                            name: n,
                            block: b,
                            file: fid,
                        });
                    }
                    _ => {}
                }
            }
        }
        self.defs.push(d);
        self.defs.len() - 1
    }

    // ----- small helpers -------------------------------------------------------------

    pub(super) fn span(&self, file: u32, x: &dyn hcl_edit::Span) -> Span {
        match x.span() {
            Some(r) => Span::new(file, r.start, r.end),
            None => Span::NONE,
        }
    }

    pub(super) fn text(&self, span: Span) -> String {
        let t = self
            .files
            .get(&span.file)
            .map(|f| f.slice(span))
            .unwrap_or("");
        let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() > 80 {
            let mut s: String = t.chars().take(77).collect();
            s.push_str("...");
            s
        } else {
            t
        }
    }

    pub(super) fn warn(&self, span: Span, msg: impl Into<String>) {
        self.diags
            .borrow_mut()
            .push(Diagnostic::warning("GL004", span, msg));
    }

    fn error(&self, code: &'static str, span: Span, msg: impl Into<String>) {
        self.diags
            .borrow_mut()
            .push(Diagnostic::error(code, span, msg));
    }

    pub(super) fn account(&self) -> SymStr {
        match &self.account {
            Some(a) => SymStr::lit(a.as_str()),
            None => SymStr::hole(Hole::account()),
        }
    }
    pub(super) fn region(&self) -> SymStr {
        match &self.region {
            Some(a) => SymStr::lit(a.as_str()),
            None => SymStr::hole(Hole::region()),
        }
    }
    pub(super) fn partition(&self) -> SymStr {
        match &self.partition {
            Some(a) => SymStr::lit(a.as_str()),
            None => SymStr::hole(Hole::partition()),
        }
    }

    /// The directory relative paths in `file()` are read from (Terraform: the working
    /// directory, i.e. the root module).
    pub(super) fn resolve_path(&self, p: &str) -> PathBuf {
        let path = Path::new(p);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            normalize(&self.root_dir.join(path))
        }
    }

    fn memo_get(&self, k: &Key) -> Option<Result<Slot, ()>> {
        let memo = self.memo.borrow();
        match memo.get(k) {
            None => None,
            Some(Slot::Busy) => Some(Err(())),
            Some(Slot::Val(v)) => Some(Ok(Slot::Val(v.clone()))),
            Some(Slot::Res(r)) => Some(Ok(Slot::Res(r.clone()))),
        }
    }

    fn memo_set(&self, k: Key, s: Slot) {
        self.memo.borrow_mut().insert(k, s);
    }

    fn cycle(&self, what: &str, span: Span) -> Val {
        self.error("GL003", span, format!("reference cycle through {what}"));
        hole(format!("{what} (reference cycle)"), HoleClass::Any, span)
    }

    // ----- references ----------------------------------------------------------------

    fn memo_val(&self, key: Key, what: &str, span: Span, f: impl FnOnce() -> Val) -> Val {
        match self.memo_get(&key) {
            Some(Ok(Slot::Val(v))) => return v,
            Some(Err(())) => return self.cycle(what, span),
            _ => {}
        }
        self.memo_set(key.clone(), Slot::Busy);
        let v = f();
        self.memo_set(key, Slot::Val(v.clone()));
        v
    }

    fn local(&self, m: usize, name: &str, span: Span) -> R {
        let Some(def) = self.def_of(m) else {
            return Err(fail(
                span,
                "references are not allowed in variable files and templates",
            ));
        };
        let Some((a, file)) = def.locals.get(name).copied() else {
            return Err(fail(span, format!("local.{name} is not declared")));
        };
        let sc = Scope {
            m,
            file,
            each: None,
            count: None,
            binds: Vec::new(),
        };
        Ok(self.memo_val(
            Key::Local(m, name.to_string()),
            &format!("local.{name}"),
            span,
            || self.eval_attr(&a.value, &sc),
        ))
    }

    fn var(&self, m: usize, name: &str, span: Span) -> R {
        let Some(def) = self.def_of(m) else {
            return Err(fail(
                span,
                "references are not allowed in variable files and templates",
            ));
        };
        let Some((b, file)) = def.vars.get(name).copied() else {
            return Err(fail(span, format!("var.{name} is not declared")));
        };
        let mi = self.mods.get(m);
        let prefix = mi.map(|x| x.prefix.clone()).unwrap_or_default();
        Ok(self.memo_val(
            Key::Var(m, name.to_string()),
            &format!("{prefix}var.{name}"),
            span,
            || {
                match mi.and_then(|x| x.call) {
                    None => {
                        if let Some(v) = self.tfvars.get(name) {
                            return v.clone();
                        }
                    }
                    Some((pm, call, cfile)) => {
                        if let Some(a) = call.body.get_attribute(name) {
                            let sc = Scope {
                                m: pm,
                                file: cfile,
                                each: None,
                                count: None,
                                binds: Vec::new(),
                            };
                            return self.eval_attr(&a.value, &sc);
                        }
                    }
                }
                if let Some(a) = b.body.get_attribute("default") {
                    let sc = Scope {
                        m,
                        file,
                        each: None,
                        count: None,
                        binds: Vec::new(),
                    };
                    return self.eval_attr(&a.value, &sc);
                }
                hole(
                    format!("{prefix}var.{name} (no default)"),
                    HoleClass::Any,
                    self.span(file, b),
                )
            },
        ))
    }

    fn output(&self, m: usize, module: &str, out: &str, span: Span) -> R {
        let Some(mi) = self.mods.get(m) else {
            return Err(fail(
                span,
                "references are not allowed in variable files and templates",
            ));
        };
        match mi.children.get(module) {
            None => Err(fail(span, format!("module.{module} is not declared"))),
            Some(Child::Remote(src)) => Ok(hole(
                format!("module.{module}.{out} (remote module {src})"),
                HoleClass::Any,
                span,
            )),
            Some(Child::Missing(src)) => Ok(hole(
                format!("module.{module}.{out} (module {src} not found)"),
                HoleClass::Any,
                span,
            )),
            Some(Child::Local(c)) => {
                let c = *c;
                let Some((b, file)) = self.def_of(c).and_then(|d| d.outputs.get(out)).copied()
                else {
                    return Err(fail(span, format!("module.{module} has no output {out}")));
                };
                let sc = Scope {
                    m: c,
                    file,
                    each: None,
                    count: None,
                    binds: Vec::new(),
                };
                Ok(self.memo_val(
                    Key::Out(c, out.to_string()),
                    &format!("module.{module}.{out}"),
                    span,
                    || match b.body.get_attribute("value") {
                        Some(a) => self.eval_attr(&a.value, &sc),
                        None => Val::null(self.span(file, b)),
                    },
                ))
            }
        }
    }

    fn def_of(&self, m: usize) -> Option<&ModDefs<'p>> {
        self.mods.get(m).and_then(|mi| self.defs.get(mi.def))
    }

    /// The instances of resource `r` of module `m`, evaluated once.
    pub(super) fn instances(&self, m: usize, r: usize, span: Span) -> Rc<Vec<Inst>> {
        let key = Key::Res(m, r);
        match self.memo_get(&key) {
            Some(Ok(Slot::Res(v))) => return v,
            Some(Err(())) => {
                let what = self.res_label(m, r);
                let _ = self.cycle(&what, span);
                return Rc::new(Vec::new());
            }
            _ => {}
        }
        self.memo_set(key.clone(), Slot::Busy);
        let v = Rc::new(self.eval_resource(m, r));
        self.memo_set(key, Slot::Res(v.clone()));
        v
    }

    fn res_label(&self, m: usize, r: usize) -> String {
        let prefix = self.mods.get(m).map(|x| x.prefix.as_str()).unwrap_or("");
        match self.def_of(m).and_then(|d| d.res.get(r)) {
            Some(rd) => format!(
                "{prefix}{}{}.{}",
                if rd.is_data { "data." } else { "" },
                rd.rtype,
                rd.name
            ),
            None => String::new(),
        }
    }

    fn eval_resource(&self, m: usize, r: usize) -> Vec<Inst> {
        let Some(rd) = self.def_of(m).and_then(|d| d.res.get(r)) else {
            return Vec::new();
        };
        let base = self.res_label(m, r);
        let file = rd.file;
        let sc = Scope {
            m,
            file,
            each: None,
            count: None,
            binds: Vec::new(),
        };
        let body = &rd.block.body;
        let mut scopes: Vec<(InstKey, String, Scope)> = Vec::new();
        if let Some(c) = body.get_attribute("count") {
            let v = self.eval_attr(&c.value, &sc);
            let cs = self.span(file, &c.value);
            match &v.kind {
                ValKind::Num(n) => {
                    let n = n.parse::<f64>().unwrap_or(0.0).clamp(0.0, 10_000.0) as i64;
                    for i in 0..n {
                        let mut s = sc.clone();
                        s.count = Some(Val::new(ValKind::Num(i.to_string()), cs));
                        scopes.push((InstKey::Index(i), format!("{base}[{i}]"), s));
                    }
                }
                _ => {
                    let mut s = sc.clone();
                    s.count = Some(hole(
                        format!("count.index of {base} (count not known)"),
                        HoleClass::Digits,
                        cs,
                    ));
                    scopes.push((InstKey::Unknown, format!("{base}[?]"), s));
                }
            }
        } else if let Some(fe) = body.get_attribute("for_each") {
            let v = self.eval_attr(&fe.value, &sc);
            let fs = self.span(file, &fe.value);
            let pairs = match &v.kind {
                ValKind::Map(es) => {
                    let mut m: BTreeMap<String, Val> = BTreeMap::new();
                    for e in es {
                        m.insert(e.key.clone(), e.val.clone());
                    }
                    Some(m.into_iter().collect::<Vec<_>>())
                }
                ValKind::List(items) if items.iter().all(|i| i.as_str().is_some()) => {
                    let mut m: BTreeMap<String, Val> = BTreeMap::new();
                    for i in items {
                        m.insert(i.as_str().unwrap_or_default().to_string(), i.clone());
                    }
                    Some(m.into_iter().collect())
                }
                _ => None,
            };
            match pairs {
                Some(pairs) => {
                    for (k, val) in pairs {
                        let mut s = sc.clone();
                        s.each = Some((Val::str(k.as_str(), fs), val));
                        let q = serde_json::to_string(&k).unwrap_or_default();
                        scopes.push((InstKey::Key(k), format!("{base}[{q}]"), s));
                    }
                }
                None => {
                    let mut s = sc.clone();
                    s.each = Some((
                        hole(
                            format!("each.key of {base} (for_each not known)"),
                            HoleClass::Any,
                            fs,
                        ),
                        hole(
                            format!("each.value of {base} (for_each not known)"),
                            HoleClass::Any,
                            fs,
                        ),
                    ));
                    scopes.push((InstKey::Unknown, format!("{base}[?]"), s));
                }
            }
        } else {
            scopes.push((InstKey::None, base.clone(), sc));
        }
        let bspan = self.span(file, rd.block);
        scopes
            .into_iter()
            .map(|(key, addr, s)| {
                let mut entries = self.eval_body(body, &s, true);
                if let Some(extra) = model::data_extra(self, rd.is_data, &rd.rtype, &entries, bspan)
                {
                    entries.push(extra);
                }
                Inst {
                    key,
                    addr,
                    attrs: Val::new(ValKind::Map(entries), bspan),
                }
            })
            .collect()
    }

    /// Evaluates a block body: attributes in order, nested blocks as lists of maps,
    /// `dynamic` blocks expanded.
    pub(super) fn eval_body(&self, body: &Body, sc: &Scope, top: bool) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        let mut block_at: BTreeMap<String, usize> = BTreeMap::new();
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => {
                    let k = a.key.as_str();
                    if top && matches!(k, "count" | "for_each" | "depends_on" | "provider") {
                        continue;
                    }
                    out.push(Entry {
                        key: k.to_string(),
                        span: self.span(sc.file, a),
                        val: self.eval_attr(&a.value, sc),
                    });
                }
                Structure::Block(b) => {
                    let name = b.ident.as_str();
                    if top && matches!(name, "lifecycle" | "provisioner" | "connection") {
                        continue;
                    }
                    let bspan = self.span(sc.file, b);
                    let items: Vec<(String, Val)> = if name == "dynamic" {
                        self.expand_dynamic(b, sc)
                    } else {
                        let es = self.eval_body(&b.body, sc, false);
                        vec![(name.to_string(), Val::new(ValKind::Map(es), bspan))]
                    };
                    for (key, item) in items {
                        match block_at.get(&key) {
                            Some(&i) => {
                                if let Some(e) = out.get_mut(i) {
                                    e.span = e.span.to(item.span);
                                    e.val.span = e.span;
                                    if let ValKind::List(v) = &mut e.val.kind {
                                        v.push(item);
                                    }
                                }
                            }
                            None => {
                                block_at.insert(key.clone(), out.len());
                                let sp = if item.span.is_none() {
                                    bspan
                                } else {
                                    item.span
                                };
                                out.push(Entry {
                                    key,
                                    span: sp,
                                    val: Val::new(ValKind::List(vec![item]), sp),
                                });
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn expand_dynamic(&self, b: &Block, sc: &Scope) -> Vec<(String, Val)> {
        let Some(name) = b.labels.first().map(|l| l.as_str().to_string()) else {
            return Vec::new();
        };
        let bspan = self.span(sc.file, b);
        let iter_name = b
            .body
            .get_attribute("iterator")
            .and_then(|a| match &a.value {
                Expression::Variable(v) => Some(v.as_str().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| name.clone());
        let Some(content) = b.body.blocks().find(|c| c.ident.as_str() == "content") else {
            return Vec::new();
        };
        let coll = match b.body.get_attribute("for_each") {
            Some(a) => self.eval_attr(&a.value, sc),
            None => return Vec::new(),
        };
        let pairs: Vec<(Val, Val)> = match &coll.kind {
            ValKind::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Val::new(ValKind::Num(i.to_string()), v.span), v.clone()))
                .collect(),
            ValKind::Map(es) => es
                .iter()
                .map(|e| (Val::str(e.key.as_str(), e.span), e.val.clone()))
                .collect(),
            ValKind::Null => Vec::new(),
            _ => {
                let k = hole(
                    format!("{name}.key (dynamic for_each not known)"),
                    HoleClass::Any,
                    coll.span,
                );
                let v = hole(
                    format!("{name}.value (dynamic for_each not known)"),
                    HoleClass::Any,
                    coll.span,
                );
                vec![(k, v)]
            }
        };
        pairs
            .into_iter()
            .map(|(k, v)| {
                let it = Val::new(
                    ValKind::Map(vec![
                        Entry {
                            key: "key".into(),
                            span: k.span,
                            val: k,
                        },
                        Entry {
                            key: "value".into(),
                            span: v.span,
                            val: v,
                        },
                    ]),
                    bspan,
                );
                let s = sc.bind(&iter_name, it);
                let es = self.eval_body(&content.body, &s, false);
                (name.clone(), Val::new(ValKind::Map(es), bspan))
            })
            .collect()
    }

    /// Evaluates an attribute value; a failure becomes a diagnostic and a hole.
    pub(super) fn eval_attr(&self, e: &Expression, sc: &Scope) -> Val {
        match self.eval(e, sc) {
            Ok(v) => v,
            Err(f) => {
                let sp = if f.span.is_none() {
                    self.span(sc.file, e)
                } else {
                    f.span
                };
                self.diags
                    .borrow_mut()
                    .push(Diagnostic::warning("GL003", sp, f.msg.clone()));
                hole(
                    format!("invalid value: {}", f.msg),
                    HoleClass::Any,
                    self.span(sc.file, e),
                )
            }
        }
    }

    // ----- expressions ---------------------------------------------------------------

    pub(super) fn eval(&self, e: &Expression, sc: &Scope) -> R {
        let d = self.depth.get();
        if d >= MAX_DEPTH {
            let sp = self.span(sc.file, e);
            self.error(
                "GL003",
                sp,
                "expression or reference chain nested too deeply",
            );
            return Ok(hole("value nested too deeply", HoleClass::Any, sp));
        }
        self.depth.set(d + 1);
        let r = self.eval_inner(e, sc);
        self.depth.set(d);
        r
    }

    fn eval_inner(&self, e: &Expression, sc: &Scope) -> R {
        let span = self.span(sc.file, e);
        Ok(match e {
            Expression::Null(_) => Val::null(span),
            Expression::Bool(b) => Val::new(ValKind::Bool(*b.value()), span),
            Expression::Number(n) => Val::new(ValKind::Num(n.value().to_string()), span),
            Expression::String(s) => Val::str(s.value().as_str(), span),
            Expression::Array(a) => {
                let mut v = Vec::new();
                for x in a.iter() {
                    v.push(self.eval(x, sc)?);
                }
                Val::new(ValKind::List(v), span)
            }
            Expression::Object(o) => {
                let mut es: Vec<Entry> = Vec::new();
                let mut seen: BTreeMap<String, usize> = BTreeMap::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(id) => id.as_str().to_string(),
                        ObjectKey::Expression(ke) => {
                            let kv = self.eval(ke, sc)?;
                            match self.to_sym(&kv)?.as_known() {
                                Some(s) => s.to_string(),
                                None => {
                                    return Ok(hole(
                                        format!(
                                            "object with a key not known ({})",
                                            self.text(kv.span)
                                        ),
                                        HoleClass::Any,
                                        span,
                                    ))
                                }
                            }
                        }
                    };
                    let val = self.eval(v.expr(), sc)?;
                    let ks = self.span(sc.file, k);
                    let espan = ks.to(val.span);
                    match seen.get(&key) {
                        // a repeated key: the last one wins, in the place of the first
                        Some(&i) => {
                            if let Some(e) = es.get_mut(i) {
                                *e = Entry {
                                    key,
                                    span: espan,
                                    val,
                                };
                            }
                        }
                        None => {
                            seen.insert(key.clone(), es.len());
                            es.push(Entry {
                                key,
                                span: espan,
                                val,
                            });
                        }
                    }
                }
                Val::new(ValKind::Map(es), span)
            }
            Expression::StringTemplate(t) => self.eval_template(t, span, sc)?,
            Expression::HeredocTemplate(h) => self.eval_template(&h.template, span, sc)?,
            Expression::Parenthesis(p) => {
                let mut v = self.eval(p.inner(), sc)?;
                v.span = span;
                v
            }
            Expression::Variable(id) => match sc.lookup(id.as_str()) {
                Some(v) => {
                    let mut v = v.clone();
                    v.span = span;
                    v
                }
                None => return Err(fail(span, format!("unknown name `{}`", id.as_str()))),
            },
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr, sc)?;
                match truth(&cond) {
                    Some(true) => self.eval(&c.true_expr, sc)?,
                    Some(false) => self.eval(&c.false_expr, sc)?,
                    None => {
                        let a = self.eval(&c.true_expr, sc)?;
                        let b = self.eval(&c.false_expr, sc)?;
                        if vals_equal(&a, &b) == Some(true) {
                            a
                        } else {
                            let h = self.depends(span, &cond);
                            match (a.as_str(), b.as_str(), &h.kind) {
                                (Some(x), Some(y), ValKind::Unknown(h)) => {
                                    Val::str(either(x, y, h.label.clone()), span)
                                }
                                _ => h,
                            }
                        }
                    }
                }
            }
            Expression::FuncCall(f) => self.call(f, span, sc)?,
            Expression::Traversal(t) => {
                let mut v = self.eval_traversal(t, span, sc)?;
                v.span = span;
                v
            }
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, sc)?;
                match (u.operator.value(), &v.kind) {
                    (_, ValKind::Unknown(_)) => self.depends(span, &v),
                    (UnaryOperator::Not, _) => match truth(&v) {
                        Some(b) => Val::new(ValKind::Bool(!b), span),
                        None => self.depends(span, &v),
                    },
                    (UnaryOperator::Neg, _) => match num(&v) {
                        Some(n) => num_val(-n, span),
                        None => return Err(fail(span, "a number is required")),
                    },
                }
            }
            Expression::BinaryOp(b) => {
                let l = self.eval(&b.lhs_expr, sc)?;
                let op = *b.operator.value();
                // short-circuit logic where the known side decides
                if matches!(op, BinaryOperator::And | BinaryOperator::Or) {
                    let r = self.eval(&b.rhs_expr, sc)?;
                    let (lt, rt) = (truth(&l), truth(&r));
                    let res = match op {
                        BinaryOperator::And => match (lt, rt) {
                            (Some(false), _) | (_, Some(false)) => Some(false),
                            (Some(true), Some(true)) => Some(true),
                            _ => None,
                        },
                        _ => match (lt, rt) {
                            (Some(true), _) | (_, Some(true)) => Some(true),
                            (Some(false), Some(false)) => Some(false),
                            _ => None,
                        },
                    };
                    return Ok(match res {
                        Some(x) => Val::new(ValKind::Bool(x), span),
                        None => self.depends(span, if lt.is_none() { &l } else { &r }),
                    });
                }
                let r = self.eval(&b.rhs_expr, sc)?;
                self.binary(op, &l, &r, span)?
            }
            Expression::ForExpr(f) => self.eval_for(f, span, sc)?,
        })
    }

    /// A hole for an expression whose value depends on an unknown one.
    pub(super) fn depends(&self, span: Span, on: &Val) -> Val {
        let why = match first_hole(on) {
            Some(h) => {
                // name the root cause, not the chain of expressions on the way
                let l: &str = &h.label;
                const MARK: &str = " (depends on ";
                match l.find(MARK) {
                    Some(i) => l
                        .get(i + MARK.len()..l.len().saturating_sub(1))
                        .unwrap_or(l)
                        .to_string(),
                    None => l.to_string(),
                }
            }
            None => "a value not known".into(),
        };
        hole(
            format!("{} (depends on {why})", self.text(span)),
            HoleClass::Any,
            span,
        )
    }

    fn binary(&self, op: BinaryOperator, l: &Val, r: &Val, span: Span) -> R {
        use BinaryOperator as B;
        Ok(match op {
            B::Eq | B::NotEq => match vals_equal(l, r) {
                Some(eq) => Val::new(ValKind::Bool(if op == B::Eq { eq } else { !eq }), span),
                None => self.depends(span, if first_hole(l).is_some() { l } else { r }),
            },
            _ => {
                if matches!(l.kind, ValKind::Unknown(_)) || first_hole(l).is_some() {
                    return Ok(self.depends(span, l));
                }
                if matches!(r.kind, ValKind::Unknown(_)) || first_hole(r).is_some() {
                    return Ok(self.depends(span, r));
                }
                let (Some(a), Some(b)) = (num(l), num(r)) else {
                    return Err(fail(span, "a number is required"));
                };
                match op {
                    B::Plus => num_val(a + b, span),
                    B::Minus => num_val(a - b, span),
                    B::Mul => num_val(a * b, span),
                    B::Div => {
                        if b == 0.0 {
                            return Err(fail(span, "division by zero"));
                        }
                        num_val(a / b, span)
                    }
                    B::Mod => {
                        if b == 0.0 {
                            return Err(fail(span, "division by zero"));
                        }
                        num_val(a % b, span)
                    }
                    B::Less => Val::new(ValKind::Bool(a < b), span),
                    B::LessEq => Val::new(ValKind::Bool(a <= b), span),
                    B::Greater => Val::new(ValKind::Bool(a > b), span),
                    B::GreaterEq => Val::new(ValKind::Bool(a >= b), span),
                    _ => return Err(fail(span, "unsupported operator")),
                }
            }
        })
    }

    fn eval_for(&self, f: &ForExpr, span: Span, sc: &Scope) -> R {
        let coll = self.eval(&f.intro.collection_expr, sc)?;
        let pairs: Vec<(Val, Val)> = match &coll.kind {
            ValKind::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Val::new(ValKind::Num(i.to_string()), v.span), v.clone()))
                .collect(),
            ValKind::Map(es) => es
                .iter()
                .map(|e| (Val::str(e.key.as_str(), e.span), e.val.clone()))
                .collect(),
            ValKind::Unknown(_) => return Ok(self.depends(span, &coll)),
            ValKind::Null => return Err(fail(coll.span, "cannot iterate over null")),
            _ => return Err(fail(coll.span, "a list, set, map or object is required")),
        };
        let kname = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let vname = f.intro.value_var.as_str().to_string();
        let mut list: Vec<Val> = Vec::new();
        let mut map: Vec<Entry> = Vec::new();
        for (k, v) in pairs {
            let mut s = sc.clone();
            if let Some(kn) = &kname {
                s.binds.push((kn.clone(), k));
            }
            s.binds.push((vname.clone(), v));
            if let Some(c) = &f.cond {
                let cv = self.eval(&c.expr, &s)?;
                match truth(&cv) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Ok(self.depends(span, &cv)),
                }
            }
            let val = self.eval(&f.value_expr, &s)?;
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let kv = self.eval(ke, &s)?;
                    let Some(key) = self.to_sym(&kv)?.as_known().map(str::to_string) else {
                        return Ok(self.depends(span, &kv));
                    };
                    if f.grouping {
                        if let Some(e) = map.iter_mut().find(|e| e.key == key) {
                            if let ValKind::List(l) = &mut e.val.kind {
                                l.push(val);
                            }
                            continue;
                        }
                        let sp = val.span;
                        map.push(Entry {
                            key,
                            span: sp,
                            val: Val::new(ValKind::List(vec![val]), sp),
                        });
                    } else {
                        if map.iter().any(|e| e.key == key) {
                            return Err(fail(
                                span,
                                format!("duplicate key {key} in for expression"),
                            ));
                        }
                        map.push(Entry {
                            key,
                            span: val.span,
                            val,
                        });
                    }
                }
            }
        }
        Ok(if f.key_expr.is_some() {
            Val::new(ValKind::Map(map), span)
        } else {
            Val::new(ValKind::List(list), span)
        })
    }

    pub(super) fn eval_template(&self, t: &Template, span: Span, sc: &Scope) -> R {
        if let Some(Element::Interpolation(i)) = t.as_single_element() {
            return self.eval(&i.expr, sc);
        }
        let mut out = SymStr::new();
        self.render(t, &mut out, sc)?;
        Ok(Val::str(out, span))
    }

    fn render(&self, t: &Template, out: &mut SymStr, sc: &Scope) -> Result<(), Fail> {
        let mut trim_next = false;
        self.render_trim(t, out, sc, &mut trim_next)
    }

    /// Renders a template; `trim_next` asks to strip the whitespace that starts the next
    /// literal (a `~` marker before it).
    fn render_trim(
        &self,
        t: &Template,
        out: &mut SymStr,
        sc: &Scope,
        trim_next: &mut bool,
    ) -> Result<(), Fail> {
        for el in t.iter() {
            match el {
                Element::Literal(s) => {
                    let text: &str = s.value();
                    out.push_str(if std::mem::take(trim_next) {
                        text.trim_start()
                    } else {
                        text
                    });
                }
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        trim_end(out);
                    }
                    let v = self.eval(&i.expr, sc)?;
                    out.append(&self.to_sym(&v)?);
                    *trim_next = i.strip.strip_end();
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(ifd) => {
                        if ifd.if_expr.strip.strip_start() {
                            trim_end(out);
                        }
                        let c = self.eval(&ifd.if_expr.cond_expr, sc)?;
                        match truth(&c) {
                            Some(true) => {
                                *trim_next = ifd.if_expr.strip.strip_end();
                                self.render_trim(&ifd.if_expr.template, out, sc, trim_next)?;
                                let end_strip = match &ifd.else_expr {
                                    Some(e) => e.strip.strip_start(),
                                    None => ifd.endif_expr.strip.strip_start(),
                                };
                                if end_strip {
                                    trim_end(out);
                                }
                            }
                            Some(false) => {
                                if let Some(e) = &ifd.else_expr {
                                    *trim_next = e.strip.strip_end();
                                    self.render_trim(&e.template, out, sc, trim_next)?;
                                    if ifd.endif_expr.strip.strip_start() {
                                        trim_end(out);
                                    }
                                }
                            }
                            None => {
                                let h =
                                    self.depends(self.span(sc.file, &ifd.if_expr.cond_expr), &c);
                                out.append(&self.to_sym(&h)?);
                            }
                        }
                        *trim_next = ifd.endif_expr.strip.strip_end();
                    }
                    Directive::For(fd) => {
                        let f = &fd.for_expr;
                        if f.strip.strip_start() {
                            trim_end(out);
                        }
                        let coll = self.eval(&f.collection_expr, sc)?;
                        let pairs: Vec<(Val, Val)> = match &coll.kind {
                            ValKind::List(items) => items
                                .iter()
                                .enumerate()
                                .map(|(i, v)| {
                                    (Val::new(ValKind::Num(i.to_string()), v.span), v.clone())
                                })
                                .collect(),
                            ValKind::Map(es) => es
                                .iter()
                                .map(|e| (Val::str(e.key.as_str(), e.span), e.val.clone()))
                                .collect(),
                            _ => {
                                let h = self.depends(coll.span, &coll);
                                out.append(&self.to_sym(&h)?);
                                *trim_next = fd.endfor_expr.strip.strip_end();
                                continue;
                            }
                        };
                        for (k, v) in pairs {
                            let mut s = sc.clone();
                            if let Some(kn) = &f.key_var {
                                s.binds.push((kn.as_str().to_string(), k));
                            }
                            s.binds.push((f.value_var.as_str().to_string(), v));
                            *trim_next = f.strip.strip_end();
                            self.render_trim(&f.template, out, &s, trim_next)?;
                            if fd.endfor_expr.strip.strip_start() {
                                trim_end(out);
                            }
                        }
                        *trim_next = fd.endfor_expr.strip.strip_end();
                    }
                },
            }
        }
        Ok(())
    }

    /// The string form of a value (template interpolation, `tostring`).
    pub(super) fn to_sym(&self, v: &Val) -> Result<SymStr, Fail> {
        Ok(match &v.kind {
            ValKind::Str(s) => s.clone(),
            ValKind::Num(n) => SymStr::lit(n.as_str()),
            ValKind::Bool(b) => SymStr::lit(if *b { "true" } else { "false" }),
            ValKind::Unknown(h) => SymStr::hole(h.clone()),
            ValKind::Json(inner) => json_text(inner),
            ValKind::Null => return Err(fail(v.span, "a null value cannot be used as a string")),
            ValKind::List(_) | ValKind::Map(_) => {
                return Err(fail(v.span, "a list or object cannot be used as a string"))
            }
        })
    }

    // ----- traversals ----------------------------------------------------------------

    fn eval_traversal(&self, t: &Traversal, span: Span, sc: &Scope) -> R {
        let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
        let (v, used) = match &t.expr {
            Expression::Variable(id) if sc.lookup(id.as_str()).is_none() => {
                self.eval_root(id.as_str(), &ops, span, sc)?
            }
            other => (self.eval(other, sc)?, 0),
        };
        self.apply_ops(v, ops.get(used..).unwrap_or(&[]), span, sc)
    }

    fn attr_name<'o>(op: Option<&&'o TraversalOperator>) -> Option<&'o str> {
        match op {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        }
    }

    fn eval_root(
        &self,
        root: &str,
        ops: &[&TraversalOperator],
        span: Span,
        sc: &Scope,
    ) -> Result<(Val, usize), Fail> {
        let a0 = Self::attr_name(ops.first());
        let a1 = Self::attr_name(ops.get(1));
        fn need<'x>(x: Option<&'x str>, root: &str, span: Span) -> Result<&'x str, Fail> {
            x.ok_or_else(|| {
                fail(
                    span,
                    format!("`{root}` must be followed by an attribute name"),
                )
            })
        }
        match root {
            "var" => Ok((self.var(sc.m, need(a0, root, span)?, span)?, 1)),
            "local" => Ok((self.local(sc.m, need(a0, root, span)?, span)?, 1)),
            "module" => {
                let m = need(a0, root, span)?;
                // module.M[KEY].OUT: count/for_each on modules are not expanded (one instance)
                let indexed = matches!(
                    ops.get(1),
                    Some(TraversalOperator::Index(_)) | Some(TraversalOperator::LegacyIndex(_))
                );
                if indexed {
                    if let Some(o) = Self::attr_name(ops.get(2)) {
                        return Ok((self.output(sc.m, m, o, span)?, 3));
                    }
                }
                match a1 {
                    Some(o) => Ok((self.output(sc.m, m, o, span)?, 2)),
                    None => Ok((
                        hole(
                            format!("module.{m} (whole module object)"),
                            HoleClass::Any,
                            span,
                        ),
                        1,
                    )),
                }
            }
            "each" => {
                let Some((k, v)) = &sc.each else {
                    return Err(fail(span, "`each` is only valid with for_each"));
                };
                match need(a0, root, span)? {
                    "key" => Ok((k.clone(), 1)),
                    "value" => Ok((v.clone(), 1)),
                    other => Err(fail(span, format!("each.{other} is not valid"))),
                }
            }
            "count" => {
                let Some(c) = &sc.count else {
                    return Err(fail(span, "`count` is only valid with count"));
                };
                Ok((c.clone(), 1))
            }
            "path" => {
                let rel = self
                    .mods
                    .get(sc.m)
                    .map(|m| m.rel.clone())
                    .unwrap_or_else(|| ".".into());
                match need(a0, root, span)? {
                    "module" => Ok((Val::str(rel, span), 1)),
                    "root" | "cwd" => Ok((Val::str(".", span), 1)),
                    other => Err(fail(span, format!("path.{other} is not valid"))),
                }
            }
            "terraform" => Ok((hole("terraform.workspace", HoleClass::Segment, span), 1)),
            "self" => Ok((hole("self (provisioner)", HoleClass::Any, span), 0)),
            "data" => {
                let t = need(a0, root, span)?;
                let n = need(a1, root, span)?;
                let (v, used) =
                    self.resource_ref(sc.m, true, t, n, ops.get(2..).unwrap_or(&[]), span, sc)?;
                Ok((v, used + 2))
            }
            t => {
                let n = need(a0, root, span)?;
                let (v, used) =
                    self.resource_ref(sc.m, false, t, n, ops.get(1..).unwrap_or(&[]), span, sc)?;
                Ok((v, used + 1))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resource_ref(
        &self,
        m: usize,
        is_data: bool,
        rtype: &str,
        name: &str,
        ops: &[&TraversalOperator],
        span: Span,
        sc: &Scope,
    ) -> Result<(Val, usize), Fail> {
        let Some(def) = self.def_of(m) else {
            return Err(fail(
                span,
                "references are not allowed in variable files and templates",
            ));
        };
        let Some(&r) = def
            .res_idx
            .get(&(is_data, rtype.to_string(), name.to_string()))
        else {
            let d = if is_data { "data." } else { "" };
            return Err(fail(
                span,
                format!("reference to undeclared resource {d}{rtype}.{name}"),
            ));
        };
        let multi = def.res.get(r).map(|rd| {
            rd.block.body.get_attribute("count").is_some()
                || rd.block.body.get_attribute("for_each").is_some()
        });
        let insts = self.instances(m, r, span);
        if !multi.unwrap_or(false) {
            let Some(inst) = insts.first() else {
                return Ok((
                    hole(
                        format!("{} (reference cycle)", self.res_label(m, r)),
                        HoleClass::Any,
                        span,
                    ),
                    0,
                ));
            };
            return Ok(match Self::attr_name(ops.first()) {
                Some(a) => (self.res_attr(rtype, is_data, inst, a, span), 1),
                None => (self.res_object(rtype, is_data, inst, span), 0),
            });
        }
        match ops.first() {
            Some(TraversalOperator::Index(_)) | Some(TraversalOperator::LegacyIndex(_)) => {
                let key = match ops.first() {
                    Some(TraversalOperator::Index(e)) => self.eval(e, sc)?,
                    Some(TraversalOperator::LegacyIndex(n)) => {
                        Val::new(ValKind::Num(n.value().to_string()), span)
                    }
                    _ => Val::null(span),
                };
                let found = insts.iter().find(|i| match (&i.key, &key.kind) {
                    (InstKey::Unknown, _) => true,
                    (InstKey::Index(n), ValKind::Num(k)) => {
                        k.parse::<f64>().ok() == Some(*n as f64)
                    }
                    (InstKey::Key(s), ValKind::Str(k)) => k.as_known() == Some(s.as_str()),
                    _ => false,
                });
                let Some(inst) = found else {
                    if first_hole(&key).is_some() {
                        return Ok((self.depends(span, &key), ops.len()));
                    }
                    return Err(fail(
                        span,
                        format!(
                            "{} has no instance {}",
                            self.res_label(m, r),
                            self.text(key.span)
                        ),
                    ));
                };
                Ok(match Self::attr_name(ops.get(1)) {
                    Some(a) => (self.res_attr(rtype, is_data, inst, a, span), 2),
                    None => (self.res_object(rtype, is_data, inst, span), 1),
                })
            }
            Some(TraversalOperator::FullSplat(_)) | Some(TraversalOperator::AttrSplat(_)) => {
                if insts.iter().any(|i| i.key == InstKey::Unknown) {
                    return Ok((
                        hole(
                            format!("{} (instances not known)", self.text(span)),
                            HoleClass::Any,
                            span,
                        ),
                        ops.len(),
                    ));
                }
                let a = Self::attr_name(ops.get(1));
                let items = insts
                    .iter()
                    .map(|i| match a {
                        Some(a) => self.res_attr(rtype, is_data, i, a, span),
                        None => self.res_object(rtype, is_data, i, span),
                    })
                    .collect();
                Ok((
                    Val::new(ValKind::List(items), span),
                    if a.is_some() { 2 } else { 1 },
                ))
            }
            _ => {
                let for_each = insts.iter().any(|i| matches!(i.key, InstKey::Key(_)));
                if insts.iter().any(|i| i.key == InstKey::Unknown) {
                    return Ok((
                        hole(
                            format!("{} (instances not known)", self.text(span)),
                            HoleClass::Any,
                            span,
                        ),
                        0,
                    ));
                }
                if for_each {
                    let es = insts
                        .iter()
                        .map(|i| {
                            let key = match &i.key {
                                InstKey::Key(k) => k.clone(),
                                _ => String::new(),
                            };
                            Entry {
                                key,
                                span,
                                val: self.res_object(rtype, is_data, i, span),
                            }
                        })
                        .collect();
                    Ok((Val::new(ValKind::Map(es), span), 0))
                } else {
                    let items = insts
                        .iter()
                        .map(|i| self.res_object(rtype, is_data, i, span))
                        .collect();
                    Ok((Val::new(ValKind::List(items), span), 0))
                }
            }
        }
    }

    /// One attribute of a resource instance: as configured, else as the provider computes it.
    fn res_attr(&self, rtype: &str, is_data: bool, inst: &Inst, attr: &str, span: Span) -> Val {
        let mut v = match inst.attrs.get(attr) {
            Some(v) if !v.is_null() => v.clone(),
            _ => match model::computed(self, rtype, is_data, &inst.addr, &inst.attrs, attr, span) {
                Some(v) => v,
                None => hole(
                    format!("{}.{attr} (known after apply)", inst.addr),
                    HoleClass::Any,
                    span,
                ),
            },
        };
        v.span = span;
        v.with_origin(inst.addr.clone(), attr)
    }

    /// A resource instance as an object: its configuration plus the computed attributes.
    fn res_object(&self, rtype: &str, is_data: bool, inst: &Inst, span: Span) -> Val {
        let mut es: Vec<Entry> = match &inst.attrs.kind {
            ValKind::Map(es) => es.clone(),
            _ => Vec::new(),
        };
        for a in model::computed_names(rtype, is_data) {
            if es.iter().any(|e| e.key == *a) {
                continue;
            }
            if let Some(v) = model::computed(self, rtype, is_data, &inst.addr, &inst.attrs, a, span)
            {
                es.push(Entry {
                    key: (*a).to_string(),
                    span,
                    val: v.with_origin(inst.addr.clone(), *a),
                });
            }
        }
        let mut v = Val::new(ValKind::Map(es), span);
        v.origin = None;
        v
    }

    fn apply_ops(&self, mut v: Val, ops: &[&TraversalOperator], span: Span, sc: &Scope) -> R {
        let mut i = 0;
        while let Some(op) = ops.get(i) {
            i += 1;
            v = match op {
                TraversalOperator::GetAttr(a) => get_attr(v, a.as_str(), span)?,
                TraversalOperator::Index(e) => {
                    let k = self.eval(e, sc)?;
                    self.index(v, &k, span)?
                }
                TraversalOperator::LegacyIndex(n) => {
                    let k = Val::new(ValKind::Num(n.value().to_string()), span);
                    self.index(v, &k, span)?
                }
                TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_) => {
                    let rest = ops.get(i..).unwrap_or(&[]);
                    let items = match v.kind {
                        ValKind::List(items) => items,
                        ValKind::Null => Vec::new(),
                        ValKind::Unknown(_) => return Ok(self.depends(span, &v)),
                        _ => vec![v],
                    };
                    let mut out = Vec::new();
                    for it in items {
                        out.push(self.apply_ops(it, rest, span, sc)?);
                    }
                    return Ok(Val::new(ValKind::List(out), span));
                }
            };
        }
        Ok(v)
    }

    pub(super) fn index(&self, v: Val, k: &Val, span: Span) -> R {
        match (&v.kind, &k.kind) {
            (ValKind::Unknown(h), _) => Ok(hole(
                format!("element of {}", h.label),
                h.class.max(HoleClass::Any),
                span,
            )),
            (_, ValKind::Unknown(_)) => Ok(self.depends(span, k)),
            (ValKind::List(items), _) => {
                let Some(n) = num(k) else {
                    return Err(fail(span, "a number index is required"));
                };
                if n < 0.0 || n.fract() != 0.0 {
                    return Err(fail(span, "invalid index"));
                }
                items
                    .get(n as usize)
                    .cloned()
                    .ok_or_else(|| fail(span, "index out of range"))
            }
            (ValKind::Map(_), _) => {
                let key = self.to_sym(k)?;
                match key.as_known() {
                    Some(s) => get_attr(v, s, span),
                    None => Ok(self.depends(span, k)),
                }
            }
            (ValKind::Json(_), _) => Err(fail(span, "a string cannot be indexed")),
            _ => Err(fail(span, "this value cannot be indexed")),
        }
    }
}

/// One of two known strings, not known which: their common prefix and suffix stay
/// literal, the part that differs is a hole whose class admits both.
fn either(x: &str, y: &str, label: std::sync::Arc<str>) -> SymStr {
    let pre = x
        .chars()
        .zip(y.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let (xr, yr) = (x.get(pre..).unwrap_or(""), y.get(pre..).unwrap_or(""));
    let suf = xr
        .chars()
        .rev()
        .zip(yr.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let xm = xr.get(..xr.len() - suf).unwrap_or("");
    let ym = yr.get(..yr.len() - suf).unwrap_or("");
    let class = [
        HoleClass::Digits,
        HoleClass::Segment,
        HoleClass::NoColon,
        HoleClass::Any,
    ]
    .into_iter()
    .find(|c| xm.chars().chain(ym.chars()).all(|ch| c.allows(ch)))
    .unwrap_or(HoleClass::Any);
    let mut out = SymStr::lit(x.get(..pre).unwrap_or(""));
    out.push_hole(Hole::new(label, class));
    out.push_str(xr.get(xr.len() - suf..).unwrap_or(""));
    out
}

/// Strips trailing whitespace from the literal text at the end of `s`.
fn trim_end(s: &mut SymStr) {
    if let Some(crate::iam::Piece::Lit(l)) = s.pieces().last() {
        if l.trim_end().len() != l.len() {
            let mut pieces = s.pieces().to_vec();
            if let Some(crate::iam::Piece::Lit(l)) = pieces.last_mut() {
                let n = l.trim_end().len();
                l.truncate(n);
            }
            *s = SymStr::from_pieces(pieces);
        }
    }
}

pub(super) fn get_attr(v: Val, a: &str, span: Span) -> R {
    match &v.kind {
        ValKind::Map(_) => match v.get(a) {
            Some(x) => Ok(x.clone()),
            None => Err(fail(span, format!("object has no attribute {a}"))),
        },
        ValKind::Unknown(h) => Ok(hole(format!("{a} of {}", h.label), HoleClass::Any, span)),
        ValKind::Null => Err(fail(
            span,
            format!("attempt to get attribute {a} of a null value"),
        )),
        ValKind::List(items) if items.len() == 1 => {
            // nested blocks are lists of one map: Terraform would want [0]; be lenient
            Err(fail(
                span,
                format!("a list has no attribute {a} (use [0] or [*])"),
            ))
        }
        _ => Err(fail(span, format!("this value has no attribute {a}"))),
    }
}

pub(super) fn first_hole(v: &Val) -> Option<&Hole> {
    match &v.kind {
        ValKind::Unknown(h) => Some(h),
        ValKind::Str(s) => s.holes().next(),
        ValKind::List(items) => items.iter().find_map(first_hole),
        ValKind::Map(es) => es.iter().find_map(|e| first_hole(&e.val)),
        ValKind::Json(inner) => first_hole(inner),
        _ => None,
    }
}

pub(super) fn truth(v: &Val) -> Option<bool> {
    match &v.kind {
        ValKind::Bool(b) => Some(*b),
        ValKind::Str(s) => match s.as_known() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn num(v: &Val) -> Option<f64> {
    match &v.kind {
        ValKind::Num(n) => n.parse().ok(),
        ValKind::Str(s) => s.as_known().and_then(|t| t.trim().parse().ok()),
        _ => None,
    }
}

pub(super) fn num_val(n: f64, span: Span) -> Val {
    let text = if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    Val::new(ValKind::Num(text), span)
}

/// Structural equality; `None` when a hole decides it.
pub(super) fn vals_equal(a: &Val, b: &Val) -> Option<bool> {
    match (&a.kind, &b.kind) {
        (ValKind::Unknown(_), _) | (_, ValKind::Unknown(_)) => None,
        (ValKind::Null, ValKind::Null) => Some(true),
        (ValKind::Bool(x), ValKind::Bool(y)) => Some(x == y),
        (ValKind::Num(x), ValKind::Num(y)) => Some(x.parse::<f64>().ok() == y.parse::<f64>().ok()),
        (ValKind::Str(x), ValKind::Str(y)) => {
            if x == y {
                Some(true)
            } else if x.is_known() && y.is_known() {
                Some(false)
            } else {
                None
            }
        }
        (ValKind::List(x), ValKind::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut acc = Some(true);
            for (p, q) in x.iter().zip(y) {
                match vals_equal(p, q) {
                    Some(false) => return Some(false),
                    None => acc = None,
                    _ => {}
                }
            }
            acc
        }
        (ValKind::Map(x), ValKind::Map(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut acc = Some(true);
            for e in x {
                let Some(f) = y.iter().find(|f| f.key == e.key) else {
                    return Some(false);
                };
                match vals_equal(&e.val, &f.val) {
                    Some(false) => return Some(false),
                    None => acc = None,
                    _ => {}
                }
            }
            acc
        }
        (ValKind::Json(x), ValKind::Json(y)) => vals_equal(x, y),
        (ValKind::Null, _) | (_, ValKind::Null) => Some(false),
        _ => {
            if first_hole(a).is_some() || first_hole(b).is_some() {
                None
            } else {
                Some(false)
            }
        }
    }
}

/// The JSON text of a value, with holes kept as holes.
pub(super) fn json_text(v: &Val) -> SymStr {
    let mut out = SymStr::new();
    write_json(v, &mut out, 0);
    out
}

fn write_json(v: &Val, out: &mut SymStr, depth: u32) {
    if depth > MAX_DEPTH {
        out.push_str("null");
        return;
    }
    match &v.kind {
        ValKind::Null => out.push_str("null"),
        ValKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ValKind::Num(n) => out.push_str(n),
        ValKind::Str(s) => write_json_str(s, out),
        ValKind::Unknown(h) => out.push_hole(h.clone()),
        ValKind::List(items) => {
            out.push_str("[");
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",");
                }
                write_json(it, out, depth + 1);
            }
            out.push_str("]");
        }
        ValKind::Map(es) => {
            out.push_str("{");
            for (i, e) in es.iter().enumerate() {
                if i > 0 {
                    out.push_str(",");
                }
                out.push_str(&serde_json::to_string(&e.key).unwrap_or_default());
                out.push_str(":");
                write_json(&e.val, out, depth + 1);
            }
            out.push_str("}");
        }
        ValKind::Json(inner) => write_json_str(&json_text(inner), out),
    }
}

fn write_json_str(s: &SymStr, out: &mut SymStr) {
    out.push_str("\"");
    for p in s.pieces() {
        match p {
            crate::iam::Piece::Lit(t) => {
                let q = serde_json::to_string(t).unwrap_or_default();
                out.push_str(q.get(1..q.len().saturating_sub(1)).unwrap_or(""));
            }
            crate::iam::Piece::Hole(h) => out.push_hole(h.clone()),
        }
    }
    out.push_str("\"");
}
