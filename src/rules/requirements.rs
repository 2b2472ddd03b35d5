//! GL201-GL205 and GL207: what a Glue workload's own role must be allowed at run time.
//!
//! Each workload (job or crawler) creates requirements of its role, each caused by one
//! attribute of the workload: read its script and the files of `--extra-py-files`,
//! `--extra-jars`, `--extra-files` and `--additional-python-modules` (GL201), read, write
//! and delete under `--TempDir` and write `--spark-event-logs-path` (GL202), list and read
//! a crawler's S3 targets (GL201), use the KMS keys of its security configuration and of
//! the buckets it touches (GL203), write its CloudWatch log groups (GL204), and call the
//! Glue APIs the run needs: its connections, the Data Catalog for crawlers and jobs with
//! `--enable-glue-datacatalog` (GL205). Each is evaluated with the engine against the
//! role's identity policies, its permissions boundary and the SCPs, plus the bucket policy
//! or key policy where one applies. One finding per (workload, kind) lists every missing
//! action and resource; an explicit deny that decides is GL207 instead.
//!
//! Decisions (documented in the catalog):
//! - A role that is not in the IaC has policies nobody can see: no requirement is checked.
//! - Without `--TempDir`, Glue uses no temporary directory of the job's (the console sets
//!   `s3://aws-glue-assets-<account>-<region>/temporary/` when it creates a job; the API
//!   and IaC do not): nothing is required.
//! - A key or bucket outside the IaC: only the identity side is evaluated; a KMS key
//!   outside the IaC is not checked at all (its key policy may grant the role directly).
//! - A log group the IaC defines needs no `logs:CreateLogGroup`.
//! - Runtime requests use TLS (`aws:SecureTransport` is true); every other request key is
//!   unknown, so a condition on it makes a decision `Unknown` (a warning naming it).
//! - CloudWatch encryption: the key policy must allow `logs.<region>.amazonaws.com`;
//!   checked only with a known region (the principal names it).
//! - VPC connections' EC2 network-interface actions are not checked: the model does not
//!   say which connections run in a VPC.

use std::collections::BTreeMap;

use crate::finding::{Finding, Level, Related};
use crate::iam::eval::{Decision, PolicySet, ResourceKind};
use crate::iam::policy::Policy;
use crate::iam::request::{Context, Request};
use crate::iam::{Hole, HoleClass, Piece, Span, SymStr, Tri};
use crate::model::{BucketId, KeyId, PolicyId, PrincipalId, Workload, WorkloadKind};

use super::deployers::{eval, unknown_stand_in, Prepared};
use super::outcome::{statement_name, summarise, Outcome};
use super::Ctx;

/// What a requirement is about; each kind has its rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReqKind {
    S3Read,
    S3Write,
    Kms,
    Logs,
    Glue,
}

impl ReqKind {
    pub fn rule(self) -> &'static str {
        match self {
            ReqKind::S3Read => "GL201",
            ReqKind::S3Write => "GL202",
            ReqKind::Kms => "GL203",
            ReqKind::Logs => "GL204",
            ReqKind::Glue => "GL205",
        }
    }
    fn what(self) -> &'static str {
        match self {
            ReqKind::S3Read => "read from S3",
            ReqKind::S3Write => "write to S3",
            ReqKind::Kms => "use KMS keys",
            ReqKind::Logs => "write CloudWatch logs",
            ReqKind::Glue => "call the Glue APIs it needs",
        }
    }
}

/// The resource policy that also decides a requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourcePolicy {
    None,
    /// The bucket's policy (one way to grant; a deny in it decides).
    Bucket(BucketId),
    /// The key policy: it must allow, directly or by delegating to IAM. A key without a
    /// policy in the IaC has the default one, which delegates: identity policies decide.
    Key(KeyId),
}

/// Something the workload's role must be allowed, and why.
#[derive(Clone, Debug)]
pub struct Requirement {
    pub workload: usize,
    /// The workload's role.
    pub principal: PrincipalId,
    pub actions: Vec<&'static str>,
    pub resource: SymStr,
    pub context: Context,
    /// In words: `the script`, `--TempDir`.
    pub why: String,
    /// The attribute that causes the requirement.
    pub span: Span,
    pub kind: ReqKind,
    pub resource_policy: ResourcePolicy,
    /// The caller when it is an AWS service rather than the role (CloudWatch Logs using
    /// the key that encrypts the workload's logs): only the key policy decides.
    pub service: Option<SymStr>,
}

/// The label of the hole that stands for every object under a prefix. The requirement is
/// for all of them: a decision that depends only on such holes means some objects under
/// the prefix are not allowed (or are denied), which the run will meet.
const ANY_OBJECT: &str = "any object under ";

/// The label of the hole that stands for the databases a job's script reads.
const SCRIPT_DATABASE: &str = "a database the script reads";

/// The request context of a run: TLS is fixed, nothing else.
fn runtime_context() -> Context {
    let mut c = Context::open();
    c.set_str("aws:SecureTransport", "true");
    c
}

/// `s3://bucket/key` → (bucket, key), for a value that may have holes. `None` when the
/// value is not an S3 URL (a local path, a PyPI package name).
pub fn split_s3(v: &SymStr) -> Option<(SymStr, SymStr)> {
    let prefix = v.known_prefix();
    let rest = prefix
        .strip_prefix("s3://")
        .or_else(|| prefix.strip_prefix("s3a://"))
        .or_else(|| prefix.strip_prefix("s3n://"))?;
    let mut pieces: Vec<Piece> = Vec::new();
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest.to_string()));
    }
    pieces.extend(v.pieces().iter().skip(1).cloned());
    let mut bucket = SymStr::new();
    let mut key = SymStr::new();
    let mut in_key = false;
    for p in pieces {
        match p {
            Piece::Lit(s) if !in_key => match s.split_once('/') {
                Some((b, k)) => {
                    bucket.push_str(b);
                    key.push_str(k);
                    in_key = true;
                }
                None => bucket.push_str(&s),
            },
            Piece::Lit(s) => key.push_str(&s),
            Piece::Hole(h) if in_key => key.push_hole(h),
            Piece::Hole(h) => bucket.push_hole(h),
        }
    }
    if bucket.pieces().is_empty() {
        return None;
    }
    Some((bucket, key))
}

fn s3_arn(ctx: &Ctx, bucket: &SymStr) -> SymStr {
    let mut s = SymStr::lit("arn:");
    s.append(&ctx.env.partition());
    s.push_str(":s3:::");
    s.append(bucket);
    s
}

/// The object ARN of a key, or of any object under a prefix (`tmp/` → `tmp/<object>`).
fn object_arn(ctx: &Ctx, bucket: &SymStr, key: &SymStr, prefix_of: Option<&str>) -> SymStr {
    let mut s = s3_arn(ctx, bucket);
    s.push_str("/");
    s.append(key);
    if let Some(what) = prefix_of {
        if !key.pieces().is_empty() && !key.known_suffix().ends_with('/') {
            s.push_str("/");
        }
        s.push_hole(Hole::new(format!("{ANY_OBJECT}{what}"), HoleClass::Any));
    }
    s
}

/// The key of a prefix without a trailing `/`-less ambiguity: `tmp` → `tmp/`.
fn dir_prefix(key: &SymStr) -> SymStr {
    let mut k = key.clone();
    if !k.pieces().is_empty() && !k.known_suffix().ends_with('/') {
        k.push_str("/");
    }
    k
}

fn regional_arn(ctx: &Ctx, service: &str, tail: &SymStr) -> SymStr {
    let mut s = SymStr::lit("arn:");
    s.append(&ctx.env.partition());
    s.push_str(&format!(":{service}:"));
    s.append(&ctx.env.region());
    s.push_str(":");
    s.append(&ctx.env.account());
    s.push_str(":");
    s.append(tail);
    s
}

struct Deriver<'c> {
    ctx: &'c Ctx<'c>,
    /// Known bucket names → the bucket in the IaC.
    buckets: BTreeMap<String, BucketId>,
    out: Vec<Requirement>,
}

impl<'c> Deriver<'c> {
    /// One requirement, as its fields: a struct literal at each call would be longer.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        w: (usize, PrincipalId),
        kind: ReqKind,
        actions: &[&'static str],
        resource: SymStr,
        why: String,
        span: Span,
        resource_policy: ResourcePolicy,
        context: Context,
    ) {
        self.out.push(Requirement {
            workload: w.0,
            principal: w.1,
            actions: actions.to_vec(),
            resource,
            context,
            why,
            span,
            kind,
            resource_policy,
            service: None,
        });
    }

    fn bucket_of(&self, name: &SymStr) -> Option<BucketId> {
        name.as_known().and_then(|n| self.buckets.get(n).copied())
    }

    fn bucket_policy(&self, b: Option<BucketId>) -> ResourcePolicy {
        match b {
            Some(b) if self.ctx.model.buckets[b].policy.is_some() => ResourcePolicy::Bucket(b),
            _ => ResourcePolicy::None,
        }
    }

    /// Reading (`write` false) or writing an object of a bucket with SSE-KMS default
    /// encryption needs the key.
    fn bucket_key(
        &mut self,
        w: (usize, PrincipalId),
        b: Option<BucketId>,
        write: bool,
        why: &str,
        span: Span,
    ) {
        let model = self.ctx.model;
        let Some(b) = b else { return };
        let bucket = &model.buckets[b];
        let Some(sse) = &bucket.sse else { return };
        let Some(k) = sse.key else { return };
        if !sse.algorithm.known_prefix().starts_with("aws:kms") {
            return;
        }
        let actions: &[&'static str] = if write {
            &["kms:GenerateDataKey", "kms:Decrypt"]
        } else {
            &["kms:Decrypt"]
        };
        self.push(
            w,
            ReqKind::Kms,
            actions,
            model.keys[k].arn.clone(),
            format!(
                "{why}: bucket {} encrypts with this key by default",
                bucket.name
            ),
            span,
            ResourcePolicy::Key(k),
            runtime_context(),
        );
    }

    fn read_object(&mut self, w: (usize, PrincipalId), url: &SymStr, why: String, span: Span) {
        let Some((bucket, key)) = split_s3(url) else {
            return;
        };
        let b = self.bucket_of(&bucket);
        let res = object_arn(self.ctx, &bucket, &key, None);
        let rp = self.bucket_policy(b);
        self.push(
            w,
            ReqKind::S3Read,
            &["s3:GetObject"],
            res,
            why.clone(),
            span,
            rp,
            runtime_context(),
        );
        self.bucket_key(w, b, false, &why, span);
    }

    /// List the bucket under the prefix and read the objects under it.
    /// `s3:ListBucket` on the bucket with `s3:prefix` set to the key's directory.
    #[allow(clippy::too_many_arguments)]
    fn list_prefix(
        &mut self,
        w: (usize, PrincipalId),
        kind: ReqKind,
        bucket: &SymStr,
        key: &SymStr,
        why: &str,
        span: Span,
        rp: ResourcePolicy,
    ) {
        let mut c = runtime_context();
        c.set_str("s3:prefix", dir_prefix(key));
        self.push(
            w,
            kind,
            &["s3:ListBucket"],
            s3_arn(self.ctx, bucket),
            why.to_string(),
            span,
            rp,
            c,
        );
    }

    fn read_prefix(&mut self, w: (usize, PrincipalId), url: &SymStr, why: String, span: Span) {
        let Some((bucket, key)) = split_s3(url) else {
            return;
        };
        let b = self.bucket_of(&bucket);
        let rp = self.bucket_policy(b);
        self.list_prefix(w, ReqKind::S3Read, &bucket, &key, &why, span, rp);
        let res = object_arn(self.ctx, &bucket, &key, Some(&why));
        self.push(
            w,
            ReqKind::S3Read,
            &["s3:GetObject"],
            res,
            why.clone(),
            span,
            rp,
            runtime_context(),
        );
        self.bucket_key(w, b, false, &why, span);
    }

    fn write_prefix(
        &mut self,
        w: (usize, PrincipalId),
        url: &SymStr,
        actions: &[&'static str],
        list: bool,
        why: String,
        span: Span,
    ) {
        let Some((bucket, key)) = split_s3(url) else {
            return;
        };
        let b = self.bucket_of(&bucket);
        let rp = self.bucket_policy(b);
        if list {
            self.list_prefix(w, ReqKind::S3Write, &bucket, &key, &why, span, rp);
        }
        let res = object_arn(self.ctx, &bucket, &key, Some(&why));
        self.push(
            w,
            ReqKind::S3Write,
            actions,
            res,
            why.clone(),
            span,
            rp,
            runtime_context(),
        );
        self.bucket_key(w, b, true, &why, span);
    }

    fn logs(&mut self, w: (usize, PrincipalId), group: SymStr, why: String, span: Span, kms: bool) {
        let model = self.ctx.model;
        let defined = model.log_groups.iter().any(|g| g.name == group);
        let mut group_arn = SymStr::lit("log-group:");
        group_arn.append(&group);
        let mut actions: Vec<&'static str> = Vec::new();
        if !defined {
            actions.push("logs:CreateLogGroup");
        }
        if kms && !defined {
            actions.push("logs:AssociateKmsKey");
        }
        if !actions.is_empty() {
            let mut g = group_arn.clone();
            g.push_str(":*");
            let res = regional_arn(self.ctx, "logs", &g);
            self.push(
                w,
                ReqKind::Logs,
                &actions,
                res,
                why.clone(),
                span,
                ResourcePolicy::None,
                runtime_context(),
            );
        }
        let mut stream = group_arn;
        stream.push_str(":log-stream:");
        stream.push_hole(Hole::new("the run's log stream name", HoleClass::NoColon));
        let res = regional_arn(self.ctx, "logs", &stream);
        self.push(
            w,
            ReqKind::Logs,
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            res,
            why,
            span,
            ResourcePolicy::None,
            runtime_context(),
        );
    }

    fn workload(&mut self, wi: usize, w: &Workload, role: PrincipalId) {
        let model = self.ctx.model;
        let id = (wi, role);
        let sc = w.security_config_id.map(|s| &model.security_configs[s]);
        let sc_span = w
            .security_config
            .as_ref()
            .map(|(_, s)| *s)
            .unwrap_or(w.span);
        // Jobs: the script and the files they load.
        if let Some((script, span)) = &w.script {
            self.read_object(id, script, "the script".into(), *span);
        }
        for key in [
            "--extra-py-files",
            "--extra-jars",
            "--extra-files",
            "--additional-python-modules",
        ] {
            let Some((v, span)) = w.argument(key) else {
                continue;
            };
            for item in split_list(v) {
                self.read_object(id, &item, key.to_string(), span);
            }
        }
        if let Some((v, span)) = w.argument("--TempDir") {
            self.write_prefix(
                id,
                v,
                &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                true,
                "--TempDir".into(),
                span,
            );
        }
        if let Some((v, span)) = w.argument("--spark-event-logs-path") {
            self.write_prefix(
                id,
                v,
                &["s3:PutObject"],
                false,
                "--spark-event-logs-path".into(),
                span,
            );
        }
        for (path, span) in &w.s3_targets {
            self.read_prefix(id, path, "the S3 target".into(), *span);
        }
        // The security configuration's keys.
        if let Some(sc) = sc {
            let settings = [
                (
                    &sc.s3,
                    "S3 encryption",
                    &["kms:GenerateDataKey", "kms:Decrypt"][..],
                ),
                (
                    &sc.job_bookmarks,
                    "job bookmark encryption",
                    &["kms:Encrypt", "kms:Decrypt"][..],
                ),
            ];
            for (setting, what, actions) in settings {
                let Some(s) = setting else { continue };
                // A crawler writes no S3 data and no bookmarks.
                if w.kind != WorkloadKind::Job {
                    continue;
                }
                let Some(k) = s.key else { continue };
                let mode = s.mode.known_prefix().to_ascii_uppercase();
                if !(mode.starts_with("SSE-KMS") || mode.starts_with("CSE-KMS")) {
                    continue;
                }
                self.push(
                    id,
                    ReqKind::Kms,
                    actions,
                    model.keys[k].arn.clone(),
                    format!("{what} of security configuration {}", sc.name),
                    sc_span,
                    ResourcePolicy::Key(k),
                    runtime_context(),
                );
            }
        }
        // CloudWatch encryption: the logs service encrypts with the key, so the key policy
        // must allow `logs.<region>.amazonaws.com` (the default key policy does not).
        if let Some(sc) = sc {
            let setting = sc.cloudwatch.as_ref().filter(|c| {
                c.mode
                    .known_prefix()
                    .to_ascii_uppercase()
                    .starts_with("SSE-KMS")
            });
            // The service principal names the region: without `--region` it is not known,
            // and the engine cannot match a service principal with a hole in it.
            let region_known = self.ctx.env.region.is_some();
            if let Some(k) = setting.and_then(|c| c.key).filter(|_| region_known) {
                self.push(
                    id,
                    ReqKind::Kms,
                    &["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
                    model.keys[k].arn.clone(),
                    format!(
                        "CloudWatch Logs encryption of security configuration {}: the logs service uses the key",
                        sc.name
                    ),
                    sc_span,
                    ResourcePolicy::Key(k),
                    runtime_context(),
                );
                let mut svc = SymStr::lit("logs.");
                svc.append(&self.ctx.env.region());
                svc.push_str(".amazonaws.com");
                if let Some(last) = self.out.last_mut() {
                    last.service = Some(svc);
                }
            }
        }
        let logs_kms = sc.and_then(|s| s.cloudwatch.as_ref()).is_some_and(|c| {
            c.mode
                .known_prefix()
                .to_ascii_uppercase()
                .starts_with("SSE-KMS")
        });
        let role_name = model.principals[role].name.clone();
        match w.kind {
            WorkloadKind::Job => {
                let mut groups: Vec<(SymStr, String, Span)> = Vec::new();
                let base = |leaf: &str| -> SymStr {
                    match (logs_kms, sc) {
                        (true, Some(sc)) => {
                            let mut g = SymStr::lit("/aws-glue/jobs/");
                            g.append(&sc.name);
                            g.push_str("-role/");
                            g.append(&role_name);
                            g.push_str("/");
                            g.push_str(leaf);
                            g
                        }
                        _ => SymStr::lit(format!("/aws-glue/jobs/{leaf}")),
                    }
                };
                let why_span = if logs_kms { sc_span } else { w.name_span };
                groups.push((base("output"), "the job's output log".into(), why_span));
                groups.push((base("error"), "the job's error log".into(), why_span));
                let continuous = w
                    .argument("--enable-continuous-cloudwatch-log")
                    .filter(|(v, _)| v.as_known().is_some_and(|v| v.eq_ignore_ascii_case("true")));
                if let Some((_, span)) = continuous {
                    match w.argument("--continuous-log-logGroup") {
                        Some((g, gspan)) => {
                            groups.push((g.clone(), "--continuous-log-logGroup".into(), gspan))
                        }
                        None => groups.push((base("logs-v2"), "continuous logging".into(), span)),
                    }
                }
                for (g, why, span) in groups {
                    self.logs(id, g, why, span, logs_kms);
                }
            }
            WorkloadKind::Crawler => {
                let group = match (logs_kms, sc) {
                    (true, Some(sc)) => {
                        let mut g = SymStr::lit("/aws-glue/crawlers-role/");
                        g.append(&role_name);
                        g.push_str("-");
                        g.append(&sc.name);
                        g
                    }
                    _ => SymStr::lit("/aws-glue/crawlers"),
                };
                let span = if logs_kms { sc_span } else { w.name_span };
                self.logs(id, group, "the crawler's log".into(), span, logs_kms);
            }
            WorkloadKind::DevEndpoint => {}
        }
        // Glue APIs: connections, and the Data Catalog.
        for (name, span) in &w.connections {
            let mut t = SymStr::lit("connection/");
            t.append(name);
            let res = regional_arn(self.ctx, "glue", &t);
            self.push(
                id,
                ReqKind::Glue,
                &["glue:GetConnection"],
                res,
                format!("connection {name}"),
                *span,
                ResourcePolicy::None,
                runtime_context(),
            );
        }
        let catalog = match w.kind {
            WorkloadKind::Crawler => Some((
                "the crawler's database",
                &[
                    "glue:GetDatabase",
                    "glue:GetTable",
                    "glue:CreateTable",
                    "glue:UpdateTable",
                    "glue:BatchCreatePartition",
                    "glue:BatchGetPartition",
                ][..],
                w.name_span,
            )),
            WorkloadKind::Job => w.argument("--enable-glue-datacatalog").map(|(_, span)| {
                (
                    SCRIPT_DATABASE,
                    &["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"][..],
                    span,
                )
            }),
            WorkloadKind::DevEndpoint => None,
        };
        if let Some((label, actions, span)) = catalog {
            let mut t = SymStr::lit("database/");
            t.push_hole(Hole::new(label, HoleClass::Segment));
            let res = regional_arn(self.ctx, "glue", &t);
            self.push(
                id,
                ReqKind::Glue,
                actions,
                res,
                "the Data Catalog".to_string(),
                span,
                ResourcePolicy::None,
                runtime_context(),
            );
        }
    }
}

/// The items of a comma-separated argument value, each trimmed.
fn split_list(v: &SymStr) -> Vec<SymStr> {
    let mut out: Vec<SymStr> = Vec::new();
    let mut cur = SymStr::new();
    for p in v.pieces() {
        match p {
            Piece::Lit(s) => {
                let mut parts = s.split(',');
                if let Some(first) = parts.next() {
                    cur.push_str(first);
                }
                for part in parts {
                    out.push(std::mem::take(&mut cur));
                    cur.push_str(part);
                }
            }
            Piece::Hole(h) => cur.push_hole(h.clone()),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| trim(&s))
        .filter(|s| !s.pieces().is_empty())
        .collect()
}

fn trim(s: &SymStr) -> SymStr {
    let n = s.pieces().len();
    SymStr::from_pieces(s.pieces().iter().enumerate().map(|(i, p)| match p {
        Piece::Lit(t) => {
            let t = if i == 0 { t.trim_start() } else { t.as_str() };
            let t = if i + 1 == n { t.trim_end() } else { t };
            Piece::Lit(t.to_string())
        }
        other => other.clone(),
    }))
}

/// A resource as findings show it: known values filled in, and every object under a
/// prefix as `*` (the grant the run needs).
fn shown(ctx: &Ctx, s: &SymStr) -> String {
    SymStr::from_pieces(ctx.env.fill(s).pieces().iter().map(|p| match p {
        Piece::Hole(h) if h.label.starts_with(ANY_OBJECT) => Piece::Lit("*".into()),
        other => other.clone(),
    }))
    .to_string()
}

/// Every runtime requirement of every workload whose role is in the IaC.
pub fn derive(ctx: &Ctx) -> Vec<Requirement> {
    let model = ctx.model;
    let buckets = model
        .buckets
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.name.as_known().map(|n| (n.to_string(), i)))
        .fold(BTreeMap::new(), |mut m, (n, i)| {
            m.entry(n).or_insert(i);
            m
        });
    let mut d = Deriver {
        ctx,
        buckets,
        out: Vec::new(),
    };
    for (wi, w) in model.workloads.iter().enumerate() {
        if let Some(role) = w.role {
            d.workload(wi, w, role);
        }
    }
    d.out
}

/// One failed (action, resource) of a requirement.
struct Miss<'r> {
    req: &'r Requirement,
    action: &'static str,
    outcome: Outcome,
    /// The resource policy that took part, for evidence.
    resource_policy: Option<PolicyId>,
    /// Allowed (or denied) for some objects under the prefix only.
    partial: bool,
}

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let reqs = derive(ctx);
    let model = ctx.model;
    // Requirements are derived per workload, in order: group them by workload.
    let mut start = 0;
    while start < reqs.len() {
        let wi = reqs[start].workload;
        let end = reqs[start..]
            .iter()
            .position(|r| r.workload != wi)
            .map_or(reqs.len(), |p| start + p);
        let group = &reqs[start..end];
        start = end;
        let role = group[0].principal;
        let prepared = Prepared::new(ctx, role);
        let mut misses: BTreeMap<ReqKind, Vec<Miss>> = BTreeMap::new();
        for r in group {
            let (rp_id, kind) = match r.resource_policy {
                ResourcePolicy::None => (None, ResourceKind::Generic),
                ResourcePolicy::Bucket(b) => (model.buckets[b].policy, ResourceKind::Generic),
                ResourcePolicy::Key(k) => match model.keys[k].policy {
                    Some(p) => (Some(p), ResourceKind::KmsKey),
                    None => (None, ResourceKind::Generic),
                },
            };
            let stand_in: Option<Policy> = rp_id
                .map(|p| &model.policies[p])
                .filter(|d| d.policy.is_none())
                .map(unknown_stand_in);
            let mut set = match &r.service {
                // A service is not subject to the role's policies, boundary or SCPs; a key
                // without a policy in the code has the default one, which names no service.
                Some(_) => PolicySet {
                    resource_kind: if matches!(r.resource_policy, ResourcePolicy::Key(_)) {
                        ResourceKind::KmsKey
                    } else {
                        kind
                    },
                    ..PolicySet::default()
                },
                None => {
                    let mut set = prepared.set();
                    set.resource_kind = kind;
                    set
                }
            };
            set.resource = rp_id
                .and_then(|p| model.policies[p].policy.as_ref())
                .or(stand_in.as_ref());
            for &action in &r.actions {
                let req = match &r.service {
                    Some(svc) => {
                        Request::new(svc.clone(), action, r.resource.clone(), r.context.clone())
                    }
                    None => prepared.request(action, &r.resource, r.context.clone()),
                };
                let mut o = summarise(&eval(&set, &req));
                let partial = o.decision == Decision::Unknown
                    && !o.deciding.is_empty()
                    && o.deciding.iter().all(|d| d.starts_with(ANY_OBJECT));
                if partial {
                    o.decision = if o.possible_denies.is_empty() {
                        Decision::ImplicitDeny
                    } else {
                        o.denies.append(&mut o.possible_denies);
                        Decision::ExplicitDeny
                    };
                }
                if o.decision != Decision::Allowed {
                    misses.entry(r.kind).or_default().push(Miss {
                        req: r,
                        action,
                        outcome: o,
                        resource_policy: rp_id,
                        partial,
                    });
                }
            }
        }
        for (kind, ms) in misses {
            let (denied, rest): (Vec<Miss>, Vec<Miss>) = ms.into_iter().partition(|m| {
                let o = &m.outcome;
                // A deny decides, or may decide where the allows are in place.
                o.decision == Decision::ExplicitDeny
                    || (o.decision == Decision::Unknown
                        && !o.possible_denies.is_empty()
                        && o.identity_allows == Tri::Yes)
            });
            if !denied.is_empty() {
                out.push(finding(ctx, wi, role, kind, "GL207", &denied));
            }
            if !rest.is_empty() {
                out.push(finding(ctx, wi, role, kind, kind.rule(), &rest));
            }
        }
    }
}

fn finding(
    ctx: &Ctx,
    wi: usize,
    role: PrincipalId,
    kind: ReqKind,
    rule: &'static str,
    ms: &[Miss],
) -> Finding {
    let model = ctx.model;
    let w = &model.workloads[wi];
    let r = &model.principals[role];
    let what = format!("{} {}", w.kind.as_str(), w.name);
    // One failure that does not depend on an unknown value makes the run fail.
    let certain = ms.iter().any(|m| m.outcome.decision != Decision::Unknown);
    // What is missing, grouped by resource: `s3:GetObject on ARN (the script)`.
    let mut by_resource: Vec<(String, String, Vec<&'static str>)> = Vec::new();
    for m in ms {
        let res = shown(ctx, &m.req.resource);
        match by_resource
            .iter_mut()
            .find(|(r, why, _)| *r == res && *why == m.req.why)
        {
            Some(e) => {
                if !e.2.contains(&m.action) {
                    e.2.push(m.action)
                }
            }
            None => by_resource.push((res, m.req.why.clone(), vec![m.action])),
        }
    }
    let listed: Vec<String> = by_resource
        .iter()
        .map(|(res, why, actions)| format!("{} on {res} ({why})", actions.join(", ")))
        .collect();
    let mut evidence = Vec::new();
    let mut unknowns: Vec<String> = Vec::new();
    let mut related = vec![Related {
        span: r.name_span,
        label: format!("role {}", r.name),
    }];
    for m in ms {
        let o = &m.outcome;
        let res = shown(ctx, &m.req.resource);
        evidence.push(format!("{} on {res}: {}", m.action, o.decision.as_str()));
        if m.partial {
            evidence.push(format!(
                "the policies cover only some objects under {}: the run writes and reads others",
                m.req.why
            ));
        }
        if o.decision == Decision::Unknown {
            for d in &o.deciding {
                if !unknowns.contains(d) {
                    unknowns.push(d.clone());
                }
            }
        }
        for h in o.denies.iter().chain(&o.possible_denies) {
            let conds = if h.conditions.is_empty() {
                "unconditionally".to_string()
            } else {
                h.conditions.join("; ")
            };
            let line = format!(
                "{} ({}) denies it: {conds}",
                statement_name(&h.policy, h.sid.as_deref()),
                h.layer
            );
            if !evidence.contains(&line) {
                evidence.push(line);
            }
            if !h.span.is_none() && !related.iter().any(|x| x.span == h.span) {
                related.push(Related {
                    span: h.span,
                    label: statement_name(&h.policy, h.sid.as_deref()),
                });
            }
        }
        if o.boundary_blocks {
            evidence.push("the permissions boundary does not allow it".into());
        }
        if o.scp_blocks {
            evidence.push("the service control policies do not allow it".into());
        }
        if let Some(p) = m.resource_policy {
            let def = &model.policies[p];
            let line = format!(
                "the {} must allow the role too (directly, or by delegating to IAM policies through the account root)",
                def.display
            );
            if matches!(m.req.resource_policy, ResourcePolicy::Key(_))
                && o.decision == Decision::ImplicitDeny
                && !evidence.contains(&line)
            {
                evidence.push(line);
            }
            if !def.span.is_none() && !related.iter().any(|x| x.span == def.span) {
                related.push(Related {
                    span: def.span,
                    label: format!("policy {}", def.display),
                });
            }
        }
    }
    // Which databases a script reads is not in the IaC: a scoped catalog grant may or may
    // not cover them, so that alone is a note.
    let level = if certain {
        Level::Error
    } else if unknowns.iter().all(|u| u == SCRIPT_DATABASE) {
        Level::Note
    } else {
        Level::Warning
    };
    let fails = match kind {
        ReqKind::Logs => "its logs are lost (and the run may fail) with AccessDeniedException",
        ReqKind::Kms => "the run fails with KMS AccessDeniedException",
        _ => "the run fails with AccessDenied",
    };
    let message = if rule == "GL207" {
        let by = ms
            .iter()
            .flat_map(|m| {
                m.outcome
                    .denies
                    .first()
                    .or(m.outcome.possible_denies.first())
            })
            .next()
            .map(|h| {
                let c = if h.conditions.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", h.conditions.join("; "))
                };
                format!("{}{c}", statement_name(&h.policy, h.sid.as_deref()))
            })
            .unwrap_or_else(|| "a deny statement".into());
        if certain {
            format!(
                "role {} of {what} is explicitly denied {} by {by}: {fails}",
                r.name,
                listed.join("; ")
            )
        } else {
            format!(
                "role {} of {what} may be denied {} by {by}, depending on {}: {fails} otherwise",
                r.name,
                listed.join("; "),
                unknowns.join(", ")
            )
        }
    } else if certain
        && kind == ReqKind::Kms
        && ms.iter().all(|m| m.outcome.identity_allows == Tri::Yes)
    {
        let key = ms
            .iter()
            .find_map(|m| m.resource_policy)
            .map(|p| model.policies[p].display.clone())
            .unwrap_or_else(|| "the key policy".into());
        format!(
            "role {} of {what} is allowed {} by its own policies, but the {key} neither allows the role nor delegates to IAM: {fails}",
            r.name,
            listed.join("; ")
        )
    } else if certain {
        format!(
            "role {} of {what} cannot {}: no policy allows {}: {fails}",
            r.name,
            kind.what(),
            listed.join("; ")
        )
    } else {
        format!(
            "role {} of {what} may not be allowed {}: it depends on {}",
            r.name,
            listed.join("; "),
            unknowns.join(", ")
        )
    };
    let help = if rule == "GL207" {
        "the deny decides and a further allow does not help: meet its condition, or have the owners of the denying policy exempt this access after review".to_string()
    } else {
        let services: Vec<&Miss> = ms.iter().filter(|m| m.req.service.is_some()).collect();
        let grants: Vec<String> = by_resource
            .iter()
            .filter(|(_, why, _)| !services.iter().any(|m| &m.req.why == why))
            .map(|(res, _, actions)| format!("{} on exactly {res}", actions.join(", ")))
            .collect();
        let mut parts: Vec<String> = Vec::new();
        if !grants.is_empty() {
            parts.push(format!(
                "allow role {} {} (an inline policy of the role; no wildcards beyond the paths the {} uses)",
                r.name,
                grants.join("; "),
                w.kind.as_str()
            ));
            if ms.iter().any(|m| {
                m.req.service.is_none() && matches!(m.req.resource_policy, ResourcePolicy::Key(_))
            }) {
                parts.push("the key policy must also allow the role, or delegate to IAM through the account root".into());
            }
        }
        if let Some(m) = services.first() {
            if let Some(svc) = &m.req.service {
                parts.push(format!(
                    "the key policy must allow the service principal {} kms:Encrypt*, kms:Decrypt*, kms:GenerateDataKey* (needs the key owners' review)",
                    ctx.env.fill(svc)
                ));
            }
        }
        parts.join("; ")
    };
    let mut flow = vec![Related {
        span: w.role_span,
        label: format!("{what} runs as role {}", r.name),
    }];
    let primary = ms[0].req.span;
    flow.push(Related {
        span: primary,
        label: ms[0].req.why.clone(),
    });
    Finding {
        rule,
        level,
        message,
        primary,
        related,
        flow,
        evidence,
        help: Some(help),
        unknowns,
        logical_key: format!("{rule}|{}|{:?}", w.address, kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> SymStr {
        SymStr::lit(s)
    }

    #[test]
    fn s3_urls_split_into_bucket_and_key() {
        let (b, k) = split_s3(&lit("s3://bucket/dir/file.py")).expect("s3 url");
        assert_eq!(b.as_known(), Some("bucket"));
        assert_eq!(k.as_known(), Some("dir/file.py"));
        let (b, k) = split_s3(&lit("s3://bucket")).expect("bucket only");
        assert_eq!(b.as_known(), Some("bucket"));
        assert_eq!(k.as_known(), Some(""));
        assert!(split_s3(&lit("pandas==2.0")).is_none());
        assert!(split_s3(&lit("s3://")).is_none());
        assert!(split_s3(&lit("/local/path.py")).is_none());
    }

    #[test]
    fn s3_urls_with_holes_keep_them_where_they_are() {
        let mut v = lit("s3://");
        v.push_hole(Hole::new("variable bucket", HoleClass::Segment));
        v.push_str("/jobs/load.py");
        let (b, k) = split_s3(&v).expect("s3 url");
        assert_eq!(b.holes().count(), 1);
        assert_eq!(k.as_known(), Some("jobs/load.py"));
        let mut v = lit("s3://bucket/");
        v.push_hole(Hole::new("variable key", HoleClass::Any));
        let (b, k) = split_s3(&v).expect("s3 url");
        assert_eq!(b.as_known(), Some("bucket"));
        assert_eq!(k.holes().count(), 1);
    }

    #[test]
    fn list_arguments_split_on_commas_and_trim() {
        let items = split_list(&lit("s3://a/x.py, s3://b/y.zip,,s3://c/z.py "));
        let got: Vec<_> = items.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, ["s3://a/x.py", "s3://b/y.zip", "s3://c/z.py"]);
    }

    #[test]
    fn prefixes_get_one_slash() {
        assert_eq!(dir_prefix(&lit("tmp")).as_known(), Some("tmp/"));
        assert_eq!(dir_prefix(&lit("tmp/")).as_known(), Some("tmp/"));
        assert_eq!(dir_prefix(&lit("")).as_known(), Some(""));
    }
}
