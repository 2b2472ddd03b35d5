//! Requests: who (`Principal`), what (`action`), on what (`resource`), with which context.
//!
//! Context keys are case-insensitive. Each key is `Absent`, has values (one or several),
//! or is `Unknown` (not fixed by the caller). [`Context::open`] treats every key not set as
//! unknown (the analyser: "aws:MultiFactorAuthPresent is not fixed by the IaC");
//! [`Context::strict`] treats it as absent (the simulate command, like the policy
//! simulator).

use std::collections::BTreeMap;

use super::sym::{Hole, HoleClass, Piece, SymStr};

/// What kind of principal makes the request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum PrincipalKind {
    User,
    Role,
    /// A role session; `role` is the role's ARN (`arn:aws:iam::ACCT:role/NAME`).
    AssumedRole {
        #[serde(serialize_with = "ser_sym")]
        role: SymStr,
    },
    FederatedUser,
    Root,
    /// A service principal such as `glue.amazonaws.com`.
    Service,
    Anonymous,
    /// An ARN whose resource part is not known or not recognised.
    Other,
}

fn ser_sym<S: serde::Serializer>(s: &SymStr, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&s.to_string())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The ARN, the service name, or `anonymous`.
    pub arn: SymStr,
    pub kind: PrincipalKind,
    /// The account (absent for services and anonymous callers).
    pub account: Option<SymStr>,
}

/// The six `:`-separated fields of an ARN (the last keeps any further `:`), split at
/// literal colons; `None` when there are fewer than six fields.
pub fn split_arn(s: &SymStr) -> Option<[SymStr; 6]> {
    let mut fields: Vec<SymStr> = vec![SymStr::new()];
    for p in s.pieces() {
        match p {
            Piece::Hole(h) => {
                if let Some(last) = fields.last_mut() {
                    last.push_hole(h.clone());
                }
            }
            Piece::Lit(t) => {
                let mut rest = t.as_str();
                while fields.len() < 6 {
                    match rest.find(':') {
                        Some(i) => {
                            if let Some(last) = fields.last_mut() {
                                last.push_str(rest.get(..i).unwrap_or(""));
                            }
                            fields.push(SymStr::new());
                            rest = rest.get(i + 1..).unwrap_or("");
                        }
                        None => break,
                    }
                }
                if let Some(last) = fields.last_mut() {
                    last.push_str(rest);
                }
            }
        }
    }
    let arr: [SymStr; 6] = fields.try_into().ok()?;
    if arr[0].as_known() != Some("arn") {
        return None;
    }
    Some(arr)
}

impl Principal {
    /// Parses an IAM/STS ARN, a service principal (`glue.amazonaws.com`) or `anonymous`.
    pub fn parse(s: &SymStr) -> Principal {
        if let Some(k) = s.as_known() {
            if k == "anonymous" || k == "*" {
                return Principal {
                    arn: s.clone(),
                    kind: PrincipalKind::Anonymous,
                    account: None,
                };
            }
            if !k.contains(':') && k.contains('.') {
                return Principal {
                    arn: s.clone(),
                    kind: PrincipalKind::Service,
                    account: None,
                };
            }
        }
        // A service principal with an unknown part (`logs.<region>.amazonaws.com`): no
        // `:` in its known text, a `.` in it, and not an ARN.
        let literal = || {
            s.pieces().iter().filter_map(|p| match p {
                Piece::Lit(t) => Some(t.as_str()),
                Piece::Hole(_) => None,
            })
        };
        if !s.is_known()
            && !s.known_prefix().starts_with("arn:")
            && literal().all(|t| !t.contains(':'))
            && literal().any(|t| t.contains('.'))
        {
            return Principal {
                arn: s.clone(),
                kind: PrincipalKind::Service,
                account: None,
            };
        }
        let Some(f) = split_arn(s) else {
            return Principal {
                arn: s.clone(),
                kind: PrincipalKind::Other,
                account: None,
            };
        };
        let [_, partition, _service, _region, account, res] = f;
        let account = Some(account);
        let prefix = res.known_prefix();
        let kind = if res.as_known() == Some("root") {
            PrincipalKind::Root
        } else if prefix.starts_with("user/") {
            PrincipalKind::User
        } else if prefix.starts_with("role/") {
            PrincipalKind::Role
        } else if let Some(rest) = prefix.strip_prefix("assumed-role/") {
            // assumed-role/NAME/SESSION: the role name is up to the next '/'.
            let mut role = SymStr::lit("arn:");
            role.append(&partition);
            role.push_str(":iam::");
            if let Some(a) = &account {
                role.append(a);
            }
            role.push_str(":role/");
            match rest.find('/') {
                Some(i) => role.push_str(rest.get(..i).unwrap_or("")),
                None => {
                    role.push_str(rest);
                    role.push_hole(Hole::new("assumed role name", HoleClass::Segment));
                }
            }
            PrincipalKind::AssumedRole { role }
        } else if prefix.starts_with("federated-user/") {
            PrincipalKind::FederatedUser
        } else {
            PrincipalKind::Other
        };
        Principal {
            arn: s.clone(),
            kind,
            account,
        }
    }

    /// Service principals and service-linked roles are not affected by SCPs.
    pub fn exempt_from_scps(&self) -> bool {
        match &self.kind {
            PrincipalKind::Service => true,
            PrincipalKind::Role => contains(&self.arn, ":role/aws-service-role/"),
            PrincipalKind::AssumedRole { role } => contains(role, ":role/aws-service-role/"),
            _ => false,
        }
    }
}

fn contains(s: &SymStr, needle: &str) -> bool {
    match s.as_known() {
        Some(k) => k.contains(needle),
        None => s
            .pieces()
            .iter()
            .any(|p| matches!(p, Piece::Lit(t) if t.contains(needle))),
    }
}

/// The value of one context key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CtxValue {
    Absent,
    Values(Vec<SymStr>),
    Unknown,
}

/// A borrowed view of a context key's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtxRef<'a> {
    Absent,
    Values(&'a [SymStr]),
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// Lower-cased key → (key as given, value).
    keys: BTreeMap<String, (String, CtxValue)>,
    unset_unknown: bool,
}

impl Context {
    /// Every key not set is unknown.
    pub fn open() -> Context {
        Context {
            keys: BTreeMap::new(),
            unset_unknown: true,
        }
    }
    /// Every key not set is absent.
    pub fn strict() -> Context {
        Context {
            keys: BTreeMap::new(),
            unset_unknown: false,
        }
    }
    pub fn is_open(&self) -> bool {
        self.unset_unknown
    }
    pub fn set(&mut self, key: &str, v: CtxValue) -> &mut Context {
        self.keys
            .insert(key.to_ascii_lowercase(), (key.to_string(), v));
        self
    }
    pub fn set_str(&mut self, key: &str, v: impl Into<SymStr>) -> &mut Context {
        self.set(key, CtxValue::Values(vec![v.into()]))
    }
    pub fn with(mut self, key: &str, v: impl Into<SymStr>) -> Context {
        self.set_str(key, v);
        self
    }
    /// Looks a key up (case-insensitive).
    pub fn get(&self, key: &str) -> CtxRef<'_> {
        let found = if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.keys.get(&key.to_ascii_lowercase())
        } else {
            self.keys.get(key)
        };
        match found {
            Some((_, CtxValue::Absent)) => CtxRef::Absent,
            Some((_, CtxValue::Values(v))) => CtxRef::Values(v),
            Some((_, CtxValue::Unknown)) => CtxRef::Unknown,
            None if self.unset_unknown => CtxRef::Unknown,
            None => CtxRef::Absent,
        }
    }
    /// The keys set explicitly, in order, as given.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &CtxValue)> {
        self.keys.values().map(|(k, v)| (k.as_str(), v))
    }
}

impl Default for Context {
    fn default() -> Context {
        Context::strict()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub principal: Principal,
    pub action: String,
    pub resource: SymStr,
    /// The account owning the resource; `None` = from the resource ARN, else the
    /// principal's account.
    pub resource_account: Option<SymStr>,
    pub context: Context,
}

impl Request {
    pub fn new(
        principal: impl Into<SymStr>,
        action: &str,
        resource: impl Into<SymStr>,
        context: Context,
    ) -> Request {
        Request {
            principal: Principal::parse(&principal.into()),
            action: action.to_string(),
            resource: resource.into(),
            resource_account: None,
            context,
        }
    }

    /// The resource's account: given, else the ARN's account field, else the principal's.
    pub fn effective_resource_account(&self) -> Option<SymStr> {
        if let Some(a) = &self.resource_account {
            return Some(a.clone());
        }
        if let Some(f) = split_arn(&self.resource) {
            let [_, _, _, _, acct, _] = f;
            if acct.as_known() != Some("") {
                return Some(acct);
            }
        }
        self.principal.account.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals() {
        let u = Principal::parse(&"arn:aws:iam::111122223333:user/glue-dev".into());
        assert_eq!(u.kind, PrincipalKind::User);
        assert_eq!(
            u.account.as_ref().and_then(|a| a.as_known()),
            Some("111122223333")
        );
        let s = Principal::parse(&"glue.amazonaws.com".into());
        assert_eq!(s.kind, PrincipalKind::Service);
        assert!(s.exempt_from_scps());
        let a = Principal::parse(&"arn:aws:sts::1:assumed-role/etl/sess".into());
        assert_eq!(
            a.kind,
            PrincipalKind::AssumedRole {
                role: "arn:aws:iam::1:role/etl".into()
            }
        );
        let slr = Principal::parse(
            &"arn:aws:iam::1:role/aws-service-role/glue.amazonaws.com/AWSServiceRoleForGlue".into(),
        );
        assert!(slr.exempt_from_scps());
        let mut h = SymStr::lit("arn:aws:iam::");
        h.push_hole(Hole::account());
        h.push_str(":role/x");
        let r = Principal::parse(&h);
        assert_eq!(r.kind, PrincipalKind::Role);
        assert_eq!(r.account, Some(SymStr::hole(Hole::account())));
        assert_eq!(
            Principal::parse(&"anonymous".into()).kind,
            PrincipalKind::Anonymous
        );
        assert_eq!(
            Principal::parse(&"nonsense".into()).kind,
            PrincipalKind::Other
        );
    }

    #[test]
    fn context_modes() {
        let c = Context::strict().with("AWS:MultiFactorAuthPresent", "true");
        assert!(matches!(c.get("aws:multifactorauthpresent"), CtxRef::Values(v) if v.len() == 1));
        assert_eq!(c.get("aws:SourceIp"), CtxRef::Absent);
        let o = Context::open();
        assert_eq!(o.get("aws:SourceIp"), CtxRef::Unknown);
        let mut o2 = Context::open();
        o2.set("x", CtxValue::Absent);
        assert_eq!(o2.get("X"), CtxRef::Absent);
    }

    #[test]
    fn resource_account() {
        let r = Request::new(
            "arn:aws:iam::1:user/u",
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            Context::strict(),
        );
        assert_eq!(r.effective_resource_account(), Some("1".into()));
        let r = Request::new(
            "arn:aws:iam::1:user/u",
            "iam:PassRole",
            "arn:aws:iam::2:role/r",
            Context::strict(),
        );
        assert_eq!(r.effective_resource_account(), Some("2".into()));
    }
}
