/**
 * The repository's own program and examples import the components as `iam-baseline`, the way a
 * user does: Node resolves that through the `exports` map of package.json to the compiled
 * `dist/` (built by `npm ci` through `prepare`, and by `npm test`). When a source is newer than
 * the build, rebuild it before a program runs, so that an edit is never run stale.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildOnce, newestTsMtime } from "../build/buildOnce";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const SOURCES: string[] = ["api.ts", "components", "config", "lib"];

function isFresh(root: string): boolean {
  const built = path.join(root, "dist", "api.js");
  if (!fs.existsSync(built)) return false;
  return fs.statSync(built).mtimeMs >= Math.max(...SOURCES.map((s) => newestTsMtime(path.join(root, s))));
}

/** Rebuilds `dist/` if it is missing or older than its TypeScript; returns whether it built. */
export function ensurePackageBuilt(root: string = REPO_ROOT, log: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): boolean {
  return buildOnce(path.join(root, "dist"), () => isFresh(root), (tmp) => {
    log("building the iam-baseline package (dist/): its TypeScript changed");
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json"), "--outDir", tmp], { stdio: "inherit" });
  });
}
