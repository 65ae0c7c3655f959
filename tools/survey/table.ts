/**
 * The survey's results: one row per program from what the gate printed (its JSON report, or its
 * error document), the counts by outcome, and the markdown table.
 */
import { GateErrorReport, GateReport, verdictLine } from "../gate/report";

/**
 * `passed`: exit 0, everything seen; `incomplete`: exit 0, with what the gate could not see named;
 * `failed`: exit 1, a mandatory finding; `error`: exit 2 or a crash (the gate's fault, or the
 * program's when it cannot run anywhere: see `error`); `skipped`: not a Node.js program.
 */
export type Outcome = "passed" | "incomplete" | "failed" | "error" | "skipped";

export interface SurveyRow {
  /** The program's folder, relative to the surveyed folder. */
  program: string;
  outcome: Outcome;
  exitCode?: number;
  /** The gate's verdict line, or the first line of its error. */
  verdict: string;
  resources?: number;
  iamResources?: number;
  /** Policies with a mandatory finding, each with how many. */
  mandatory: string[];
  advisory: string[];
  /** What the gate could not see, grouped: `eks:index:Cluster (multi-language component) x2`. */
  notSeen: string[];
  /** Checks that could not run during preview (only `pulumi up` can run them). */
  notRun?: number;
  /** The types of the multi-language components it could not see into. */
  components?: string[];
  /** Why the program was skipped or the gate errored (the whole message). */
  error?: string;
}

/** What one gate run printed on stdout (with --format json), its exit code and stderr. */
export interface GateOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const NOT_SEEN_LABEL: Record<GateReport["notSeen"][number]["kind"], string> = {
  "remote-component": "multi-language component",
  "apply-error": "apply failed",
  "unmodelled-call": "answered without a model",
  "output-error": "stack output failed",
};

/** `name x3` for repeated entries, in first-seen order. */
function counted(items: string[]): string[] {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${k} x${n}` : k));
}

function notSeenLabels(report: GateReport): string[] {
  return counted(
    report.notSeen.map((n) => {
      if (n.kind === "remote-component" && n.urn) return `${(n.urn.split("::")[2] ?? "").split("$").pop()} (${NOT_SEEN_LABEL[n.kind]})`;
      if (n.kind === "unmodelled-call") return `${n.detail.replace(/ is not modelled.*$/, "")} (${NOT_SEEN_LABEL[n.kind]})`;
      return `${NOT_SEEN_LABEL[n.kind]}: ${n.detail.split("\n")[0]}`;
    }),
  );
}

const firstLine = (s: string) => s.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";

/** A row from the gate's output: its JSON report (exit 0 or 1) or its error document (exit 2). */
export function rowOf(program: string, out: GateOutput): SurveyRow {
  let doc: GateReport | GateErrorReport | undefined;
  try {
    doc = JSON.parse(out.stdout) as GateReport | GateErrorReport;
  } catch {
    doc = undefined;
  }
  if (doc && "error" in doc) {
    // "the program failed for stack dev:" says little: the line after it is the program's own error.
    const message = doc.error.message.replace(/^the program failed for stack [^:\n]*:\n/, "");
    return { program, outcome: "error", exitCode: out.code, verdict: `${doc.error.kind} error: ${firstLine(message)}`, mandatory: [], advisory: [], notSeen: [], error: doc.error.message };
  }
  if (!doc || (out.code !== 0 && out.code !== 1)) {
    const message = out.stderr.trim() || `exit ${out.code} without a report`;
    return { program, outcome: "error", exitCode: out.code, verdict: `crash: ${firstLine(message)}`, mandatory: [], advisory: [], notSeen: [], error: message };
  }
  const report = doc;
  const policies = (level: string) => counted(report.violations.filter((v) => v.level === level).map((v) => v.policy));
  return {
    program,
    outcome: out.code === 1 ? "failed" : report.complete ? "passed" : "incomplete",
    exitCode: out.code,
    verdict: verdictLine(report),
    resources: report.resources,
    iamResources: report.iamResources,
    mandatory: policies("mandatory"),
    advisory: policies("advisory"),
    notSeen: notSeenLabels(report),
    notRun: report.notRun.length,
    components: [...new Set(report.notSeen.filter((n) => n.kind === "remote-component" && n.urn).map((n) => (n.urn!.split("::")[2] ?? "").split("$").pop()!))],
  };
}

export function skippedRow(program: string, reason: string): SurveyRow {
  return { program, outcome: "skipped", verdict: `skipped: ${reason}`, mandatory: [], advisory: [], notSeen: [], error: reason };
}

export interface SurveySummary {
  programs: number;
  passed: number;
  incomplete: number;
  /** Of the incomplete: with multi-language components; with nothing unseen but checks only `pulumi up` can run; with a failed apply or a function without a model. */
  incompleteBecause: { components: number; previewOnly: number; other: number };
  failed: number;
  errors: number;
  skipped: number;
  resources: number;
  iamResources: number;
  /** Mandatory policies over all programs: policy -> programs that fail it. */
  findings: Record<string, string[]>;
  /** Multi-language component type -> how many programs use it. */
  components: Record<string, number>;
}

export function summarize(rows: SurveyRow[]): SurveySummary {
  const by = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
  const findings: Record<string, string[]> = {};
  for (const r of rows) for (const m of r.mandatory) (findings[m.replace(/ x\d+$/, "")] ??= []).push(r.program);
  const components: Record<string, number> = {};
  for (const r of rows) for (const c of r.components ?? []) components[c] = (components[c] ?? 0) + 1;
  const incomplete = rows.filter((r) => r.outcome === "incomplete");
  const withComponents = incomplete.filter((r) => (r.components ?? []).length > 0).length;
  const previewOnly = incomplete.filter((r) => r.notSeen.length === 0).length;
  return {
    programs: rows.length,
    passed: by("passed"),
    incomplete: incomplete.length,
    incompleteBecause: { components: withComponents, previewOnly, other: incomplete.length - withComponents - previewOnly },
    failed: by("failed"),
    errors: by("error"),
    skipped: by("skipped"),
    resources: rows.reduce((n, r) => n + (r.resources ?? 0), 0),
    iamResources: rows.reduce((n, r) => n + (r.iamResources ?? 0), 0),
    findings,
    components,
  };
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const list = (items: string[]) => (items.length ? items.map(cell).join("<br>") : "");

export interface SurveyHeader {
  /** What was surveyed, e.g. `pulumi/examples@40c09b266 aws-ts-*`. */
  source: string;
  date: string;
  view: string;
}

export function renderMarkdown(header: SurveyHeader, rows: SurveyRow[]): string {
  const s = summarize(rows);
  const out = [
    `# The gate on ${header.source}`,
    "",
    `${header.date}, view \`${header.view}\`: ${s.programs} programs, ${s.resources} resources (${s.iamResources} IAM).`,
    "",
    `- PASSED, everything seen: ${s.passed}`,
    `- PASSED, INCOMPLETE (what was not checked is named): ${s.incomplete}: ${s.incompleteBecause.components} with multi-language components, ${s.incompleteBecause.previewOnly} only with checks that \`pulumi up\` alone can run (a value unknown at preview), ${s.incompleteBecause.other} with a failed apply or a function without a model`,
    `- FAILED with a mandatory finding: ${s.failed}`,
    `- exit 2 or crash (the verdict says whose error: the program's, or the gate's): ${s.errors}`,
    ...(s.skipped ? [`- skipped (not a Node.js program): ${s.skipped}`] : []),
  ];
  const findings = Object.entries(s.findings).sort(([a], [b]) => a.localeCompare(b));
  if (findings.length) {
    out.push("", "Mandatory findings:", "");
    for (const [policy, programs] of findings) out.push(`- \`${policy}\`: ${programs.join(", ")}`);
  }
  const types = Object.entries(s.components).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (types.length) out.push("", `Multi-language components not seen (programs): ${types.map(([t, n]) => `\`${t}\` ${n}`).join(", ")}.`);
  out.push("", "| program | exit | verdict | resources | IAM | mandatory | advisory | not seen |", "| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    out.push(`| ${cell(r.program)} | ${r.exitCode ?? ""} | ${cell(r.verdict)} | ${r.resources ?? ""} | ${r.iamResources ?? ""} | ${list(r.mandatory)} | ${list(r.advisory)} | ${list(r.notSeen)} |`);
  }
  return `${out.join("\n")}\n`;
}
