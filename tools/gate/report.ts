/** The verdict of the gate in three forms: a terminal report, stable JSON, and a pull-request comment. */
import { ViolationJs } from "../analyzer/client";
import { NotSeen, RunView, StackRun } from "../stack/types";

export interface GateFinding {
  policy: string;
  level: string;
  severity: string;
  urn: string;
  message: string;
}

/** A policy the pack could not run on a resource because a value it reads is unknown at preview (as `pulumi preview` reports it). */
export interface NotRun {
  policy: string;
  urn: string;
  reason: string;
}

export interface GateReport {
  stack: string;
  /** `preview`: as `pulumi preview` presents the resources; `update`: as `pulumi up` does. */
  view: RunView;
  resources: number;
  /** How many of them are IAM resources (`aws:iam/...`): what the pack's IAM policies read. */
  iamResources: number;
  policyPack: string;
  policyConfig?: string;
  /** The account the default AWS provider was taken to manage, and why. */
  defaultAccount?: { id: string; source: string };
  passed: boolean;
  /** False when something was not seen or a policy could not run: "passed" then covers only what was checked. */
  complete: boolean;
  summary: { mandatory: number; advisory: number; notRun: number; notSeen: number };
  violations: GateFinding[];
  notRun: NotRun[];
  notSeen: NotSeen[];
  /** The program's own warnings (`pulumi.log.warn`): an expired grant, a role nobody holds, ... */
  warnings: string[];
  /**
   * Adopting: the pack's findings on what exists and the up keeps as it is (not managed by the
   * layout, so they do not fail the gate; findings they cause on the plan's identities do).
   */
  keptByAdoption?: GateFinding[];
}

const PREVIEW_MESSAGE = /^can't run policy '[^']*' from policy pack '[^']*' during preview: /;

export function buildReport(run: StackRun, policyPack: string, policyConfig: string | undefined, violations: ViolationJs[]): GateReport {
  const all = violations
    // The policy SDK prefixes each message with the policy's description: keep the message itself.
    .map((v) => ({ policy: v.policyName, level: v.enforcementLevel, severity: v.severity || "", urn: v.urn, message: v.message.startsWith(`${v.description}\n`) ? v.message.slice(v.description.length + 1) : v.message }))
    .sort((a, b) => a.level.localeCompare(b.level) * -1 || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn) || a.message.localeCompare(b.message));
  const findings = all.filter((f) => !PREVIEW_MESSAGE.test(f.message));
  const notRun = all.filter((f) => PREVIEW_MESSAGE.test(f.message)).map((f) => ({ policy: f.policy, urn: f.urn, reason: f.message.replace(PREVIEW_MESSAGE, "") }));
  const notSeen = run.notSeen ?? [];
  const mandatory = findings.filter((f) => f.level === "mandatory").length;
  return {
    stack: run.stack,
    view: run.view ?? "update",
    resources: run.resources.length,
    iamResources: run.resources.filter((r) => r.type.startsWith("aws:iam/")).length,
    policyPack,
    policyConfig,
    defaultAccount: run.defaultAccount,
    passed: mandatory === 0,
    complete: notRun.length === 0 && notSeen.length === 0,
    summary: { mandatory, advisory: findings.filter((f) => f.level === "advisory").length, notRun: notRun.length, notSeen: notSeen.length },
    violations: findings,
    notRun,
    notSeen,
    warnings: run.warnings ?? [],
  };
}

const NOT_SEEN_TITLE: Record<NotSeen["kind"], string> = {
  "remote-component": "multi-language component, insides not seen",
  "apply-error": "an apply failed",
  "unmodelled-call": "answered without a model",
  "output-error": "a stack output failed",
};

function gaps(report: GateReport): string[] {
  const out: string[] = [];
  if (report.notRun.length > 0) {
    out.push("", `  ? could not run during preview (${report.notRun.length}): checked only by \`pulumi up\``);
    for (const n of report.notRun) out.push(`    - ${n.policy} on ${resourceOf(n.urn)}`, `      ${n.reason}`);
  }
  if (report.notSeen.length > 0) {
    out.push("", `  ? not seen by the gate (${report.notSeen.length}): not checked, not passed`);
    for (const n of report.notSeen) out.push(`    - ${NOT_SEEN_TITLE[n.kind]}${n.urn ? `: ${resourceOf(n.urn)}` : ""}`, `      ${n.detail}`);
  }
  return out;
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
  out.push(...gaps(report));
  out.push("", verdictLine(report));
  return out.join("\n");
}

/** The last line of the text report: PASSED or FAILED, and INCOMPLETE when something was not checked. */
export function verdictLine(report: GateReport): string {
  return (
    (report.passed
      ? `PASSED: stack ${report.stack}, ${report.resources} resources, no mandatory violation (${report.summary.advisory} advisory).`
      : `FAILED: stack ${report.stack}, ${report.summary.mandatory} mandatory violation(s), ${report.summary.advisory} advisory.`) +
    (report.complete ? "" : ` INCOMPLETE: ${report.summary.notRun} check(s) could not run during preview, ${report.summary.notSeen} thing(s) not seen.`)
  );
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
  if (!report.complete) {
    out.push("", `**Not checked** (not passed either): ${report.summary.notRun} check(s) could not run during preview, ${report.summary.notSeen} thing(s) not seen.`, "");
    for (const n of report.notRun) out.push(`- could not run during preview: \`${n.policy}\` on \`${md(resourceOf(n.urn))}\`: ${md(n.reason)}`);
    for (const n of report.notSeen) out.push(`- ${NOT_SEEN_TITLE[n.kind]}${n.urn ? ` \`${md(resourceOf(n.urn))}\`` : ""}: ${md(n.detail)}`);
  }
  return out.join("\n") + "\n";
}

/** Adopting: the findings on what exists today and is kept, before the plan's verdict. */
export function renderKeptText(report: GateReport): string {
  const kept = report.keptByAdoption;
  if (kept === undefined) return "";
  const out = ["", "Kept as it is by adoption (exists today; this up neither changes nor removes it):"];
  if (kept.length === 0) out.push("  no findings");
  for (const f of kept) out.push(`  ${f.level === "mandatory" ? "✗" : "!"} ${f.level}: ${f.policy} on ${resourceOf(f.urn)}`, `      ${f.message}`);
  return out.join("\n") + "\n";
}

export function renderKeptMarkdown(report: GateReport): string {
  const kept = report.keptByAdoption;
  if (kept === undefined || kept.length === 0) return "";
  const out = ["", "**Kept as it is by adoption** (exists today; this up neither changes nor removes it):", "", "| level | policy | resource | message |", "| --- | --- | --- | --- |"];
  for (const f of kept) out.push(`| ${f.level} | \`${f.policy}\` | \`${md(resourceOf(f.urn))}\` | ${md(f.message)} |`);
  return out.join("\n") + "\n";
}

export type GateErrorKind = "usage" | "stack-file" | "config" | "program" | "policy-pack-config" | "policy-pack" | "internal";

export interface GateErrorReport {
  stack?: string;
  passed: false;
  error: { kind: GateErrorKind; message: string; exitCode: 2 };
}

/** The error as a document in the format asked for (json, markdown), so a CI step summary is never empty; undefined for text. */
export function renderErrorDocument(format: string, e: { stack?: string; kind: GateErrorKind; message: string }): string | undefined {
  const doc: GateErrorReport = { stack: e.stack, passed: false, error: { kind: e.kind, message: e.message, exitCode: 2 } };
  if (format === "json") return `${JSON.stringify(doc, null, 2)}\n`;
  if (format === "markdown") {
    const fence = e.message.includes("```") ? "~~~" : "```";
    return [`### IAM gate: stack \`${e.stack ?? "?"}\` could not run ❌`, "", `${e.kind} error (exit code 2):`, "", fence, e.message, fence, ""].join("\n");
  }
  return undefined;
}
