//! The command line: arguments, file and terminal I/O, exit codes. The only module that
//! touches the file system or the terminal; everything else is a pure function of its
//! input.

pub mod config;
pub mod discover;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::diag::{DiagLevel, Diagnostic};
use crate::finding::{Finding, Level};
use crate::iam::policy::Policy;
use crate::ir::{LoadOutput, RawResource};
use crate::model::Env;
use crate::source::{Format, SourceMap};

/// Exit codes (ripgrep's convention).
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "glue-lint",
    version,
    about = "Predicts the IAM failures of AWS Glue jobs from Terraform and CloudFormation before deployment",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Analyse files and directories (the default command)
    Check(CheckArgs),
    /// Evaluate IAM requests offline, in the request format of the oracle README
    Simulate(SimulateArgs),
    /// Print the resource graph (jobs, roles, policies, groups) as dot or mermaid
    Graph(GraphArgs),
    /// List the rules, or print one rule's documentation
    Rules {
        /// A rule id (`GL101`)
        id: Option<String>,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// Files and directories: `.tf` files, `terraform show -json` plans, CloudFormation templates
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Account id the code is deployed into (fills the account-id holes)
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,
    /// Region the code is deployed into
    #[arg(long)]
    pub region: Option<String>,
    /// Partition (aws, aws-cn, aws-us-gov)
    #[arg(long)]
    pub partition: Option<String>,
    /// Terraform variable files, in order (after terraform.tfvars and *.auto.tfvars)
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// A service control policy (JSON) that applies to every deployer; repeatable
    #[arg(long = "scp", value_name = "FILE")]
    pub scps: Vec<PathBuf>,
    /// A principal that deploys Glue jobs (IaC address or ARN); repeatable
    #[arg(long = "deployer", value_name = "PRINCIPAL")]
    pub deployers: Vec<String>,
    /// Number of threads (default: one per core)
    #[arg(long)]
    pub threads: Option<usize>,
    /// Configuration file (default: the nearest .glue-lint.yaml upward from the first path)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl InputArgs {
    /// The paths to scan: the current directory when none is given.
    pub fn paths_or_cwd(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        }
    }

    /// The deployment-wide values. The partition defaults to `aws`: the AWS managed
    /// policies shipped in the binary are the `aws` partition's documents, so analysing
    /// them against another partition's ARNs needs `--partition` anyway.
    pub fn env(&self) -> Env {
        Env {
            account_id: self.account_id.clone(),
            region: self.region.clone(),
            partition: Some(self.partition.clone().unwrap_or_else(|| "aws".to_string())),
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Write the output to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a finding at or above this level exists [default: the
    /// configuration's `fail_on`, else error]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Never color the text output
    #[arg(long)]
    pub no_color: bool,
    /// Append a Markdown summary (counts, findings, chain diagrams) to FILE, e.g. "$GITHUB_STEP_SUMMARY"
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Also print GitHub annotations (at most 10 errors and 10 warnings) on standard output
    #[arg(long)]
    pub annotations: bool,
    /// Append `findings=`, `errors=`, `warnings=`, `notes=` lines to FILE, e.g. "$GITHUB_OUTPUT"
    #[arg(long, value_name = "FILE")]
    pub counts: Option<PathBuf>,
    /// SARIF category (`runs[].automationDetails.id`), one per part of a repository
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// Leave out the findings recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE as the baseline, then exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Benchmark baseline: discover, read and parse the inputs, print counts, do nothing else
    #[arg(long, hide = true)]
    pub parse_only: bool,
}

impl Default for CheckArgs {
    fn default() -> Self {
        CheckArgs {
            input: InputArgs::default(),
            format: OutputFormat::Text,
            output: None,
            fail_on: None,
            no_color: false,
            summary: None,
            annotations: false,
            counts: None,
            category: None,
            baseline: None,
            write_baseline: None,
            parse_only: false,
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct SimulateArgs {
    /// Requests: one JSON object, a JSON array or JSON lines (default: standard input)
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,
    /// Add a readable trace to each answer
    #[arg(long)]
    pub explain: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Args, Debug, Clone)]
pub struct GraphArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

/// Parses the arguments and runs; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    let threads = match &cli.command {
        Some(Command::Check(c)) => c.input.threads,
        Some(Command::Graph(g)) => g.input.threads,
        _ => cli.check.input.threads,
    };
    if let Some(n) = threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let result = match cli.command {
        Some(Command::Check(c)) => check(&c),
        None => check(&cli.check),
        Some(Command::Simulate(s)) => simulate(&s),
        Some(Command::Graph(g)) => graph(&g),
        Some(Command::Rules { id }) => rules(id.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "glue-lint: {}",
                crate::report::sanitize_terminal(&format!("{e:#}"))
            );
            EXIT_ERROR
        }
    }
}

/// Everything the analysis produced for one run.
pub struct Analysis {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub model: crate::model::Model,
    /// The configuration that applied (the default when there was no file).
    pub config: config::Config,
}

/// Reads, parses and analyses the inputs. Pure apart from reading the inputs.
pub fn analyse(input: &InputArgs) -> Analysis {
    let paths = input.paths_or_cwd();
    let mut disc = discover::discover(&paths, &[]);
    let mut diagnostics = std::mem::take(&mut disc.diagnostics);
    let config_path = input.config.clone().or_else(|| config::find(&paths[0]));
    let cfg = match &config_path {
        Some(p) => config::load(p, &mut disc.sources, &mut diagnostics),
        None => config::Config::default(),
    };
    if let Some(m) = cfg.exclude_matcher() {
        let sources = &disc.sources;
        disc.inputs.retain(|i| {
            i.explicit
                || !sources
                    .get(i.file)
                    .is_some_and(|f| config::is_excluded(&m, &f.path))
        });
    }
    let mut context = crate::iam::request::Context::open();
    for (k, values) in &cfg.context {
        context.set(
            k,
            crate::iam::request::CtxValue::Values(
                values.iter().map(|v| v.as_str().into()).collect(),
            ),
        );
    }
    let config_out = cfg.clone();
    let input = &InputArgs {
        account_id: input.account_id.clone().or(cfg.account_id),
        region: input.region.clone().or(cfg.region),
        partition: input.partition.clone().or(cfg.partition),
        scps: input.scps.iter().cloned().chain(cfg.scp_files).collect(),
        deployers: input
            .deployers
            .iter()
            .cloned()
            .chain(cfg.deployers)
            .collect(),
        ..input.clone()
    };
    let env = input.env();

    // Extra inputs that are not scanned as code: var files and SCPs.
    let var_files = read_extra(&mut disc.sources, &input.var_files, &mut diagnostics);
    let scp_files = read_extra(&mut disc.sources, &input.scps, &mut diagnostics);
    let mut scps: Vec<Policy> = Vec::new();
    for id in scp_files {
        if let Some(f) = disc.sources.get(id) {
            let (p, errors) =
                crate::iam::policy::parse_policy_text(&f.path.to_string_lossy(), &f.text, id);
            for e in errors {
                diagnostics.push(Diagnostic::error(
                    "GL005",
                    e.span,
                    format!("service control policy: {e}"),
                ));
            }
            scps.extend(p);
        }
    }

    let resources = load_all(&disc, &var_files, &env, &mut diagnostics);
    let mut model = crate::model::lower(&resources, &env);
    diagnostics.append(&mut model.diagnostics);
    let ctx = crate::rules::Ctx {
        model: &model,
        env: &env,
        scps: &scps,
        configured_deployers: &input.deployers,
        context: &context,
    };
    let mut findings = crate::rules::run(&ctx);
    config_out.apply_rules(&mut findings);
    let mut suppressions = Vec::new();
    for i in &disc.inputs {
        let Some(f) = disc.sources.get(i.file) else {
            continue;
        };
        match i.format {
            Format::Terraform => suppressions.extend(crate::suppress::inline(f, &mut diagnostics)),
            Format::CloudFormation => {
                suppressions.extend(crate::suppress::inline(f, &mut diagnostics));
                suppressions.extend(crate::suppress::cloudformation(f, &mut diagnostics));
            }
            _ => {}
        }
    }
    for ids in disc.plan_sources.values() {
        for &id in ids {
            if !disc.inputs.iter().any(|i| i.file == id) {
                if let Some(f) = disc.sources.get(id) {
                    suppressions.extend(crate::suppress::inline(f, &mut diagnostics));
                }
            }
        }
    }
    let path_of = |id: u32| {
        disc.sources
            .get(id)
            .map(|f| f.path.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default()
    };
    let mut unused = crate::suppress::apply(&mut findings, &suppressions, &path_of);
    if config_out.rules.get("GL901").is_none_or(|r| r.enabled) {
        config_out.apply_rules(&mut unused);
        findings.append(&mut unused);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    for d in crate::rules::deployers::unmatched_configured(&ctx) {
        diagnostics.push(Diagnostic::warning(
            "GL006",
            crate::source::Span::NONE,
            format!("the configured deployer {d:?} matches no group, user or role in the scanned code; it is not checked"),
        ));
    }
    diagnostics.sort();
    diagnostics.dedup();
    Analysis {
        sources: disc.sources,
        findings,
        diagnostics,
        model,
        config: config_out,
    }
}

fn read_extra(
    sources: &mut SourceMap,
    paths: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<crate::source::FileId> {
    let mut ids = Vec::new();
    for p in paths {
        match std::fs::read_to_string(p) {
            Ok(text) => ids.push(sources.add(discover::display_path(p), text.into())),
            Err(e) => {
                let id = sources.add(discover::display_path(p), "".into());
                diagnostics.push(Diagnostic::file_error(
                    "GL001",
                    id,
                    format!("cannot read {}: {e}", discover::display_path(p).display()),
                ));
            }
        }
    }
    ids
}

/// Runs every loader. In a directory walk, a plan JSON that sits beside `.tf` files is
/// skipped: the `.tf` files are the source of truth there, and analysing both would
/// report everything twice. A plan named on the command line is always analysed.
fn load_all(
    disc: &discover::Discovered,
    var_files: &[crate::source::FileId],
    env: &Env,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawResource> {
    use crate::parse::{cloudformation, plan, terraform};
    let dir_of = |id: u32| {
        disc.sources
            .get(id)
            .and_then(|f| f.path.parent().map(Path::to_path_buf))
            .unwrap_or_default()
    };
    let tf_dirs: std::collections::BTreeSet<PathBuf> = disc
        .inputs
        .iter()
        .filter(|i| i.format == Format::Terraform)
        .map(|i| dir_of(i.file))
        .collect();

    let tf_files: Vec<&crate::source::SourceFile> = disc
        .inputs
        .iter()
        .filter(|i| matches!(i.format, Format::Terraform | Format::TfVars))
        .filter_map(|i| disc.sources.get(i.file))
        .collect();
    let mut outputs: Vec<LoadOutput> = Vec::new();
    let tf_options = terraform::TfOptions {
        account_id: env.account_id.clone(),
        region: env.region.clone(),
        partition: env.partition.clone(),
    };
    // The `.tf` sources beside each plan: they say what "known after apply" values will be.
    let plan_sources: Vec<(crate::source::FileId, Vec<RawResource>)> = disc
        .inputs
        .iter()
        .filter(|i| i.format == Format::Plan)
        .filter_map(|i| {
            let dir = dir_of(i.file);
            let files: Vec<&crate::source::SourceFile> = disc
                .plan_sources
                .get(&i.file)?
                .iter()
                .filter_map(|&id| disc.sources.get(id))
                .collect();
            let reader = discover::root_reader(std::slice::from_ref(&dir));
            let input = terraform::TfInput {
                files,
                var_files: Vec::new(),
                read_file: &reader,
                options: tf_options.clone(),
            };
            // Diagnostics of these files are not the user's question here: the plan is.
            Some((i.file, terraform::load(&input).resources))
        })
        .collect();
    if !tf_files.is_empty() {
        let reader = discover::root_reader(&disc.roots);
        let tf_input = terraform::TfInput {
            files: tf_files,
            var_files: var_files
                .iter()
                .filter_map(|&id| disc.sources.get(id))
                .collect(),
            read_file: &reader,
            options: tf_options.clone(),
        };
        outputs.push(terraform::load(&tf_input));
    }
    let others: Vec<LoadOutput> = disc
        .inputs
        .par_iter()
        .filter_map(|i| {
            let f = disc.sources.get(i.file)?;
            match i.format {
                Format::Plan if i.explicit || !tf_dirs.contains(&dir_of(i.file)) => {
                    let mut out = plan::load(
                        f,
                        &plan::PlanOptions {
                            account_id: env.account_id.clone(),
                            region: env.region.clone(),
                            partition: env.partition.clone(),
                        },
                    );
                    if let Some(source) = plan_sources
                        .iter()
                        .find(|(id, _)| *id == i.file)
                        .map(|(_, s)| s)
                    {
                        crate::ir::fuse::fill_unknowns(&mut out.resources, source);
                    }
                    Some(out)
                }
                Format::CloudFormation => Some(cloudformation::load(
                    f,
                    &cloudformation::CfnOptions {
                        account_id: env.account_id.clone(),
                        region: env.region.clone(),
                        partition: env.partition.clone(),
                        parameters: Default::default(),
                    },
                )),
                _ => None,
            }
        })
        .collect();
    outputs.extend(others);
    let mut resources = Vec::new();
    for o in outputs {
        resources.extend(o.resources);
        diagnostics.extend(o.diagnostics);
    }
    resources
}

/// What the parsers alone produce: the `--parse-only` benchmark floor.
pub struct Parsed {
    pub files: usize,
    pub bytes: usize,
    pub resources: usize,
    pub diagnostics: usize,
}

/// Discovers, reads and parses the inputs with the same loaders `analyse` uses, and
/// stops there: no lowering, no graph, no rules, no report. The floor the analysis is
/// measured against (`bench/run`).
pub fn parse_only(input: &InputArgs) -> Parsed {
    let paths = input.paths_or_cwd();
    let mut disc = discover::discover(&paths, &[]);
    let mut diagnostics = std::mem::take(&mut disc.diagnostics);
    let env = input.env();
    let var_files = read_extra(&mut disc.sources, &input.var_files, &mut diagnostics);
    let resources = load_all(&disc, &var_files, &env, &mut diagnostics);
    Parsed {
        files: disc.inputs.len(),
        bytes: disc
            .inputs
            .iter()
            .filter_map(|i| disc.sources.get(i.file))
            .map(|f| f.text.len())
            .sum(),
        resources: resources.len(),
        diagnostics: diagnostics.len(),
    }
}

fn check(args: &CheckArgs) -> anyhow::Result<i32> {
    if args.parse_only {
        let p = parse_only(&args.input);
        writeln!(
            std::io::stdout(),
            "parsed {} files, {} bytes: {} resources, {} diagnostics",
            p.files,
            p.bytes,
            p.resources,
            p.diagnostics
        )?;
        return Ok(EXIT_CLEAN);
    }
    let mut a = analyse(&args.input);
    if let Some(path) = &args.write_baseline {
        let b = crate::suppress::Baseline::of(&a.findings);
        let mut text = serde_json::to_string_pretty(&b)?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        writeln!(
            std::io::stderr(),
            "glue-lint: recorded {} findings in {}",
            b.findings.len(),
            crate::report::sanitize_terminal_line(&path.display().to_string())
        )?;
        return Ok(EXIT_CLEAN);
    }
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the baseline {}: {e}", path.display()))?;
        let b: crate::suppress::Baseline = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{} is not a glue-lint baseline: {e}", path.display()))?;
        b.filter(&mut a.findings);
    }
    let mut buf: Vec<u8> = Vec::new();
    let cwd = std::env::current_dir().unwrap_or_default();
    let report = crate::report::Report {
        findings: &a.findings,
        diagnostics: &a.diagnostics,
        sources: &a.sources,
        repo_root: &cwd,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let color = args.output.is_none()
        && !args.no_color
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout());
    match args.format {
        OutputFormat::Text => crate::report::text::write_text(
            &report,
            crate::report::text::TextOptions { color },
            &mut buf,
        )?,
        OutputFormat::Json => crate::report::json::write_json(&report, &mut buf)?,
        OutputFormat::Sarif => crate::report::sarif::write_sarif_with(
            &report,
            &crate::report::sarif::SarifOptions {
                category: args.category.clone(),
            },
            &mut buf,
        )?,
        OutputFormat::Github => {
            crate::report::github::write_github(&report, Default::default(), &mut buf)?
        }
    }
    match &args.output {
        Some(path) => std::fs::write(path, &buf)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        None => std::io::stdout().write_all(&buf)?,
    }
    if args.annotations && !(args.output.is_none() && args.format == OutputFormat::Github) {
        let mut ann = Vec::new();
        crate::report::github::write_github(&report, Default::default(), &mut ann)?;
        std::io::stdout().write_all(&ann)?;
    }
    if let Some(path) = &args.summary {
        let var = |k: &str| std::env::var(k).unwrap_or_default();
        let options = crate::report::summary::SummaryOptions {
            blob_url: crate::report::summary::SummaryOptions::blob_url_from(
                &var("GITHUB_SERVER_URL"),
                &var("GITHUB_REPOSITORY"),
                &var("GITHUB_SHA"),
            ),
            ..Default::default()
        };
        let mut md = Vec::new();
        crate::report::summary::write_summary(&report, &options, &mut md)?;
        append(path, &md)?;
    }
    if let Some(path) = &args.counts {
        let s = report.summary();
        let text = format!(
            "findings={}\nerrors={}\nwarnings={}\nnotes={}\ninput-errors={}\n",
            s.errors + s.warnings + s.notes,
            s.errors,
            s.warnings,
            s.notes,
            s.diagnostic_errors
        );
        append(path, text.as_bytes())?;
    }
    let fail_on = args.fail_on.or(a.config.fail_on).unwrap_or(FailOn::Error);
    Ok(exit_code(&a.findings, &a.diagnostics, fail_on))
}

fn append(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    f.write_all(data)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

/// 2 when an input could not be read or parsed; else 1 when a finding is at or above
/// the threshold; else 0.
pub fn exit_code(findings: &[Finding], diagnostics: &[Diagnostic], fail_on: FailOn) -> i32 {
    if diagnostics.iter().any(|d| d.level == DiagLevel::Error) {
        return EXIT_ERROR;
    }
    let threshold = match fail_on {
        FailOn::Error => Some(Level::Error),
        FailOn::Warning => Some(Level::Warning),
        FailOn::Note => Some(Level::Note),
        FailOn::Never => None,
    };
    match threshold {
        Some(t) if findings.iter().any(|f| f.level >= t) => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

fn simulate(args: &SimulateArgs) -> anyhow::Result<i32> {
    let text = match &args.request {
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?,
        None => std::io::read_to_string(std::io::stdin())?,
    };
    let resolve = |name: &str| crate::iam::managed::resolve(name).map(str::to_string);
    let mut out = std::io::stdout().lock();
    let mut code = EXIT_CLEAN;
    for item in simulate_items(&text) {
        let l = match item {
            Ok(v) => crate::iam::simulate::run_request(&v, &resolve, args.explain),
            Err(msg) => serde_json::json!({"decision": "error", "error": {"message": msg}}),
        };
        if l.get("decision").and_then(|d| d.as_str()) == Some("error") {
            code = EXIT_ERROR;
        }
        writeln!(out, "{}", serde_json::to_string(&l)?)?;
    }
    Ok(code)
}

/// The requests of a simulate input: one JSON object, a JSON array, or JSON lines (blank
/// lines and lines starting with `#` or `//` skipped). A line that is not JSON gives an
/// error item in its place, so answers stay aligned with requests.
pub fn simulate_items(text: &str) -> Vec<Result<serde_json::Value, String>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(trimmed) {
        return match v {
            serde_json::Value::Array(items) => items.into_iter().map(Ok).collect(),
            other => vec![Ok(other)],
        };
    }
    trimmed
        .lines()
        .enumerate()
        .map(|(n, l)| (n, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

fn graph(args: &GraphArgs) -> anyhow::Result<i32> {
    let a = analyse(&args.input);
    let g = crate::graph::Graph::build(&a.model);
    let text = match args.format {
        GraphFormat::Dot => g.to_dot(),
        GraphFormat::Mermaid => g.to_mermaid(),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(
        if a.diagnostics.iter().any(|d| d.level == DiagLevel::Error) {
            EXIT_ERROR
        } else {
            EXIT_CLEAN
        },
    )
}

fn rules(id: Option<&str>) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    if let Some(id) = id {
        return match crate::catalog::rule(&id.to_ascii_uppercase()) {
            Some(r) => {
                writeln!(out, "{}  {}  ({})\n", r.id, r.title, r.severity.as_str())?;
                writeln!(out, "{}", r.body.trim_end())?;
                Ok(EXIT_CLEAN)
            }
            None => {
                writeln!(
                    std::io::stderr(),
                    "glue-lint: unknown rule {:?}; `glue-lint rules` lists them",
                    crate::report::sanitize_terminal_line(id)
                )?;
                Ok(EXIT_ERROR)
            }
        };
    }
    for r in crate::catalog::catalog() {
        writeln!(out, "{}  {:<7}  {}", r.id, r.severity.as_str(), r.title)?;
    }
    Ok(EXIT_CLEAN)
}
