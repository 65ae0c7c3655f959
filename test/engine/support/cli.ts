/**
 * Runs the real `pulumi` CLI for the engine tests: a temporary `file://` backend and PULUMI_HOME,
 * a passphrase secrets provider, and the AWS stand-in provider first on PATH. Each project is
 * staged in the temporary folder (its files linked, its stack file copied) so that `pulumi stack
 * init` and `pulumi config set` never touch the repository's own `Pulumi.<stack>.yaml`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "../../..");
/** This project's policy pack, as `--policy-pack` takes it. */
export const PACK = path.join(REPO, "policypack");
/** `--policy-pack` and `--policy-pack-config` of a stack's own pack config (`policypack/config/<stack>.json`). */
export const packArgs = (stack: string): string[] => ["--policy-pack", PACK, "--policy-pack-config", path.join(PACK, `config/${stack}.json`)];
export const STAND_IN_BIN = path.join(REPO, "test/engine/awsStandIn/bin");
const PASSPHRASE = "engine-test-passphrase";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The `pulumi` on PATH, or a clear failure saying how to get one. */
export function findPulumi(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "pulumi");
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error("npm run test:engine needs `pulumi` on PATH: build one with tools/pulumi-cli/build.sh (it prints the folder to put on PATH), as .ci/run does");
}

export class EngineWorkspace {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-baseline-engine-"));
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly pulumi = findPulumi()) {
    const state = path.join(this.root, "state");
    fs.mkdirSync(state);
    this.env = {
      ...process.env,
      PATH: [STAND_IN_BIN, path.dirname(pulumi), process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(this.root, "home"),
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
    };
    delete this.env.PULUMI_IGNORE_AMBIENT_PLUGINS;
    delete this.env.PULUMI_ACCESS_TOKEN;
  }

  /**
   * Stages `projectDir` under the workspace as project `<name>`: every entry linked except stack
   * files, `stackFile` copied in as `Pulumi.<stack>.yaml`, then `pulumi stack init <stack>`.
   */
  stage(projectDir: string, stackFile: string, stack: string): string {
    const dir = path.join(this.root, "projects", `${path.basename(projectDir)}-${stack}`);
    fs.mkdirSync(dir, { recursive: true });
    for (const entry of fs.readdirSync(projectDir)) {
      if (/^Pulumi\..+\.yaml$/.test(entry) || entry === ".git" || entry === ".pulumi") continue;
      fs.symlinkSync(path.join(projectDir, entry), path.join(dir, entry));
    }
    if (!fs.existsSync(path.join(dir, "node_modules"))) fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    fs.copyFileSync(stackFile, path.join(dir, `Pulumi.${stack}.yaml`));
    this.ok(dir, ["stack", "init", stack]);
    return dir;
  }

  run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
    const res = spawnSync(this.pulumi, [...args, "--non-interactive"], { cwd, env: { ...this.env, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (res.error) throw res.error;
    return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
  }

  /** `pulumi preview --json` streaming engine events, one JSON object a line, on stdout. */
  previewEvents(cwd: string, args: string[]): CliResult {
    return this.run(cwd, ["preview", "--json", ...args], { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
  }

  /** Runs and fails with the CLI's output unless it exits 0. */
  ok(cwd: string, args: string[]): CliResult {
    const res = this.run(cwd, args);
    if (res.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${res.code}\n${res.stdout}\n${res.stderr}`);
    return res;
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
