/**
 * The Python side of the engine tests: a virtualenv with the Pulumi Python SDK and `pulumi_aws`
 * (what the generated iam-baseline SDK imports), installed once from PyPI into the git-ignored
 * `tools/pulumi-cli/bin/python-sdk/` and reused while its pinned versions do not change, and a
 * project's own virtualenv that sees it through a `.pth` file (so `pulumi package add` installs the
 * generated SDK into the project's virtualenv, not the shared one).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./cli";

/** `pulumi` 3.272.0 is the newest Python SDK on PyPI; `pulumi_aws` matches the npm `@pulumi/aws`. */
export const PYTHON_REQUIREMENTS = ["pulumi==3.272.0", "pulumi_aws==7.48.0"];
const SHARED = path.join(REPO, "tools/pulumi-cli/bin/python-sdk");

function run(command: string, args: string[], cwd?: string): string {
  const res = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw new Error(`${command} ${args.join(" ")}: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${res.status}\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

function python3(): string {
  const res = spawnSync("python3", ["-c", "import sys; print(sys.version_info >= (3, 9))"], { encoding: "utf8" });
  if (res.error || res.stdout.trim() !== "True") {
    throw new Error("the Python engine test needs python3 (3.9 or newer, with the venv module) on PATH");
  }
  return "python3";
}

function sitePackages(venv: string): string {
  return run(path.join(venv, "bin/python"), ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).trim();
}

/** The shared virtualenv's site-packages, created (about a minute, from PyPI) when missing or stale. */
export function sharedPythonSdk(): string {
  const stamp = path.join(SHARED, "requirements.txt");
  const wanted = PYTHON_REQUIREMENTS.join("\n") + "\n";
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== wanted) {
    fs.rmSync(SHARED, { recursive: true, force: true });
    run(python3(), ["-m", "venv", SHARED]);
    run(path.join(SHARED, "bin/python"), ["-m", "pip", "install", "--quiet", ...PYTHON_REQUIREMENTS]);
    fs.writeFileSync(stamp, wanted);
  }
  return sitePackages(SHARED);
}

/** Creates `<project>/venv`, with the shared SDKs visible to it, as the project's virtualenv. */
export function projectVenv(project: string): string {
  const shared = sharedPythonSdk();
  const venv = path.join(project, "venv");
  run(python3(), ["-m", "venv", venv]);
  fs.writeFileSync(path.join(sitePackages(venv), "iam-baseline-engine-tests.pth"), shared + "\n");
  return venv;
}
