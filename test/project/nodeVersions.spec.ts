import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/stacks";

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as {
  engines: { node: string };
  workspaces?: string[];
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: { node?: string } }> };
const workflow = parse(fs.readFileSync(path.join(PROJECT_DIR, ".github/workflows/iam-gate.yml"), "utf8")) as {
  jobs: Record<string, { strategy?: { matrix: Record<string, unknown[]> }; steps: { uses?: string; with?: Record<string, unknown> }[] }>;
};
const readme = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");

const major = (v: string) => Number(/(\d+)/.exec(v)![1]);
/** The lowest Node major the engines range admits (`>=22` -> 22). */
const enginesFloor = major(pkg.engines.node);

describe("the supported Node versions", function () {
  it("are the ones the tests run on: the Node binary of the node devDependency, first on npm's PATH", function () {
    assert.strictEqual(major(process.version), major(pkg.devDependencies.node), `tests run on ${process.version}`);
    assert.ok(major(process.version) >= enginesFloor, `${process.version} satisfies engines ${pkg.engines.node}`);
  });

  it("are no older than any dependency asks (engines at least the highest floor in the lockfile)", function () {
    for (const [name, entry] of Object.entries(lock.packages)) {
      const range = entry.engines?.node;
      if (!name.startsWith("node_modules/@pulumi/") || range === undefined) continue;
      const floor = /^>=\s*(\d+)/.exec(range);
      if (floor) assert.ok(enginesFloor >= Number(floor[1]), `${name} needs node ${range}; engines says ${pkg.engines.node}`);
    }
  });

  it("are the versions the users' workflow runs, and the README names them", function () {
    const versions = new Set<number>();
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@"))) {
        const v = String(step.with?.["node-version"]);
        const values = v.startsWith("${{ matrix.node") ? (job.strategy?.matrix.node ?? []).map(String) : [v];
        for (const x of values) versions.add(major(x));
      }
    }
    assert.ok(versions.has(major(process.version)), `the workflow runs the tested version (${[...versions].join(", ")})`);
    for (const v of versions) assert.ok(v >= enginesFloor, `workflow node ${v} satisfies engines ${pkg.engines.node}`);
    const stated = /Supported Node\.js versions: ([^.\n]+)/.exec(readme);
    assert.ok(stated, "the README states the supported Node versions");
    for (const v of versions) assert.match(stated![1], new RegExp(`\\b${v}\\b`), `the README names Node ${v}`);
  });
});

describe("the default install", function () {
  it("leaves the benchmark's peer pack out: installed on demand by npm run bench", function () {
    assert.ok(!(pkg.workspaces ?? []).some((w) => w.startsWith("bench/")), "no benchmark workspace");
    assert.deepStrictEqual(Object.keys(lock.packages).filter((p) => /(^|\/)(@pulumi\/awsguard|aws-sdk)$/.test(p)), []);
    assert.match(pkg.scripts.bench, /npm run -s bench:peer/);
    assert.match(pkg.scripts["bench:peer"], /--prefix bench\/packs\/awsguard/);
  });
});
