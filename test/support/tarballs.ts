/**
 * The two publishable artifacts as a user gets them: `npm pack` tarballs, unpacked or installed
 * into empty folders outside the repository. Packed once per test process.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "./stacks";

export const PACK_SOURCE_DIR = path.join(PROJECT_DIR, "policypack");

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

async function mustRun(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await run(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `iam-baseline-${prefix}-`));
}

const packed = new Map<string, Promise<string>>();

/** `npm pack` of a package folder (its prepack/prepare build runs first); returns the tarball path. */
export function npmPack(packageDir: string): Promise<string> {
  if (!packed.has(packageDir)) {
    packed.set(
      packageDir,
      (async () => {
        const out = tempDir("tarball");
        const stdout = await mustRun("npm", ["pack", "--silent", "--pack-destination", out], packageDir);
        const file = stdout.trim().split("\n").pop()!.trim();
        return path.join(out, file);
      })(),
    );
  }
  return packed.get(packageDir)!;
}

/** The files of a tarball, without the leading `package/`. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  return (await mustRun("tar", ["tzf", tarball], path.dirname(tarball)))
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
}

/** Unpacks a tarball into an empty folder and installs only its declared dependencies, as the CLI does for a pack. */
export async function unpackAndInstall(tarball: string): Promise<string> {
  const dir = tempDir("unpacked");
  await mustRun("tar", ["xzf", tarball, "-C", dir, "--strip-components=1"], dir);
  await mustRun("npm", ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], dir);
  return dir;
}

export { mustRun };
