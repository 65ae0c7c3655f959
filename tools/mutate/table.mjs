// The README's mutation table from a StrykerJS JSON report, one row per file and a total per folder:
// node tools/mutate/table.mjs [report.json]
// "killed of reachable" is StrykerJS's total score: (killed + timed out) / (all but static and compile errors).
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2] ?? "tools/mutate/reports/mutation.json", "utf8"));
const COLUMNS = ["Killed", "Survived", "Timeout", "NoCoverage", "Ignored"];
const count = (mutants) => Object.fromEntries(COLUMNS.map((s) => [s, mutants.filter((m) => m.status === s).length]));
const score = (c) => {
  const reachable = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  return reachable === 0 ? "n/a" : `${((100 * (c.Killed + c.Timeout)) / reachable).toFixed(1)}%`;
};
const row = (name, c) => `| ${name} | ${COLUMNS.map((s) => c[s]).join(" | ")} | ${score(c)} |`;

const byFolder = new Map();
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const folder = file.slice(0, file.lastIndexOf("/") + 1);
  if (!byFolder.has(folder)) byFolder.set(folder, []);
  byFolder.get(folder).push([file, count(mutants)]);
}
console.log("| file | killed | survived | timeout | no coverage | static (not run) | killed of reachable |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const [folder, rows] of byFolder) {
  for (const [file, c] of rows) console.log(row(`\`${file}\``, c));
  const total = Object.fromEntries(COLUMNS.map((s) => [s, rows.reduce((n, [, c]) => n + c[s], 0)]));
  console.log(row(`**${folder} total**`, total));
}
