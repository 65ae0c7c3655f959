/**
 * npm run bench [-- --quick] [-- --org: only the organisation-size stack, into bench/RESULTS-org.md]
 *   [-- --pack: only the policy pack against its floor and peer, into bench/RESULTS-pack.md]
 * Measures the program under the mocks and the policy pack through its analyzer server, each
 * against its floor (and the pack against its peer, @pulumi/awsguard) in the same run, prints
 * the tables and writes bench/RESULTS.md. Every figure that matters is a ratio taken in one run.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { organisationSection } from "./orgSection";
import { measurePack, PackFigures } from "./pack";
import { ProgramSample, runProgramSample } from "./program";
import { fmt, median, ratio } from "./stats";

const ROOT = path.resolve(__dirname, "../..");
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function programSection(quick: boolean): Promise<string[]> {
  const sizes: [number, number][] = quick ? [[100, 3], [500, 3], [500, 10]] : [[100, 10], [1000, 10], [5000, 10], [1000, 3], [1000, 50]];
  const floors = new Map<number, ProgramSample>();
  const rows: string[] = [];
  const perUser: { users: number; ms: number }[] = [];
  for (const [users, accounts] of sizes) {
    log(`program: ${users} users x ${accounts} accounts`);
    const s = await runProgramSample("layout", users, accounts);
    if (!floors.has(users)) {
      log(`floor: ${users} bare aws.iam.User registrations`);
      floors.set(users, await runProgramSample("floor", users));
    }
    const f = floors.get(users)!;
    const perResourceFloor = f.registrationMs / f.resources;
    if (accounts === sizes[1][1]) perUser.push({ users, ms: s.registrationMs / users });
    rows.push(
      `| ${users} × ${accounts} | ${s.resources} | ${fmt(s.processStartupMs + s.startupMs)} | ${fmt(s.validationMs, 1)} | ${fmt(s.registrationMs)} | ${fmt(f.registrationMs)} | ${ratio(s.registrationMs, f.registrationMs)} | ${fmt(s.registrationMs / s.resources, 2)} / ${fmt(perResourceFloor, 2)} (${ratio(s.registrationMs / s.resources, perResourceFloor)}) | ${fmt(s.peakRssMb)} / ${fmt(f.peakRssMb)} |`,
    );
  }
  const flat = perUser.length > 1 ? ratio(perUser[perUser.length - 1].ms, perUser[0].ms) : "-";
  return [
    "## The program under the runtime mocks",
    "",
    "Start-up is node + ts-node + module loading; registration is the layout's components and resources until the mock monitor has answered every one. The floor is a minimal program that registers bare `aws.iam.User`s, as many as the layout has users, under the same mocks.",
    "",
    "| users × accounts | resources | start-up ms | validation ms | registration ms | floor registration ms (same users) | ratio | ms per resource: ours / floor | peak RSS MB: ours / floor |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Registration time per user from ${perUser[0]?.users} to ${perUser[perUser.length - 1]?.users} users: ${perUser.map((p) => `${fmt(p.ms, 2)} ms`).join(" → ")} (ratio ${flat}).`,
  ];
}

function packRow(p: PackFigures, floor: PackFigures, sizes: number[]): string {
  return `| ${p.name} | ${fmt(median(p.startupMs))} (${ratio(median(p.startupMs), median(floor.startupMs))}) | ${fmt(p.analyzeAll.median, 2)} (${ratio(p.analyzeAll.median, floor.analyzeAll.median)}) | ${fmt(p.analyzeAll.p99, 2)} (${ratio(p.analyzeAll.p99, p.analyzeAll.median)} of its median) | ${sizes.map((n) => `${fmt(p.analyzeStack[n])} (${ratio(p.analyzeStack[n], floor.analyzeStack[n])})`).join(" | ")} |`;
}

async function packSection(quick: boolean): Promise<string[]> {
  const opts = { startups: quick ? 2 : 5, callsPerKind: quick ? 60 : 300, stackSizes: quick ? [1000] : [1000, 10000] };
  const packs: [string, string, Record<string, unknown> | undefined][] = [
    ["floor: empty pack (one no-op policy)", path.join(ROOT, "test/fixtures/packs/noop"), undefined],
    ["iam-guardrails (prod config)", path.join(ROOT, "policypack"), JSON.parse(fs.readFileSync(path.join(ROOT, "policypack/config/prod.json"), "utf8"))],
    ["peer: @pulumi/awsguard (all mandatory)", path.join(ROOT, "bench/packs/awsguard"), undefined],
  ];
  const figures: PackFigures[] = [];
  for (const [name, dir, policyConfig] of packs) {
    log(`pack: ${name}`);
    figures.push(await measurePack(name, dir, { ...opts, policyConfig: policyConfig as never }));
  }
  const [floor, ours, peer] = figures;
  const kinds = Object.keys(ours.analyze);
  return [
    "## The policy pack through its analyzer server",
    "",
    "Started as the Pulumi CLI starts a pack (`run-policy-pack` in the pack folder; start-up is process start to port announced), then `Configure`, then `Analyze` per IAM resource and `AnalyzeStack`, over the gRPC protocol. Ratios in brackets are against the floor in the same run.",
    "",
    `| pack | start-up ms | Analyze median ms | Analyze p99 ms | ${opts.stackSizes.map((n) => `AnalyzeStack ${n} ms`).join(" | ")} |`,
    `| --- | --- | --- | --- | ${opts.stackSizes.map(() => "---").join(" | ")} |`,
    ...figures.map((p) => packRow(p, floor, opts.stackSizes)),
    "",
    `Analyze per kind, median / p99 (ms), ${opts.callsPerKind} calls each:`,
    "",
    `| kind | ${kinds.join(" | ")} |`,
    `| --- | ${kinds.map(() => "---").join(" | ")} |`,
    `| iam-guardrails | ${kinds.map((k) => `${fmt(ours.analyze[k].median, 2)} / ${fmt(ours.analyze[k].p99, 2)}`).join(" | ")} |`,
    `| floor | ${kinds.map((k) => `${fmt(floor.analyze[k].median, 2)} / ${fmt(floor.analyze[k].p99, 2)}`).join(" | ")} |`,
    `| awsguard | ${kinds.map((k) => `${fmt(peer.analyze[k].median, 2)} / ${fmt(peer.analyze[k].p99, 2)}`).join(" | ")} |`,
    "",
    `Ours against the peer: Analyze median ${ratio(ours.analyzeAll.median, peer.analyzeAll.median)}, start-up ${ratio(median(ours.startupMs), median(peer.startupMs))}.`,
  ];
}

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "ignore" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
  return performance.now() - t;
}

async function main() {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { quick: { type: "boolean" }, org: { type: "boolean" }, pack: { type: "boolean" }, out: { type: "string" } }, strict: true });
  if (values.org && values.pack) throw new Error("npm run bench: --org and --pack each run one part; give one of them");
  const quick = values.quick === true;
  const started = performance.now();
  // The peer is installed on demand into its own folder (npm run bench:peer), not by the default install.
  const moduleDir = (p: string) => (p === "@pulumi/awsguard" ? path.join(ROOT, "bench/packs/awsguard/node_modules", p) : path.join(ROOT, "node_modules", p));
  const versions = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy", "@pulumi/awsguard"].map((p) => `${p} ${JSON.parse(fs.readFileSync(path.join(moduleDir(p), "package.json"), "utf8")).version}`);
  const lines = [
    `# Benchmark results${quick ? " (--quick)" : ""}${values.org ? " (--org)" : ""}${values.pack ? " (--pack)" : ""}`,
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${fmt(os.totalmem() / 2 ** 30)} GiB; node ${process.version}; ${versions.join(", ")}; commit ${execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim()}.`,
    "Medians unless said otherwise. Generated by `npm run bench" + (quick || values.org || values.pack ? ` --${quick ? " --quick" : ""}${values.org ? " --org" : ""}${values.pack ? " --pack" : ""}` : "") + "`.",
    "",
    ...(values.org || values.pack ? [] : await programSection(quick)),
    "",
    ...(values.pack ? [] : await organisationSection(quick ? 1 : 3)),
    "",
    ...(values.org ? [] : await packSection(quick)),
  ];
  if (!quick && !values.org && !values.pack) {
    log("type-check and the whole test suite");
    const typecheck = timed(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."]);
    const tests = timed("npm", ["test"]);
    lines.push("", "## Build and tests", "", `| type-check (tsc --noEmit) | npm test (type-check + mocha) |`, "| --- | --- |", `| ${fmt(typecheck / 1000, 1)} s | ${fmt(tests / 1000, 1)} s |`);
  }
  lines.push("", `Benchmark wall time: ${fmt((performance.now() - started) / 1000, 1)} s.`);
  const text = lines.join("\n") + "\n";
  const out = values.out ?? path.join(ROOT, "bench", values.org ? "RESULTS-org.md" : values.pack ? (quick ? "RESULTS-pack-quick.md" : "RESULTS-pack.md") : quick ? "RESULTS-quick.md" : "RESULTS.md");
  fs.writeFileSync(out, text);
  process.stdout.write(text);
  log(`wrote ${path.relative(ROOT, out)}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
