/**
 * The policy pack ships JavaScript (`policypack/bin`, built by `npm run build:pack`, also run by
 * `npm ci` through `prepare`): the CLI then starts it without type-checking TypeScript on every
 * preview. When a source is newer than the build, rebuild before starting it.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

function newestMtime(dir: string, skip: (p: string) => boolean): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, skip));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Rebuilds the pack's JavaScript if it is missing or older than its TypeScript; returns whether it built. */
export function ensurePackBuilt(packDir: string, log: (m: string) => void = () => undefined): boolean {
  const buildConfig = path.join(packDir, "tsconfig.build.json");
  if (!fs.existsSync(buildConfig)) return false;
  const main = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).main as string;
  const built = fs.existsSync(path.join(packDir, main)) ? fs.statSync(path.join(packDir, main)).mtimeMs : 0;
  const skip = (p: string) => /node_modules|[/\\](bin|test)$/.test(p);
  const sources = Math.max(newestMtime(packDir, skip), newestMtime(path.join(packDir, "..", "lib", "iam"), skip));
  if (built >= sources) return false;
  log(`building the policy pack's JavaScript (its TypeScript changed)`);
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", buildConfig], { stdio: "inherit" });
  return true;
}
