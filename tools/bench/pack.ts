/**
 * A policy pack through its analyzer server, started as the CLI starts it: start-up, Analyze per
 * IAM resource kind (median, p99), AnalyzeStack at sizes. The same harness and resources serve our
 * pack, the floor (a pack with one policy that does nothing) and the peer (@pulumi/awsguard).
 */
import { ensurePackBuilt } from "../analyzer/packBuild";
import { AnalyzerResourceJs, bootPolicyPack, PolicyPackConfigFile, PolicyPackServer, startPolicyPack, urnOf } from "../analyzer/client";
import { median, percentile } from "./stats";
import { BenchResource, IAM_KINDS, iamResource, iamStack } from "./synthetic";

export interface PackFigures {
  name: string;
  startupMs: number[];
  analyze: Record<string, { median: number; p99: number }>;
  analyzeAll: { median: number; p99: number };
  analyzeStack: Record<number, number>;
  violations: number;
}

const toAnalyzer = (r: BenchResource): AnalyzerResourceJs => ({ type: r.type, urn: urnOf(r.type, r.name), name: r.name, properties: r.properties });

export async function measurePack(name: string, dir: string, opts: { startups: number; callsPerKind: number; stackSizes: number[]; policyConfig?: PolicyPackConfigFile }): Promise<PackFigures> {
  // The pack's JavaScript, rebuilt when its TypeScript is newer (as the gate does): a stale build would be measured otherwise.
  ensurePackBuilt(dir);
  const startupMs: number[] = [];
  for (let i = 0; i < opts.startups; i++) {
    const p = await startPolicyPack(dir, { timeoutMs: 180_000 });
    startupMs.push(p.timings.portMs);
    await p.close();
  }
  const pack: PolicyPackServer = await bootPolicyPack(dir, { policyConfig: opts.policyConfig, timeoutMs: 180_000 });
  try {
    const analyze: PackFigures["analyze"] = {};
    const all: number[] = [];
    let violations = 0;
    for (const kind of IAM_KINDS) {
      const samples: number[] = [];
      for (let i = 0; i < opts.callsPerKind + 5; i++) {
        const r = toAnalyzer(iamResource(kind, i));
        const t = performance.now();
        violations += (await pack.analyze(r)).length;
        if (i >= 5) samples.push(performance.now() - t); // the first calls warm caches and the JIT
      }
      analyze[kind] = { median: median(samples), p99: percentile(samples, 99) };
      all.push(...samples);
    }
    const analyzeStack: Record<number, number> = {};
    for (const size of opts.stackSizes) {
      const resources = iamStack(size).map(toAnalyzer);
      const t = performance.now();
      violations += (await pack.analyzeStack(resources)).length;
      analyzeStack[size] = performance.now() - t;
    }
    return { name, startupMs, analyze, analyzeAll: { median: median(all), p99: percentile(all, 99) }, analyzeStack, violations };
  } finally {
    await pack.close();
  }
}
