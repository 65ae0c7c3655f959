/** Runs a Pulumi program for a stack under the runtime mocks, in its own process, and returns what it registered. */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensurePackageBuilt } from "../package/build";
import { ensureHarnessBuilt, HARNESS_ENTRY } from "./build";
import { RunView, StackRun } from "./types";

export interface RunOptions {
  /** `update` (default): every output known; `preview`: what the provider computes is unknown. */
  view?: RunView;
  /** The default AWS provider's account (else the stack's `aws:allowedAccountIds`/`aws:assumeRole`, else 123456789012). */
  account?: string;
}

/** The environment a program gets: ours without ts-node's settings, which are the gate's, not the program's. */
function programEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TS_NODE_")));
}

export async function runProgramUnderMocks(projectDir: string, stack: string, options: RunOptions = {}): Promise<StackRun> {
  ensureHarnessBuilt();
  ensurePackageBuilt(); // this repository's programs import it as `iam-baseline`, from dist/
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iam-baseline-run-"));
  const outFile = path.join(dir, "run.json");
  const args = [HARNESS_ENTRY, path.resolve(projectDir), stack, outFile, options.view ?? "update", ...(options.account ? [options.account] : [])];
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, args, { cwd: projectDir, maxBuffer: 64 * 1024 * 1024, env: programEnv() }, (err, _stdout, stderr) =>
        // The harness writes the run last; an exit code set after it (the SDK's promise-leak check on exit) changes nothing of it.
        err && !fs.existsSync(outFile) ? reject(new Error(`mock run of ${stack} failed: ${stderr || err.message}`)) : resolve(),
      );
    });
    return JSON.parse(fs.readFileSync(outFile, "utf8")) as StackRun;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
