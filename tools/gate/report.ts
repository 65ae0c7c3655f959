/** The verdict of the gate in three forms: a terminal report, stable JSON, and a pull-request comment. */
import { ViolationJs } from "../analyzer/client";

export interface GateFinding {
  policy: string;
  level: string;
  severity: string;
  urn: string;
  message: string;
}

export interface GateReport {
  stack: string;
  resources: number;
  policyPack: string;
  policyConfig?: string;
  passed: boolean;
  summary: { mandatory: number; advisory: number };
  violations: GateFinding[];
  /** The program's own warnings (`pulumi.log.warn`): an expired grant, a role nobody holds, ... */
  warnings: string[];
}

export function buildReport(stack: string, resources: number, policyPack: string, policyConfig: string | undefined, violations: ViolationJs[], warnings: string[] = []): GateReport {
  const findings = violations
    // The policy SDK prefixes each message with the policy's description: keep the message itself.
    .map((v) => ({ policy: v.policyName, level: v.enforcementLevel, severity: v.severity || "", urn: v.urn, message: v.message.startsWith(`${v.description}\n`) ? v.message.slice(v.description.length + 1) : v.message }))
    .sort((a, b) => a.level.localeCompare(b.level) * -1 || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn) || a.message.localeCompare(b.message));
  const mandatory = findings.filter((f) => f.level === "mandatory").length;
  return {
    stack,
    resources,
    policyPack,
    policyConfig,
    passed: mandatory === 0,
    summary: { mandatory, advisory: findings.filter((f) => f.level === "advisory").length },
    violations: findings,
    warnings,
  };
}

const resourceOf = (urn: string) => {
  const parts = urn.split("::");
  return `${parts[parts.length - 1]} (${(parts[2] ?? "").split("$").pop()})`;
};

function grouped(report: GateReport): Map<string, GateFinding[]> {
  const groups = new Map<string, GateFinding[]>();
  for (const f of report.violations) {
    const key = `${f.level}\u0000${f.policy}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return groups;
}

export function renderText(report: GateReport): string {
  const out = report.warnings.length ? ["", "Warnings from the program:", ...report.warnings.map((w) => `  ! ${w}`)] : [];
  out.push("", `Policy pack ${report.policyPack}${report.policyConfig ? ` with ${report.policyConfig}` : ""}:`);
  if (report.violations.length === 0) out.push("  no violations");
  for (const [key, findings] of grouped(report)) {
    const [level, policy] = key.split("\u0000");
    out.push("", `  ${level === "mandatory" ? "✗ mandatory" : "! advisory"}: ${policy} (${findings[0].severity}, ${findings.length})`);
    for (const f of findings) out.push(`    - ${resourceOf(f.urn)}`, `      ${f.message}`);
  }
  out.push(
    "",
    report.passed
      ? `PASSED: stack ${report.stack}, ${report.resources} resources, no mandatory violation (${report.summary.advisory} advisory).`
      : `FAILED: stack ${report.stack}, ${report.summary.mandatory} mandatory violation(s), ${report.summary.advisory} advisory.`,
  );
  return out.join("\n");
}

export function renderJson(report: GateReport): string {
  return JSON.stringify(report, null, 2);
}

const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(report: GateReport): string {
  const out = [
    `### IAM gate: stack \`${report.stack}\` ${report.passed ? "passed ✅" : "failed ❌"}`,
    "",
    `${report.resources} resources checked by \`${report.policyPack}\`${report.policyConfig ? ` with \`${report.policyConfig}\`` : ""}: **${report.summary.mandatory} mandatory**, ${report.summary.advisory} advisory.`,
  ];
  if (report.warnings.length > 0) out.push("", "Warnings from the program:", "", ...report.warnings.map((w) => `- ${md(w)}`));
  if (report.violations.length > 0) {
    out.push("", "| level | policy | resource | message |", "| --- | --- | --- | --- |");
    for (const f of report.violations) out.push(`| ${f.level} | \`${f.policy}\` | \`${md(resourceOf(f.urn))}\` | ${md(f.message)} |`);
  }
  return out.join("\n") + "\n";
}
