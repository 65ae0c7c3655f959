/**
 * The repository's own program and examples import the components as `iam-baseline`, the way a
 * user does: Node resolves that through the `exports` map of package.json to the compiled
 * `dist/` (built by `npm ci` through `prepare`, and by `npm test`). When a source is newer than
 * the build, rebuild it before a program runs, so that an edit is never run stale.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const SOURCES: string[] = ["api.ts", "components", "config", "lib"];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return p.endsWith(".ts") ? stat.mtimeMs : 0;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isFresh(root: string): boolean {
  const built = path.join(root, "dist", "api.js");
  if (!fs.existsSync(built)) return false;
  return fs.statSync(built).mtimeMs >= Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
}

/** Rebuilds `dist/` if it is missing or older than its TypeScript; returns whether it built. */
export function ensurePackageBuilt(root: string = REPO_ROOT, log: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): boolean {
  if (isFresh(root)) return false;
  // One builder at a time (tests start several programs at once); the others wait for it.
  const lock = path.join(root, "dist.lock");
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is still held after 3 minutes: remove it if no build is running`);
      sleep(200);
    }
  }
  try {
    if (isFresh(root)) return false;
    log("building the iam-baseline package (dist/): its TypeScript changed");
    const tmp = path.join(root, `dist.tmp-${process.pid}`);
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json"), "--outDir", tmp], { stdio: "inherit" });
    // Swap in whole, so that a program starting meanwhile sees the old build or the new one.
    const old = path.join(root, `dist.old-${process.pid}`);
    if (fs.existsSync(path.join(root, "dist"))) fs.renameSync(path.join(root, "dist"), old);
    fs.renameSync(tmp, path.join(root, "dist"));
    fs.rmSync(old, { recursive: true, force: true });
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
