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

/** Policy violations among streamed engine events (one JSON event per line). */
export function findingsFromEvents(events: string): Finding[] {
  const findings: Finding[] = [];
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
  return sortFindings(findings);
}

/** The offline gate's verdict for the same stack, project and pack config. */
export function gateFindings(args: { stack: string; project?: string; policyPackConfig?: string }): { code: number; report?: GateReport; findings: Finding[]; stderr: string } {
  const argv = ["-r", "ts-node/register/transpile-only", path.join(REPO, "tools/gate/main.ts"), "--stack", args.stack, "--format", "json", "--policy-pack", path.join(REPO, "policypack")];
  if (args.project) argv.push("--project", args.project);
  if (args.policyPackConfig) argv.push("--policy-pack-config", args.policyPackConfig);
  const res = spawnSync(process.execPath, argv, { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 && res.status !== 1) return { code: res.status ?? -1, findings: [], stderr: res.stderr };
  const report = JSON.parse(res.stdout) as GateReport;
  const findings = report.violations.map((v) => ({ policy: v.policy, level: v.level, severity: v.severity, urn: v.urn, message: v.message.trim() }));
  return { code: res.status, report, findings: sortFindings(findings), stderr: res.stderr };
}
