/**
 * The policy findings of one run in one comparable form: from the engine's events
 * (`pulumi preview --json`, streamed) and from the offline gate (`npm run gate -- --format json`).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { GateReport } from "../../../tools/gate/report";
import { REPO } from "./cli";

export interface Finding {
  policy: string;
  /** `mandatory` or `advisory` (the engine says `warning` for advisory). */
  level: string;
  severity: string;
  urn: string;
  message: string;
}

interface PolicyEvent {
  resourceUrn?: string;
  message: string;
  policyName: string;
  policyPackName: string;
  enforcementLevel: string;
  severity?: string;
}

const key = (f: Finding) => `${f.level} ${f.policy} ${f.urn} ${f.severity} ${f.message}`;
export const sortFindings = (fs: Finding[]): Finding[] => [...fs].sort((a, b) => key(a).localeCompare(key(b)));

/** A policy the pack could not run during preview (a value it reads is unknown until `pulumi up`). */
export interface NotRun {
  policy: string;
  urn: string;
  reason: string;
}

const PREVIEW_MESSAGE = /^can't run policy '[^']*' from policy pack '[^']*' during preview: /;
const sortNotRun = (ns: NotRun[]): NotRun[] => [...ns].sort((a, b) => `${a.policy} ${a.urn} ${a.reason}`.localeCompare(`${b.policy} ${b.urn} ${b.reason}`));

/** Policy violations among streamed engine events (one JSON event per line), and the policies that could not run. */
export function findingsFromEvents(events: string): { findings: Finding[]; notRun: NotRun[] } {
  const findings: Finding[] = [];
  const notRun: NotRun[] = [];
  for (const line of events.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const event = JSON.parse(line) as { policyEvent?: PolicyEvent };
    const p = event.policyEvent;
    if (!p) continue;
    findings.push({
      policy: p.policyName,
      level: p.enforcementLevel === "warning" ? "advisory" : p.enforcementLevel,
      severity: p.severity ?? "",
      urn: p.resourceUrn ?? "",
      // @pulumi/policy puts the policy's description on the first line; the gate reports the message without it.
      message: p.message.slice(p.message.indexOf("\n") + 1).trim(),
    });
  }
  const ran = findings.filter((f) => !PREVIEW_MESSAGE.test(f.message));
  for (const f of findings) if (PREVIEW_MESSAGE.test(f.message)) notRun.push({ policy: f.policy, urn: f.urn, reason: f.message.replace(PREVIEW_MESSAGE, "").trim() });
  return { findings: sortFindings(ran), notRun: sortNotRun(notRun) };
}

/** The offline gate's verdict for the same stack, project and pack config. */
export function gateFindings(args: { stack: string; project?: string; policyPackConfig?: string; view?: "preview" | "update" }): {
  code: number;
  report?: GateReport;
  findings: Finding[];
  notRun: NotRun[];
  stderr: string;
} {
  const argv = ["-r", "ts-node/register/transpile-only", path.join(REPO, "tools/gate/main.ts"), "--stack", args.stack, "--format", "json", "--policy-pack", path.join(REPO, "policypack")];
  if (args.view) argv.push("--view", args.view);
  if (args.project) argv.push("--project", args.project);
  if (args.policyPackConfig) argv.push("--policy-pack-config", args.policyPackConfig);
  const res = spawnSync(process.execPath, argv, { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 && res.status !== 1) return { code: res.status ?? -1, findings: [], notRun: [], stderr: res.stderr };
  const report = JSON.parse(res.stdout) as GateReport;
  const findings = report.violations.map((v) => ({ policy: v.policy, level: v.level, severity: v.severity, urn: v.urn, message: v.message.trim() }));
  const notRun = report.notRun.map((n) => ({ policy: n.policy, urn: n.urn, reason: n.reason.trim() }));
  return { code: res.status, report, findings: sortFindings(findings), notRun: sortNotRun(notRun), stderr: res.stderr };
}
