import * as fs from "fs";
import * as path from "path";
import { measurePack } from "./pack";
const ROOT = "/work/wt-12b";
(async () => {
  const opts = { startups: 2, callsPerKind: 300, stackSizes: [1000, 10000] };
  const prod = JSON.parse(fs.readFileSync(path.join(ROOT, "policypack/config/prod.json"), "utf8"));
  const out: Record<string, unknown>[] = [];
  for (const round of [1, 2]) {
    const floor = await measurePack("floor", path.join(ROOT, "test/fixtures/packs/noop"), opts);
    const ours = await measurePack("ours", path.join(ROOT, "policypack"), { ...opts, policyConfig: prod });
    const r = {
      round,
      analyzeMedian: [floor.analyzeAll.median, ours.analyzeAll.median, ours.analyzeAll.median / floor.analyzeAll.median],
      analyzeP99: [floor.analyzeAll.p99, ours.analyzeAll.p99],
      perKind: Object.fromEntries(Object.keys(ours.analyze).map((k) => [k, [floor.analyze[k].median, ours.analyze[k].median, ours.analyze[k].median / floor.analyze[k].median]])),
      stack: Object.fromEntries(opts.stackSizes.map((n) => [n, [floor.analyzeStack[n], ours.analyzeStack[n], ours.analyzeStack[n] / floor.analyzeStack[n]]])),
      violations: ours.violations,
    };
    console.log(JSON.stringify(r));
    out.push(r);
  }
  fs.writeFileSync("/tmp/12b-bench/result.json", JSON.stringify(out, null, 1));
})();
