/** Runs a Pulumi program for a stack under the runtime mocks, in its own process, and returns what it registered. */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensurePackageBuilt } from "./packageBuild";
import { StackRun } from "./types";

const ENTRY = path.join(__dirname, "mockProgram.ts");
// From this repository, not from the program's folder: a program elsewhere need not have ts-node.
const TS_NODE = require.resolve("ts-node/register/transpile-only");

export async function runProgramUnderMocks(projectDir: string, stack: string): Promise<StackRun> {
  ensurePackageBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iam-baseline-run-"));
  const outFile = path.join(dir, "run.json");
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ["-r", TS_NODE, ENTRY, projectDir, stack, outFile],
        { cwd: projectDir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" } },
        (err, _stdout, stderr) => (err ? reject(new Error(`mock run of ${stack} failed: ${stderr || err.message}`)) : resolve()),
      );
    });
    return JSON.parse(fs.readFileSync(outFile, "utf8")) as StackRun;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
