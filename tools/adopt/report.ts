/** The adoption report: per identity what happens, as text for people and JSON for tools. */
import { AdoptionResult, AdoptStatus, IdentityReport, sortedReports } from "../../lib/adopt/plan";

const MARK: Record<AdoptStatus, string> = {
  refused: "✗",
  "adopted with in-place changes": "~",
  "adopted as is": "=",
  joined: "→",
  created: "+",
  "left alone": "·",
};

export interface AdoptReport {
  stack: string;
  snapshotFiles: string[];
  identities: IdentityReport[];
  summary: Record<AdoptStatus, number>;
  refused: boolean;
}

export function buildAdoptReport(stack: string, result: AdoptionResult): AdoptReport {
  const identities = sortedReports(result.reports);
  const summary: Record<AdoptStatus, number> = { "adopted as is": 0, "adopted with in-place changes": 0, joined: 0, created: 0, "left alone": 0, refused: 0 };
  for (const r of identities) summary[r.status]++;
  return { stack, snapshotFiles: result.snapshot.files, identities, summary, refused: summary.refused > 0 };
}

const label = (r: IdentityReport) => `${r.kind} ${r.name} in ${r.accountId}${r.key ? ` (${r.key})` : ""}`;

export function renderAdoptText(report: AdoptReport): string {
  const out = [`Adoption for stack ${report.stack}, from ${report.snapshotFiles.length} AWS CLI output(s):`, ""];
  for (const r of report.identities) {
    out.push(`  ${MARK[r.status]} ${r.status.padEnd(29)} ${label(r)}`);
    if (r.reason) out.push(`      refused: ${r.reason}`);
    for (const n of r.notes ?? []) out.push(`      note: ${n}`);
    for (const i of r.imports) out.push(`      import ${i.type} ${i.name} id=${i.id}`);
    if (r.changes.length > 0) out.push(`      ${r.status === "joined" ? "changes in place now" : "changes in place once it joins"}: ${r.changes.join("; ")}`);
    for (const k of r.kept) out.push(`      keeps ${k}`);
  }
  const s = report.summary;
  out.push(
    "",
    `${s["adopted as is"]} adopted as is, ${s["adopted with in-place changes"]} adopted with in-place changes, ${s.joined} joined, ${s.created} created, ${s["left alone"]} left alone, ${s.refused} refused.`,
    report.refused
      ? "REFUSED: the program registers nothing while any identity is refused; fix the config as each line says."
      : "Nothing is replaced and no password is reset: `pulumi up` imports what is listed and creates the rest.",
  );
  return out.join("\n");
}

export function renderAdoptJson(report: AdoptReport): string {
  return JSON.stringify(report, null, 2);
}
