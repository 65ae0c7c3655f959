/**
 * Builds compiled output that several processes may need at once (the tests start many gate runs
 * and programs together): one builder at a time, behind a lock folder (mkdir is atomic); the
 * others wait and then find the build fresh. The output is compiled aside and swapped in whole, so
 * a process starting meanwhile loads the old build or the new one, never half of each.
 */
import * as fs from "fs";
import * as path from "path";

const LOCK_WAIT_MS = 180_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Unless `isFresh()`, runs `compile(tmpDir)` and swaps `tmpDir` in as `outDir`; returns whether it
 * built. `outDir`'s siblings `<name>.lock`, `<name>.tmp-<pid>` and `<name>.old-<pid>` are used.
 */
export function buildOnce(outDir: string, isFresh: () => boolean, compile: (tmpDir: string) => void): boolean {
  if (isFresh()) return false;
  const lock = `${outDir}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is still held after ${LOCK_WAIT_MS / 60_000} minutes: remove it if no build is running`);
      sleep(200);
    }
  }
  try {
    if (isFresh()) return false;
    const tmp = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    compile(tmp);
    const old = `${outDir}.old-${process.pid}`;
    if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
    fs.renameSync(tmp, outDir);
    fs.rmSync(old, { recursive: true, force: true });
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The newest modification time of the `.ts` files at `p` (a file or a folder), except where `skip` says. */
export function newestTsMtime(p: string, skip: (p: string) => boolean = () => false): number {
  if (!fs.existsSync(p) || skip(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return p.endsWith(".ts") ? stat.mtimeMs : 0;
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestTsMtime(path.join(p, e), skip)));
}
