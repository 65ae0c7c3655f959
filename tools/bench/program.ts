/** The program under the runtime mocks at organisation sizes, against the floor of bare registrations. */
import { execFile } from "child_process";
import * as path from "path";

export interface ProgramSample {
  mode: "layout" | "floor" | "org";
  users: number;
  accounts: number;
  resources: number;
  processStartupMs: number;
  startupMs: number;
  validationMs: number;
  registrationMs: number;
  totalMs: number;
  peakRssMb: number;
}

const CHILD = path.join(__dirname, "programChild.ts");

export function runProgramSample(mode: "layout" | "floor" | "org", users: number, accounts = 1): Promise<ProgramSample> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", CHILD, mode, String(users), String(accounts)], { maxBuffer: 1 << 20, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${mode} ${users}x${accounts}: ${stderr || err.message}`)) : resolve(JSON.parse(stdout.trim().split("\n").pop()!) as ProgramSample),
    ),
  );
}
