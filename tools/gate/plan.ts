/** The resource plan as a tree, like `pulumi preview`: type, name and the account each resource lands in. */
import { providerAccount } from "../../policypack/lib/accessGraph";
import { explicitProvider } from "../stack/providers";
import { RecordedResource, StackRun } from "../stack/types";

export interface PlanLine {
  depth: number;
  type: string;
  name: string;
  account: string;
  /** `+` create, `=` import (adopt an existing resource) */
  op: "+" | "=";
  remote: boolean;
}

function accountOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): string {
  if (!r.provider && Object.keys(r.providers).length === 0) return r.custom ? "default provider" : "";
  const provider = explicitProvider(r, byUrn, true);
  return (provider && providerAccount({ urn: provider.urn, props: provider.inputs })) ?? "explicit provider";
}

export function planLines(run: StackRun): PlanLine[] {
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const children = new Map<string, RecordedResource[]>();
  for (const r of run.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const lines: PlanLine[] = [];
  const walk = (parent: string, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      lines.push({ depth, type: r.type, name: r.name, account: accountOf(r, byUrn), op: r.importId ? "=" : "+", remote: r.remote === true });
      walk(r.urn, depth + 1);
    }
  };
  walk("", 0);
  return lines;
}

export function renderPlan(run: StackRun): string {
  const lines = planLines(run);
  const width = Math.max(...lines.map((l) => l.depth * 2 + l.type.length), 10);
  const view = run.view === "preview" ? "as `pulumi preview` shows it: what the provider computes is unknown" : "as `pulumi up` would leave it: every output known";
  const out = [`Plan for stack ${run.stack} (${run.resources.length} resources, offline under the Pulumi mocks, ${view}):`];
  if (run.defaultAccount) out.push(`Default provider account: ${run.defaultAccount.id} (${run.defaultAccount.source})`);
  out.push("");
  out.push(`     ${"Type".padEnd(width)}  ${"Name".padEnd(36)}  Account`);
  for (const l of lines) out.push(`  ${l.op}  ${(" ".repeat(l.depth * 2) + l.type).padEnd(width)}  ${l.name.padEnd(36)}  ${l.account}${l.remote ? "  (multi-language component: insides not seen)" : ""}`);
  return out.join("\n");
}
