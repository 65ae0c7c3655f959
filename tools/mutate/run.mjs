// npm run mutate [-- <stryker options>]: StrykerJS over lib/iam and policypack/policies.
// StrykerJS 10 needs Node 22 (the project's `node` devDependency) and weighs about 250 MB, so it is
// not a dependency of the project: it is installed on demand here (tools/mutate/package-lock.json)
// and run with mocha12.cjs, which lets its mocha runner load mocha 12.
// Examples: npm run mutate -- --mutate lib/iam/breadth.ts --concurrency 2
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const stryker = join(here, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
const node22 = join(root, "node_modules", ".bin", process.platform === "win32" ? "node.cmd" : "node");

if (!existsSync(node22)) {
  console.error("Node 22 not found in node_modules/.bin: run npm ci first.");
  process.exit(2);
}
if (!existsSync(stryker)) {
  console.log(`installing StrykerJS into ${relative(root, here)}/node_modules (once)...`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--prefix", here], { stdio: "inherit", cwd: root });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const nodeOptions = [process.env.NODE_OPTIONS, `--require ${join(here, "mocha12.cjs")}`].filter(Boolean).join(" ");
const run = spawnSync(node22, [stryker, "run", join(relative(root, here), "stryker.config.json"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: root,
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
process.exit(run.status ?? 1);
