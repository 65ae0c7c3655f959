// Lists the mutants of the last `npm run mutate` that no test killed, with the code they change:
// node tools/mutate/survivors.mjs [report.json]
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2] ?? "tools/mutate/reports/mutation.json", "utf8"));
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split("\n");
  for (const m of mutants) {
    if (!["Survived", "NoCoverage"].includes(m.status)) continue;
    const { start, end } = m.location;
    const original = start.line === end.line ? lines[start.line - 1].slice(start.column - 1, end.column - 1) : `${lines[start.line - 1].slice(start.column - 1)}…`;
    console.log(`${m.status} ${file}:${start.line}:${start.column} ${m.mutatorName}: ${original.slice(0, 100)} -> ${String(m.replacement).replace(/\s+/g, " ").slice(0, 100)}`);
  }
}
