//! The neutral model: Terraform and CloudFormation resources mapped onto one set of
//! IAM principals, policies, attachments, memberships and Glue workloads.
//!
//! `lower` is the only place that knows attribute names per format (`role_arn` vs
//! `Role`, `aws_iam_group_policy_attachment` vs `ManagedPolicyArns`). Links between
//! resources are made by `Val::origin` (the reference written in the code) first, and by
//! name or ARN second. What cannot be linked stays a symbolic value, never a guess.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::iam::{self, Hole, HoleClass, Node, SymStr};
use crate::ir::{RawResource, Val, ValKind};
use crate::source::Span;

mod runtime;

pub use runtime::{
    Bucket, BucketId, Connection, EncryptionSetting, Key, KeyId, LogGroup, SecurityConfig, Sse,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalKind {
    Role,
    User,
    Group,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Role => "role",
            PrincipalKind::User => "user",
            PrincipalKind::Group => "group",
        }
    }
}

pub type PrincipalId = usize;
pub type PolicyId = usize;

/// An IAM role, user or group defined in the IaC.
#[derive(Clone, Debug)]
pub struct Principal {
    pub kind: PrincipalKind,
    pub unit: Arc<str>,
    pub address: String,
    pub name: SymStr,
    /// `/` or `/service-role/` ...
    pub path: String,
    pub arn: SymStr,
    pub span: Span,
    pub name_span: Span,
    /// Roles only: the trust policy.
    pub trust: Option<PolicyId>,
    /// The permissions boundary's ARN, as written, with its span.
    pub boundary: Option<(SymStr, Span)>,
    /// The boundary policy (an AWS managed one, one of the code, or one whose content is
    /// not known).
    pub boundary_policy: Option<PolicyId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyKind {
    /// Embedded in a principal or written for one principal only.
    Inline,
    /// A customer managed policy defined in the IaC.
    CustomerManaged,
    /// An AWS managed policy, from the data shipped in the binary.
    AwsManaged,
    /// A managed policy the IaC attaches by ARN but does not define: its content is
    /// not known.
    External,
    /// A role's trust policy.
    Trust,
    /// A resource-based policy: an S3 bucket policy or a KMS key policy. Never attached
    /// to a principal, so it is not part of any identity's effective policies.
    Resource,
}

/// A policy document and where it was written.
#[derive(Clone, Debug)]
pub struct PolicyDef {
    pub kind: PolicyKind,
    /// The unit it is defined in (empty for AWS managed and external policies).
    pub unit: Arc<str>,
    /// What users call it: `AWSGlueConsoleFullAccess`, `aws_iam_group_policy.pass`,
    /// `EtlPolicy`.
    pub display: String,
    pub address: Option<String>,
    pub arn: Option<SymStr>,
    /// The parsed document; `None` when its content is not known (then `unknown` says why)
    /// or it could not be parsed (then a diagnostic was emitted).
    pub policy: Option<iam::policy::Policy>,
    pub unknown: Option<Hole>,
    pub span: Span,
}

/// A policy attached to (or embedded in) a principal.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub principal: PrincipalId,
    pub policy: PolicyId,
    /// The resource or attribute that makes the attachment.
    pub span: Span,
    pub via: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkloadKind {
    Job,
    Crawler,
    DevEndpoint,
}

impl WorkloadKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Job => "job",
            WorkloadKind::Crawler => "crawler",
            WorkloadKind::DevEndpoint => "dev endpoint",
        }
    }
    /// The API calls that save the workload and pass its role to Glue.
    pub fn save_actions(self) -> &'static [&'static str] {
        match self {
            WorkloadKind::Job => &["glue:CreateJob", "glue:UpdateJob"],
            WorkloadKind::Crawler => &["glue:CreateCrawler", "glue:UpdateCrawler"],
            WorkloadKind::DevEndpoint => &["glue:CreateDevEndpoint", "glue:UpdateDevEndpoint"],
        }
    }
    fn arn_type(self) -> &'static str {
        match self {
            WorkloadKind::Job => "job",
            WorkloadKind::Crawler => "crawler",
            WorkloadKind::DevEndpoint => "devEndpoint",
        }
    }
}

/// A Glue job, crawler or dev endpoint and the role it runs as.
#[derive(Clone, Debug)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub unit: Arc<str>,
    pub address: String,
    pub name: SymStr,
    pub arn: SymStr,
    pub span: Span,
    pub name_span: Span,
    /// The role attribute (`role_arn = ...`, `Role: ...`): value and span of the whole
    /// attribute. `None` when the resource has none (a diagnostic says so).
    pub role_value: Option<SymStr>,
    pub role_span: Span,
    /// The role as an ARN (a bare name is turned into `arn:<partition>:iam::<account>:role/NAME`).
    pub role_arn: Option<SymStr>,
    /// The role in the IaC, when the attribute refers to one.
    pub role: Option<PrincipalId>,
    /// The security configuration's name as written (`security_configuration`,
    /// `SecurityConfiguration`, `CrawlerSecurityConfiguration`), with the attribute's span.
    pub security_config: Option<(SymStr, Span)>,
    /// The security configuration in the IaC (index into `Model::security_configs`).
    pub security_config_id: Option<usize>,
    /// Glue connections by name, with the span of each value.
    pub connections: Vec<(SymStr, Span)>,
    /// For each of `connections`, the connection in the IaC (index into `Model::connections`).
    pub connection_ids: Vec<Option<usize>>,
    /// Jobs: `command.script_location` / `Command.ScriptLocation`.
    pub script: Option<(SymStr, Span)>,
    /// The bucket of `script` when it is in the IaC.
    pub script_bucket: Option<BucketId>,
    /// Jobs: every `default_arguments` / `DefaultArguments` entry (key, value, entry span),
    /// in the order written.
    pub arguments: Vec<(String, SymStr, Span)>,
    /// The bucket of the `--TempDir` argument when it is in the IaC.
    pub temp_dir_bucket: Option<BucketId>,
    /// Crawlers: the S3 target paths (`s3_target[].path` / `Targets.S3Targets[].Path`).
    pub s3_targets: Vec<(SymStr, Span)>,
    /// For each of `s3_targets`, its bucket when it is in the IaC.
    pub s3_target_buckets: Vec<Option<BucketId>>,
}

impl Workload {
    /// The value of a job argument (`--TempDir`, `--enable-continuous-cloudwatch-log`):
    /// the last entry with this key.
    pub fn argument(&self, key: &str) -> Option<(&SymStr, Span)> {
        self.arguments
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, s)| (v, *s))
    }
}

#[derive(Debug, Default)]
pub struct Model {
    pub principals: Vec<Principal>,
    pub policies: Vec<PolicyDef>,
    pub attachments: Vec<Attachment>,
    /// (user, group, span of the membership)
    pub memberships: Vec<(PrincipalId, PrincipalId, Span)>,
    pub workloads: Vec<Workload>,
    /// S3 buckets, with their bucket policies and default encryption.
    pub buckets: Vec<Bucket>,
    /// KMS keys, with their key policies and aliases.
    pub keys: Vec<Key>,
    /// Glue security configurations.
    pub security_configs: Vec<SecurityConfig>,
    /// CloudWatch Logs log groups.
    pub log_groups: Vec<LogGroup>,
    /// Glue connections.
    pub connections: Vec<Connection>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Model {
    /// Each role a workload runs as, once, with the workloads that use it, in the order
    /// of the first workload using it.
    pub fn workload_roles(&self) -> Vec<(PrincipalId, Vec<usize>)> {
        let mut index: HashMap<PrincipalId, usize> = HashMap::new();
        let mut roles: Vec<(PrincipalId, Vec<usize>)> = Vec::new();
        for (wi, w) in self.workloads.iter().enumerate() {
            let Some(r) = w.role else { continue };
            match index.get(&r) {
                Some(&i) => roles[i].1.push(wi),
                None => {
                    index.insert(r, roles.len());
                    roles.push((r, vec![wi]));
                }
            }
        }
        roles
    }
}

/// Deployment-wide values that fill holes (`--account-id` ...).
#[derive(Clone, Debug, Default)]
pub struct Env {
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
}

impl Env {
    pub fn account(&self) -> SymStr {
        self.account_id
            .as_deref()
            .map(SymStr::lit)
            .unwrap_or_else(|| SymStr::hole(Hole::account()))
    }
    pub fn region(&self) -> SymStr {
        self.region
            .as_deref()
            .map(SymStr::lit)
            .unwrap_or_else(|| SymStr::hole(Hole::region()))
    }
    pub fn partition(&self) -> SymStr {
        self.partition
            .as_deref()
            .map(SymStr::lit)
            .unwrap_or_else(|| SymStr::hole(Hole::partition()))
    }
    /// Fills the account, region and partition holes of a value.
    pub fn fill(&self, s: &SymStr) -> SymStr {
        let mut out = s.clone();
        for (label, v) in [
            ("account id", &self.account_id),
            ("region", &self.region),
            ("partition", &self.partition),
        ] {
            if let Some(v) = v {
                out = out.fill(label, v);
            }
        }
        out
    }
}

/// `arn:<partition>:iam::<account>:KIND/<path><name>`
pub fn iam_arn(env: &Env, kind: &str, path: &str, name: &SymStr) -> SymStr {
    let mut s = SymStr::lit("arn:");
    s.append(&env.partition());
    s.push_str(":iam::");
    s.append(&env.account());
    s.push_str(":");
    s.push_str(kind);
    s.push_str(path);
    s.append(name);
    s
}

/// Lowers every resource of the run into one model.
pub fn lower(resources: &[RawResource], env: &Env) -> Model {
    let mut b = Builder {
        env,
        m: Model::default(),
        by_address: HashMap::new(),
        pending: Vec::new(),
        rt: runtime::Index::default(),
    };
    // Principals, managed policies and runtime resources first, so that links can find them.
    for r in resources {
        b.principal(r);
        b.customer_policy(r);
        b.runtime_resource(r);
    }
    for r in resources {
        b.links(r);
        b.runtime_links(r);
        b.workload(r);
    }
    b.resolve_pending();
    b.resolve_runtime();
    b.m
}

/// A link whose target is named by a value: resolved once every principal is known.
/// `unit` is the unit of the resource that makes the link: references resolve there.
enum Pending {
    /// Attach `policy` to the principal of `kind` named by `target`.
    Attach {
        unit: Arc<str>,
        kind: PrincipalKind,
        target: Val,
        policy: PolicyId,
        span: Span,
        via: String,
    },
    /// Attach the managed policy with this ARN to the principal.
    AttachArn {
        unit: Arc<str>,
        kind: PrincipalKind,
        target: Val,
        arn: Val,
        span: Span,
        via: String,
    },
    /// Attach the managed policy with this ARN to an already known principal.
    AttachArnTo {
        unit: Arc<str>,
        principal: PrincipalId,
        arn: Val,
        span: Span,
        via: String,
    },
    Member {
        unit: Arc<str>,
        user: Val,
        group: Val,
        span: Span,
    },
    /// The principal's permissions boundary, by ARN.
    Boundary {
        unit: Arc<str>,
        principal: PrincipalId,
        arn: Val,
    },
}

struct Builder<'a> {
    env: &'a Env,
    m: Model,
    /// (unit, resource address) → principal
    by_address: HashMap<(Arc<str>, String), PrincipalId>,
    pending: Vec<Pending>,
    /// Runtime resources (buckets, keys, ...) by address, and their pending key links.
    rt: runtime::Index,
}

/// Strings of a value that is a string or a list of strings.
fn string_list(v: &Val) -> Vec<Val> {
    match &v.kind {
        ValKind::List(items) => items.iter().flat_map(string_list).collect(),
        ValKind::Str(_) | ValKind::Unknown(_) => vec![v.clone()],
        _ => Vec::new(),
    }
}

impl Builder<'_> {
    fn str_attr(r: &RawResource, keys: &[&str]) -> Option<(SymStr, Span)> {
        for k in keys {
            if let Some(e) = r.attrs.entry(k) {
                match &e.val.kind {
                    ValKind::Str(s) => return Some((s.clone(), e.span)),
                    ValKind::Unknown(h) => return Some((SymStr::hole(h.clone()), e.span)),
                    _ => {}
                }
            }
        }
        None
    }

    fn generated_name(r: &RawResource) -> SymStr {
        SymStr::hole(Hole::new(
            format!("generated name of {}", r.address),
            HoleClass::Segment,
        ))
    }

    fn principal(&mut self, r: &RawResource) {
        let (kind, name_keys, path_key) = match r.rtype.as_str() {
            "aws_iam_role" => (PrincipalKind::Role, &["name"][..], "path"),
            "AWS::IAM::Role" => (PrincipalKind::Role, &["RoleName"][..], "Path"),
            "aws_iam_user" => (PrincipalKind::User, &["name"][..], "path"),
            "AWS::IAM::User" => (PrincipalKind::User, &["UserName"][..], "Path"),
            "aws_iam_group" => (PrincipalKind::Group, &["name"][..], "path"),
            "AWS::IAM::Group" => (PrincipalKind::Group, &["GroupName"][..], "Path"),
            _ => return,
        };
        if r.is_data {
            return;
        }
        let name = Self::str_attr(r, name_keys)
            .map(|(s, _)| s)
            .unwrap_or_else(|| Self::generated_name(r));
        let path = Self::str_attr(r, &[path_key])
            .and_then(|(s, _)| s.as_known().map(str::to_string))
            .unwrap_or_else(|| "/".to_string());
        let arn = iam_arn(self.env, kind.as_str(), &path, &name);
        let boundary_val = ["permissions_boundary", "PermissionsBoundary"]
            .iter()
            .find_map(|k| r.attrs.get(k))
            .filter(|v| !v.is_null())
            .cloned();
        let boundary = Self::str_attr(r, &["permissions_boundary", "PermissionsBoundary"]);
        let id = self.m.principals.len();
        self.m.principals.push(Principal {
            kind,
            unit: r.unit.clone(),
            address: r.address.clone(),
            name,
            path,
            arn,
            span: r.span,
            name_span: r.name_span,
            trust: None,
            boundary: boundary.clone(),
            boundary_policy: None,
        });
        self.by_address
            .insert((r.unit.clone(), r.address.clone()), id);
        if let Some(arn) = boundary_val {
            self.pending.push(Pending::Boundary {
                unit: r.unit.clone(),
                principal: id,
                arn,
            });
        }

        // Embedded documents and attachments.
        if kind == PrincipalKind::Role {
            if let Some(e) = r
                .attrs
                .entry("assume_role_policy")
                .or_else(|| r.attrs.entry("AssumeRolePolicyDocument"))
            {
                let display = format!("trust policy of {}", r.name);
                let pid = self.policy_from_val(
                    &r.unit,
                    PolicyKind::Trust,
                    display,
                    Some(r.address.clone()),
                    None,
                    &e.val,
                    e.span,
                );
                self.m.principals[id].trust = Some(pid);
            }
        }
        // Embedded policies: Terraform `inline_policy { name, policy }` blocks and
        // CloudFormation `Policies: [{PolicyName, PolicyDocument}]`.
        for (list_key, name_key, doc_key) in [
            ("inline_policy", "name", "policy"),
            ("Policies", "PolicyName", "PolicyDocument"),
        ] {
            let Some(items) = r.attrs.get(list_key).and_then(Val::as_list) else {
                continue;
            };
            for item in items {
                let Some(doc) = item.get(doc_key) else {
                    continue;
                };
                let pname = item
                    .get(name_key)
                    .and_then(Val::as_sym)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| list_key.to_string());
                let display = format!("{pname} (inline in {})", r.name);
                let pid = self.policy_from_val(
                    &r.unit,
                    PolicyKind::Inline,
                    display,
                    Some(r.address.clone()),
                    None,
                    doc,
                    item.span,
                );
                self.m.attachments.push(Attachment {
                    principal: id,
                    policy: pid,
                    span: item.span,
                    via: r.address.clone(),
                });
            }
        }
        // Managed policy ARNs listed on the principal itself.
        // A wholly unknown list (Terraform's computed `managed_policy_arns` in a plan when the
        // code does not set it) only mirrors attachments made elsewhere: no information.
        for key in ["managed_policy_arns", "ManagedPolicyArns"] {
            if let Some(e) = r
                .attrs
                .entry(key)
                .filter(|e| !matches!(e.val.kind, ValKind::Unknown(_)))
            {
                for arn in string_list(&e.val) {
                    let span = arn.span;
                    self.pending.push(Pending::AttachArnTo {
                        unit: r.unit.clone(),
                        principal: id,
                        arn,
                        span,
                        via: r.address.clone(),
                    });
                }
            }
        }
        // CloudFormation `AWS::IAM::User` `Groups: [...]`.
        if r.rtype == "AWS::IAM::User" {
            if let Some(e) = r.attrs.entry("Groups") {
                for g in string_list(&e.val) {
                    let user = Val::str(self.m.principals[id].name.clone(), r.name_span)
                        .with_origin(r.address.clone(), "Ref");
                    self.pending.push(Pending::Member {
                        unit: r.unit.clone(),
                        user,
                        group: g,
                        span: e.span,
                    });
                }
            }
        }
    }

    fn customer_policy(&mut self, r: &RawResource) {
        let (doc_key, name_keys) = match r.rtype.as_str() {
            "aws_iam_policy" => ("policy", &["name"][..]),
            "AWS::IAM::ManagedPolicy" => ("PolicyDocument", &["ManagedPolicyName"][..]),
            _ => return,
        };
        if r.is_data {
            return;
        }
        let name = Self::str_attr(r, name_keys)
            .map(|(s, _)| s)
            .unwrap_or_else(|| Self::generated_name(r));
        let path = Self::str_attr(r, &["path", "Path"])
            .and_then(|(s, _)| s.as_known().map(str::to_string))
            .unwrap_or_else(|| "/".into());
        let arn = iam_arn(self.env, "policy", &path, &name);
        let display = match name.as_known() {
            Some(n) => n.to_string(),
            None => r.name.clone(),
        };
        let (doc, span) = match r.attrs.entry(doc_key) {
            Some(e) => (e.val.clone(), e.span),
            None => (
                Val::unknown(
                    Hole::new(format!("policy document of {}", r.address), HoleClass::Any),
                    r.span,
                ),
                r.span,
            ),
        };
        let pid = self.policy_from_val(
            &r.unit,
            PolicyKind::CustomerManaged,
            display,
            Some(r.address.clone()),
            Some(arn),
            &doc,
            span,
        );
        // CloudFormation managed policies name their principals.
        if r.rtype == "AWS::IAM::ManagedPolicy" {
            self.attach_lists(r, pid);
        }
    }

    /// `Roles`/`Groups`/`Users` lists of CloudFormation `AWS::IAM::Policy` and
    /// `AWS::IAM::ManagedPolicy`.
    fn attach_lists(&mut self, r: &RawResource, pid: PolicyId) {
        for (key, kind) in [
            ("Roles", PrincipalKind::Role),
            ("Groups", PrincipalKind::Group),
            ("Users", PrincipalKind::User),
        ] {
            if let Some(e) = r.attrs.entry(key) {
                for target in string_list(&e.val) {
                    self.pending.push(Pending::Attach {
                        unit: r.unit.clone(),
                        kind,
                        target,
                        policy: pid,
                        span: e.span,
                        via: r.address.clone(),
                    });
                }
            }
        }
    }

    /// The inline policy document in attribute `doc_key` of a policy resource (unknown
    /// when the attribute is missing).
    fn inline_policy(&mut self, r: &RawResource, doc_key: &str, display: String) -> PolicyId {
        let (doc, span) = match r.attrs.entry(doc_key) {
            Some(e) => (e.val.clone(), e.span),
            None => (
                Val::unknown(
                    Hole::new(format!("policy of {}", r.address), HoleClass::Any),
                    r.span,
                ),
                r.span,
            ),
        };
        self.policy_from_val(
            &r.unit,
            PolicyKind::Inline,
            display,
            Some(r.address.clone()),
            None,
            &doc,
            span,
        )
    }

    /// Attachments, inline policies and memberships written as their own resources.
    fn links(&mut self, r: &RawResource) {
        if r.is_data {
            return;
        }
        let via = r.address.clone();
        let entry_val = |k: &str| r.attrs.entry(k).map(|e| (e.val.clone(), e.span));
        match r.rtype.as_str() {
            "aws_iam_role_policy" | "aws_iam_group_policy" | "aws_iam_user_policy" => {
                let (kind, key) = match r.rtype.as_str() {
                    "aws_iam_role_policy" => (PrincipalKind::Role, "role"),
                    "aws_iam_group_policy" => (PrincipalKind::Group, "group"),
                    _ => (PrincipalKind::User, "user"),
                };
                let Some((target, _)) = entry_val(key) else {
                    return;
                };
                let display = Self::str_attr(r, &["name"])
                    .and_then(|(s, _)| s.as_known().map(str::to_string))
                    .unwrap_or_else(|| r.address.clone());
                let pid = self.inline_policy(r, "policy", display);
                self.pending.push(Pending::Attach {
                    unit: r.unit.clone(),
                    kind,
                    target,
                    policy: pid,
                    span: r.span,
                    via,
                });
            }
            "AWS::IAM::Policy"
            | "AWS::IAM::RolePolicy"
            | "AWS::IAM::GroupPolicy"
            | "AWS::IAM::UserPolicy" => {
                let display = Self::str_attr(r, &["PolicyName"])
                    .map(|(s, _)| s.to_string())
                    .unwrap_or_else(|| r.name.clone());
                let pid = self.inline_policy(r, "PolicyDocument", display);
                match r.rtype.as_str() {
                    "AWS::IAM::Policy" => self.attach_lists(r, pid),
                    other => {
                        let (kind, key) = match other {
                            "AWS::IAM::RolePolicy" => (PrincipalKind::Role, "RoleName"),
                            "AWS::IAM::GroupPolicy" => (PrincipalKind::Group, "GroupName"),
                            _ => (PrincipalKind::User, "UserName"),
                        };
                        if let Some((target, _)) = entry_val(key) {
                            self.pending.push(Pending::Attach {
                                unit: r.unit.clone(),
                                kind,
                                target,
                                policy: pid,
                                span: r.span,
                                via,
                            });
                        }
                    }
                }
            }
            "aws_iam_role_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_user_policy_attachment" => {
                let (kind, key) = match r.rtype.as_str() {
                    "aws_iam_role_policy_attachment" => (PrincipalKind::Role, "role"),
                    "aws_iam_group_policy_attachment" => (PrincipalKind::Group, "group"),
                    _ => (PrincipalKind::User, "user"),
                };
                if let (Some((target, _)), Some((arn, arn_span))) =
                    (entry_val(key), entry_val("policy_arn"))
                {
                    self.pending.push(Pending::AttachArn {
                        unit: r.unit.clone(),
                        kind,
                        target,
                        arn,
                        span: arn_span,
                        via,
                    });
                }
            }
            "aws_iam_role_policy_attachments_exclusive"
            | "aws_iam_group_policy_attachments_exclusive"
            | "aws_iam_user_policy_attachments_exclusive" => {
                let (kind, key) = match r.rtype.as_str() {
                    "aws_iam_role_policy_attachments_exclusive" => {
                        (PrincipalKind::Role, "role_name")
                    }
                    "aws_iam_group_policy_attachments_exclusive" => {
                        (PrincipalKind::Group, "group_name")
                    }
                    _ => (PrincipalKind::User, "user_name"),
                };
                if let (Some((target, _)), Some((arns, _))) =
                    (entry_val(key), entry_val("policy_arns"))
                {
                    for arn in string_list(&arns) {
                        self.pending.push(Pending::AttachArn {
                            unit: r.unit.clone(),
                            kind,
                            target: target.clone(),
                            arn,
                            span: r.span,
                            via: via.clone(),
                        });
                    }
                }
            }
            "aws_iam_policy_attachment" => {
                let Some((arn, _)) = entry_val("policy_arn") else {
                    return;
                };
                for (key, kind) in [
                    ("roles", PrincipalKind::Role),
                    ("groups", PrincipalKind::Group),
                    ("users", PrincipalKind::User),
                ] {
                    if let Some((list, _)) = entry_val(key) {
                        for target in string_list(&list) {
                            self.pending.push(Pending::AttachArn {
                                unit: r.unit.clone(),
                                kind,
                                target,
                                arn: arn.clone(),
                                span: r.span,
                                via: via.clone(),
                            });
                        }
                    }
                }
            }
            // A group and its users (Terraform, CloudFormation).
            "aws_iam_group_membership" | "AWS::IAM::UserToGroupAddition" => {
                let (group_key, users_key) = if r.rtype == "aws_iam_group_membership" {
                    ("group", "users")
                } else {
                    ("GroupName", "Users")
                };
                if let (Some((group, _)), Some((users, _))) =
                    (entry_val(group_key), entry_val(users_key))
                {
                    for user in string_list(&users) {
                        self.pending.push(Pending::Member {
                            unit: r.unit.clone(),
                            user,
                            group: group.clone(),
                            span: r.span,
                        });
                    }
                }
            }
            "aws_iam_user_group_membership" => {
                if let (Some((user, _)), Some((groups, _))) =
                    (entry_val("user"), entry_val("groups"))
                {
                    for group in string_list(&groups) {
                        self.pending.push(Pending::Member {
                            unit: r.unit.clone(),
                            user: user.clone(),
                            group,
                            span: r.span,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    fn workload(&mut self, r: &RawResource) {
        let (kind, name_keys, role_keys) = match r.rtype.as_str() {
            "aws_glue_job" => (WorkloadKind::Job, &["name"][..], &["role_arn"][..]),
            "AWS::Glue::Job" => (WorkloadKind::Job, &["Name"][..], &["Role"][..]),
            "aws_glue_crawler" => (WorkloadKind::Crawler, &["name"][..], &["role"][..]),
            "AWS::Glue::Crawler" => (WorkloadKind::Crawler, &["Name"][..], &["Role"][..]),
            "aws_glue_dev_endpoint" => {
                (WorkloadKind::DevEndpoint, &["name"][..], &["role_arn"][..])
            }
            "AWS::Glue::DevEndpoint" => (
                WorkloadKind::DevEndpoint,
                &["EndpointName"][..],
                &["RoleArn"][..],
            ),
            _ => return,
        };
        if r.is_data {
            return;
        }
        let name = Self::str_attr(r, name_keys)
            .map(|(s, _)| s)
            .unwrap_or_else(|| Self::generated_name(r));
        let mut arn = SymStr::lit("arn:");
        arn.append(&self.env.partition());
        arn.push_str(":glue:");
        arn.append(&self.env.region());
        arn.push_str(":");
        arn.append(&self.env.account());
        arn.push_str(&format!(":{}/", kind.arn_type()));
        arn.append(&name);

        let role_entry = role_keys.iter().find_map(|k| r.attrs.entry(k));
        let (role_value, role_span, role) = match role_entry {
            Some(e) => {
                let value = match &e.val.kind {
                    ValKind::Str(s) => Some(s.clone()),
                    ValKind::Unknown(h) => Some(SymStr::hole(h.clone())),
                    _ => None,
                };
                let linked = e.val.origin.as_ref().and_then(|o| {
                    self.by_address
                        .get(&(r.unit.clone(), o.address.clone()))
                        .copied()
                });
                (value, e.span, linked)
            }
            None => (None, r.name_span, None),
        };
        // Link by value when the code did not reference the role resource directly.
        let role = role.or_else(|| {
            role_value
                .as_ref()
                .and_then(|v| self.find_role_by_value(&r.unit, v))
        });
        let role_arn = match (role, &role_value) {
            (Some(id), _) => Some(self.m.principals[id].arn.clone()),
            (None, Some(v)) if v.known_prefix().starts_with("arn:") => Some(self.env.fill(v)),
            (None, Some(v)) if v.pieces().is_empty() => None,
            // A bare name: Glue accepts a role name and looks it up at the root path.
            (None, Some(v)) => Some(iam_arn(self.env, "role", "/", v)),
            (None, None) => None,
        };
        let mut wl = Workload {
            kind,
            unit: r.unit.clone(),
            address: r.address.clone(),
            name,
            arn,
            span: r.span,
            name_span: r.name_span,
            role_value,
            role_span,
            role_arn,
            role,
            security_config: None,
            security_config_id: None,
            connections: Vec::new(),
            connection_ids: Vec::new(),
            script: None,
            script_bucket: None,
            arguments: Vec::new(),
            temp_dir_bucket: None,
            s3_targets: Vec::new(),
            s3_target_buckets: Vec::new(),
        };
        self.workload_runtime(r, &mut wl);
        self.m.workloads.push(wl);
    }

    /// The principal satisfying `pred`, preferring one of the same unit.
    fn position_in(
        &self,
        unit: &Arc<str>,
        pred: impl Fn(&Principal) -> bool,
    ) -> Option<PrincipalId> {
        let mut other = None;
        for (i, p) in self.m.principals.iter().enumerate() {
            if pred(p) {
                if p.unit == *unit {
                    return Some(i);
                }
                other.get_or_insert(i);
            }
        }
        other
    }

    fn find_role_by_value(&self, unit: &Arc<str>, v: &SymStr) -> Option<PrincipalId> {
        let filled = self.env.fill(v);
        self.position_in(unit, |p| {
            p.kind == PrincipalKind::Role && (p.arn == filled || p.name == filled)
        })
    }

    fn find_principal(
        &self,
        unit: &Arc<str>,
        kind: PrincipalKind,
        target: &Val,
    ) -> Option<PrincipalId> {
        if let Some(o) = &target.origin {
            if let Some(&id) = self.by_address.get(&(unit.clone(), o.address.clone())) {
                if self.m.principals[id].kind == kind {
                    return Some(id);
                }
            }
        }
        let v = target.as_sym()?;
        let filled = self.env.fill(v);
        self.position_in(unit, |p| {
            p.kind == kind && (p.name == filled || p.arn == filled || p.name == *v || p.arn == *v)
        })
    }

    fn find_policy_by_arn(&mut self, unit: &Arc<str>, arn: &Val) -> PolicyId {
        if let Some(o) = &arn.origin {
            if let Some(pid) = self.m.policies.iter().position(|p| {
                p.kind == PolicyKind::CustomerManaged
                    && p.unit == *unit
                    && p.address.as_deref() == Some(o.address.as_str())
            }) {
                return pid;
            }
        }
        let sym = arn
            .as_sym()
            .cloned()
            .unwrap_or_else(|| SymStr::hole(Hole::new("policy ARN", HoleClass::Any)));
        let filled = self.env.fill(&sym);
        if let Some(pid) = self
            .m
            .policies
            .iter()
            .position(|p| p.arn.as_ref().is_some_and(|a| *a == filled || *a == sym))
        {
            return pid;
        }
        // An AWS managed policy: `arn:<any partition>:iam::aws:policy/...`.
        let text = filled.to_string();
        if let Some(rest) = text.split_once(":iam::aws:policy/").map(|(_, r)| r) {
            let canonical = format!("arn:aws:iam::aws:policy/{rest}");
            match iam::managed::by_arn(&canonical) {
                Ok(mp) => {
                    let (policy, _errors) =
                        iam::policy::parse_policy_text(mp.name, mp.document, u32::MAX);
                    let pid = self.m.policies.len();
                    self.m.policies.push(PolicyDef {
                        unit: Arc::from(""),
                        kind: PolicyKind::AwsManaged,
                        display: mp.name.to_string(),
                        address: None,
                        arn: Some(sym.clone()),
                        policy,
                        unknown: None,
                        span: arn.span,
                    });
                    return pid;
                }
                Err(e) => {
                    self.m.diagnostics.push(Diagnostic::warning(
                        "GL005",
                        arn.span,
                        format!("{e}; its content is unknown"),
                    ));
                }
            }
        }
        let pid = self.m.policies.len();
        self.m.policies.push(PolicyDef {
            unit: Arc::from(""),
            kind: PolicyKind::External,
            display: sym.to_string(),
            address: None,
            arn: Some(sym.clone()),
            policy: None,
            unknown: Some(Hole::new(
                format!("content of policy {sym} (not defined here)"),
                HoleClass::Any,
            )),
            span: arn.span,
        });
        pid
    }

    fn resolve_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            match p {
                Pending::Attach {
                    unit,
                    kind,
                    target,
                    policy,
                    span,
                    via,
                } => match self.find_principal(&unit, kind, &target) {
                    Some(principal) => self.m.attachments.push(Attachment {
                        principal,
                        policy,
                        span,
                        via,
                    }),
                    None => self.unlinked(kind, &target),
                },
                Pending::AttachArn {
                    unit,
                    kind,
                    target,
                    arn,
                    span,
                    via,
                } => match self.find_principal(&unit, kind, &target) {
                    Some(principal) => {
                        let policy = self.find_policy_by_arn(&unit, &arn);
                        self.m.attachments.push(Attachment {
                            principal,
                            policy,
                            span,
                            via,
                        });
                    }
                    None => self.unlinked(kind, &target),
                },
                Pending::AttachArnTo {
                    unit,
                    principal,
                    arn,
                    span,
                    via,
                } => {
                    let policy = self.find_policy_by_arn(&unit, &arn);
                    self.m.attachments.push(Attachment {
                        principal,
                        policy,
                        span,
                        via,
                    });
                }
                Pending::Boundary {
                    unit,
                    principal,
                    arn,
                } => {
                    let policy = self.find_policy_by_arn(&unit, &arn);
                    self.m.principals[principal].boundary_policy = Some(policy);
                }
                Pending::Member {
                    unit,
                    user,
                    group,
                    span,
                } => {
                    if let (Some(u), Some(g)) = (
                        self.find_principal(&unit, PrincipalKind::User, &user),
                        self.find_principal(&unit, PrincipalKind::Group, &group),
                    ) {
                        self.m.memberships.push((u, g, span));
                    }
                }
            }
        }
        // Deduplicate attachments (a policy attached twice is attached once).
        self.m
            .attachments
            .sort_by_key(|a| (a.principal, a.policy, a.span));
        self.m.attachments.dedup_by_key(|a| (a.principal, a.policy));
        self.m.memberships.sort();
        self.m.memberships.dedup_by_key(|m| (m.0, m.1));
    }

    /// A principal that is not in the IaC: its policies are outside what we analyse,
    /// which is normal (a group managed elsewhere), so no diagnostic.
    fn unlinked(&mut self, _kind: PrincipalKind, _target: &Val) {}

    /// Parses a policy document value into a `PolicyDef`.
    #[allow(clippy::too_many_arguments)]
    fn policy_from_val(
        &mut self,
        unit: &Arc<str>,
        kind: PolicyKind,
        display: String,
        address: Option<String>,
        arn: Option<SymStr>,
        val: &Val,
        span: Span,
    ) -> PolicyId {
        let (policy, unknown) = match &val.kind {
            ValKind::Str(s) => match s.as_known() {
                Some(text) => {
                    let (policy, errors) = iam::policy::parse_policy_text(&display, text, u32::MAX);
                    let policy = policy.map(|p| relocate(p, val.span));
                    for e in errors {
                        self.m.diagnostics.push(Diagnostic::error(
                            "GL005",
                            val.span,
                            format!("policy document of {display}: {}", e.kind),
                        ));
                    }
                    (policy, None)
                }
                None => (
                    None,
                    Some(Hole::new(
                        format!("policy document of {display} (built from unknown values)"),
                        HoleClass::Any,
                    )),
                ),
            },
            ValKind::Unknown(h) => (None, Some(h.clone())),
            ValKind::Null => (
                None,
                Some(Hole::new(
                    format!("policy document of {display}"),
                    HoleClass::Any,
                )),
            ),
            _ => {
                let node: Node = val.to_node();
                let (policy, errors) = iam::policy::parse_policy_node(&display, &node);
                for e in errors {
                    self.m.diagnostics.push(Diagnostic::error(
                        "GL005",
                        e.span,
                        format!("policy document of {display}: {}", e.kind),
                    ));
                }
                (policy, None)
            }
        };
        let pid = self.m.policies.len();
        self.m.policies.push(PolicyDef {
            unit: unit.clone(),
            kind,
            display,
            address,
            arn,
            policy,
            unknown,
            span,
        });
        pid
    }
}

/// Points every span of a policy parsed from a string at the string itself: offsets
/// inside an escaped string literal are not offsets in the file.
fn relocate(mut p: iam::policy::Policy, span: Span) -> iam::policy::Policy {
    p.span = span;
    for st in &mut p.statements {
        st.span = span;
    }
    p
}
