/** Runs of `npm run gate -- ...` as a user would run it (the same entry, without npm's banner), memoised per arguments. */
import { execFile } from "child_process";
import * as path from "path";
import { GateReport } from "../../tools/gate/report";
import { PROJECT_DIR } from "./stacks";

export interface GateRun {
  code: number;
  stdout: string;
  stderr: string;
}

const runs = new Map<string, Promise<GateRun>>();

export function gate(...args: string[]): Promise<GateRun> {
  const key = JSON.stringify(args);
  if (!runs.has(key)) runs.set(key, spawnGate(args));
  return runs.get(key)!;
}

function spawnGate(args: string[]): Promise<GateRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(PROJECT_DIR, "tools/gate/main.ts"), ...args], { cwd: PROJECT_DIR, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export async function gateJson(...args: string[]): Promise<GateRun & { report: GateReport }> {
  const run = await gate(...args, "--format", "json");
  let report: GateReport;
  try {
    report = JSON.parse(run.stdout) as GateReport;
  } catch {
    throw new Error(`the gate printed no JSON (exit ${run.code}):\n${run.stderr}`);
  }
  return { ...run, report };
}

export const mandatoryPolicies = (r: GateReport): string[] => [...new Set(r.violations.filter((v) => v.level === "mandatory").map((v) => v.policy))].sort();
