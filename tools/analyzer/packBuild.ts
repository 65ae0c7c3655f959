/**
 * The policy pack ships JavaScript (`policypack/bin`, built by `npm run build:pack`, also run by
 * `npm ci` through `prepare`): the CLI then starts it without type-checking TypeScript on every
 * preview. When a source is newer than the build, rebuild before starting it (one builder at a
 * time, swapped in whole: the tests start many gate runs at once).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildOnce, newestTsMtime } from "../build/buildOnce";

/** The build's `compilerOptions.outDir` (the pack's is plain JSON), else `bin`. */
function outDirOf(buildConfig: string): string {
  try {
    const outDir: unknown = JSON.parse(fs.readFileSync(buildConfig, "utf8")).compilerOptions?.outDir;
    return typeof outDir === "string" ? outDir : "bin";
  } catch {
    return "bin";
  }
}

/** Rebuilds the pack's JavaScript if it is missing or older than its TypeScript; returns whether it built. */
export function ensurePackBuilt(packDir: string, log: (m: string) => void = () => undefined): boolean {
  const buildConfig = path.join(packDir, "tsconfig.build.json");
  if (!fs.existsSync(buildConfig)) return false;
  const main = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).main as string;
  const out = path.join(packDir, outDirOf(buildConfig));
  const entry = path.join(packDir, main);
  const skip = (p: string) => /node_modules|[/\\](bin|test)$|[/\\]bin\.(lock|tmp-\d+|old-\d+)$/.test(p);
  const isFresh = () => {
    const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
    return built >= Math.max(newestTsMtime(packDir, skip), newestTsMtime(path.join(packDir, "..", "lib", "iam"), skip));
  };
  return buildOnce(out, isFresh, (tmp) => {
    log(`building the policy pack's JavaScript (its TypeScript changed)`);
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", buildConfig, "--outDir", tmp], { stdio: "inherit" });
  });
}
