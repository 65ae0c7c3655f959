/** Sends what a program registered (under the mocks) through a policy pack's analyzer server, as the CLI does. */
import { explicitProvider } from "../stack/providers";
import { RecordedResource, StackRun } from "../stack/types";
import { AnalyzerResourceJs, PolicyPackServer, ViolationJs } from "./client";

/** gRPC Structs reject undefined: drop it. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, clean(x)]));
  return v;
}

/**
 * The CLI sends each resource with its provider (type, urn, inputs); explicit providers are
 * resolved here. `Analyze` gets the checked inputs, `AnalyzeStack` the state (`outputs`), in which
 * what the provider computes is unknown at preview.
 */
export function toAnalyzerResource(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>, as: "inputs" | "state" = "inputs"): AnalyzerResourceJs {
  const p = explicitProvider(r, byUrn);
  const properties = as === "state" ? (r.outputs ?? r.checked ?? r.inputs) : (r.checked ?? r.inputs);
  return {
    type: r.type,
    urn: r.urn,
    name: r.name,
    properties: clean(properties) as Record<string, unknown>,
    parent: r.parent || undefined,
    dependencies: r.dependencies,
    ...(r.propertyDependencies && Object.keys(r.propertyDependencies).length > 0 ? { propertyDependencies: r.propertyDependencies } : {}),
    provider: p ? { type: p.type, urn: p.urn, name: p.name, properties: clean(p.inputs) as Record<string, unknown> } : undefined,
  };
}

export async function analyzeRun(server: PolicyPackServer, run: StackRun): Promise<ViolationJs[]> {
  const violations: ViolationJs[] = [];
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  for (const r of run.resources) violations.push(...(await server.analyze(toAnalyzerResource(r, byUrn))));
  violations.push(...(await server.analyzeStack(run.resources.map((r) => toAnalyzerResource(r, byUrn, "state")))));
  return violations;
}
