/** The access picture as a table (text or markdown), Graphviz DOT, and SVG rendered by Graphviz compiled to WASM. */
import { AccessEdge, AccessModel } from "./model";

const COLUMNS = ["user", "via group", "role @ account", "MFA", "MFA max age", "session", "expires"];

/** 3600 -> "1 h", 5400 -> "1 h 30 min", 900 -> "15 min", 45 -> "45 s". */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h} h` : "", min ? `${min} min` : "", s || seconds === 0 ? `${s} s` : ""].filter(Boolean);
  return parts.join(" ");
}

/** `identity (111111111111)` where the config names the account, else the id. */
export function accountLabel(model: AccessModel, account: string): string {
  const name = model.accountNames[account];
  return name === undefined ? account : `${name} (${account})`;
}

function row(model: AccessModel, e: AccessEdge): string[] {
  return [
    e.user,
    e.via,
    `${e.role} @ ${accountLabel(model, e.account)}`,
    e.mfaRequired ? "required" : "NOT REQUIRED",
    e.mfaMaxAgeSeconds === undefined ? "-" : duration(e.mfaMaxAgeSeconds),
    duration(e.sessionSeconds),
    e.validUntil ?? "-",
  ];
}

const LEGEND =
  "MFA: required means every hop (the group's grant and the role's trust) demands an MFA sign-in; " +
  "MFA max age: how long after that sign-in the role can still be assumed; session: how long the role's credentials last; " +
  "expires: when a time-boxed grant stops working.";

export function renderTable(model: AccessModel): string {
  const rows = [COLUMNS, ...model.edges.map((e) => row(model, e))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(rows[0]), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}

export function renderMarkdownTable(model: AccessModel): string {
  return (
    [
      `## Who can assume what: stack \`${model.stack}\``,
      "",
      `| ${COLUMNS.join(" | ")} |`,
      `| ${COLUMNS.map(() => "---").join(" | ")} |`,
      ...model.edges.map((e) => `| ${row(model, e).join(" | ")} |`),
      "",
      `**Legend**: ${LEGEND}`,
    ].join("\n") + "\n"
  );
}

const id = (kind: string, ...parts: string[]) => JSON.stringify(`${kind}:${parts.join("@")}`);
const label = (s: string) => JSON.stringify(s);

export function renderDot(model: AccessModel): string {
  const out = [
    `digraph access {`,
    `  rankdir=LR; nodesep=0.35; ranksep=1.4; fontname="Helvetica"; node [fontname="Helvetica"]; edge [fontname="Helvetica", fontsize=11];`,
    `  label=${label(`iam-baseline access: stack ${model.stack}`)}; labelloc=t;`,
  ];
  for (const u of model.users) out.push(`  ${id("user", u)} [label=${label(u)}, shape=ellipse, style=filled, fillcolor="#dbeafe", color="#1d4ed8"];`);
  for (const g of Object.keys(model.groups).sort()) {
    out.push(`  ${id("group", g)} [label=${label(g)}, shape=box, style=filled, fillcolor="#dcfce7", color="#15803d"];`);
    for (const u of model.groups[g].sort()) out.push(`  ${id("user", u)} -> ${id("group", g)} [color="#64748b", arrowhead=none, style=dotted, tooltip="member"];`);
  }
  const accounts = [...new Set(model.roles.map((r) => r.account))];
  accounts.forEach((account, i) => {
    out.push(`  subgraph cluster_${i} { label=${label(`account ${accountLabel(model, account)}`)}; style=rounded; color="#9a3412";`);
    for (const r of model.roles.filter((x) => x.account === account)) {
      out.push(`    ${id("role", r.role, r.account)} [label=${label(r.role)}, shape=box, style="rounded,filled", fillcolor="#ffedd5", color="#c2410c"];`);
    }
    out.push("  }");
  });
  const seen = new Set<string>();
  for (const e of model.edges) {
    const from = e.via === "(own policy)" ? id("user", e.user) : id("group", e.via);
    const key = `${from}->${e.role}@${e.account}:${e.mfaRequired}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = e.mfaRequired ? `MFA${e.mfaMaxAgeSeconds ? ` ≤ ${duration(e.mfaMaxAgeSeconds)}` : ""}` : "NO MFA";
    const style = e.mfaRequired ? `color="#15803d", penwidth=1.5` : `color="#dc2626", fontcolor="#dc2626", style=dashed, penwidth=3`;
    out.push(`  ${from} -> ${id("role", e.role, e.account)} [label=${label(text)}, ${style}];`);
  }
  out.push(...legend());
  out.push("}");
  return out.join("\n") + "\n";
}

/** What the shapes, lines and colours mean, drawn with the same styles. */
function legend(): string[] {
  return [
    `  subgraph cluster_legend { label="legend"; style=dashed; color="#94a3b8"; fontsize=11;`,
    `    "legend:user" [label="user", shape=ellipse, style=filled, fillcolor="#dbeafe", color="#1d4ed8"];`,
    `    "legend:group" [label="group", shape=box, style=filled, fillcolor="#dcfce7", color="#15803d"];`,
    `    "legend:role" [label="role (in its account)", shape=box, style="rounded,filled", fillcolor="#ffedd5", color="#c2410c"];`,
    `    "legend:nomfa" [label="role reachable without MFA", shape=box, style="rounded,filled", fillcolor="#ffedd5", color="#c2410c"];`,
    `    "legend:user" -> "legend:group" [label="member of", color="#64748b", arrowhead=none, style=dotted];`,
    `    "legend:group" -> "legend:role" [label="may assume with MFA, at most this long after the MFA sign-in", color="#15803d", penwidth=1.5];`,
    `    "legend:group" -> "legend:nomfa" [label="NO MFA: may assume without MFA", color="#dc2626", fontcolor="#dc2626", style=dashed, penwidth=3];`,
    "  }",
  ];
}

export async function renderSvg(dot: string): Promise<string> {
  // @viz-js/viz: Graphviz compiled to WebAssembly, shipped inside the npm package (no download, no browser).
  const { instance } = (await import("@viz-js/viz")) as typeof import("@viz-js/viz");
  const viz = await instance();
  return viz.renderString(dot, { format: "svg" });
}
