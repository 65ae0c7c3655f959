/**
 * `aws.iam.getPolicyDocument`, rendered as the AWS provider renders it (its
 * `aws_iam_policy_document` data source): Version (default 2012-10-17), Id, then each statement
 * with Sid, Effect (default Allow), Action, NotAction, Resource, NotResource, Principal,
 * NotPrincipal, Condition in that order; a list of one value becomes a string; actions,
 * resources and principal identifiers are sorted in reverse (the provider's set order);
 * condition values keep their order; `&{var}` becomes `${var}`; source documents are merged
 * first and override documents last, by Sid; `json` is indented by two spaces and `minifiedJson`
 * is compact, both with Go's HTML-safe escaping; `id` is the CRC-32 of `json`.
 */
import * as zlib from "zlib";

type Json = string | string[];

export interface PolicyDocumentArgs {
  version?: string;
  policyId?: string;
  statements?: StatementArgs[];
  sourcePolicyDocuments?: string[];
  overridePolicyDocuments?: string[];
}

interface StatementArgs {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  notPrincipals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Principal?: "*" | Record<string, Json>;
  NotPrincipal?: "*" | Record<string, Json>;
  Condition?: Record<string, Record<string, Json>>;
}

interface Doc {
  Version?: string;
  Id?: string;
  Statement?: Statement[];
}

export class PolicyDocumentError extends Error {}

const replaceVars = (s: string) => s.replace(/&\{/g, "${");

/** One value -> the value; several -> sorted in reverse (Go's sort.Reverse on the set). */
function decodeList(values: readonly string[]): Json {
  if (values.length === 1) return values[0];
  return [...values].sort().reverse();
}

function principals(list: StatementArgs["principals"], version: string): Statement["Principal"] {
  if (!list || list.length === 0) return undefined;
  const items = list.map((p) => ({ type: p.type, ids: decodeList((p.identifiers ?? []).map((i) => checkVars(i, version))) }));
  if (items.length === 1 && items[0].type === "*" && (items[0].ids === "*" || (Array.isArray(items[0].ids) && items[0].ids.length === 1 && items[0].ids[0] === "*"))) return "*";
  const raw: Record<string, Json> = {};
  for (const { type, ids } of items) {
    const prev = raw[type];
    if (prev === undefined) raw[type] = ids;
    else raw[type] = [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(ids) ? ids : [ids])];
  }
  return sortKeys(raw);
}

function conditions(list: StatementArgs["conditions"], version: string): Statement["Condition"] {
  if (!list || list.length === 0) return undefined;
  const raw: Record<string, Record<string, string[]>> = {};
  for (const c of list) {
    raw[c.test] ??= {};
    raw[c.test][c.variable] = [...(raw[c.test][c.variable] ?? []), ...(c.values ?? []).map((v) => checkVars(v, version))];
  }
  const out: Record<string, Record<string, Json>> = {};
  for (const test of Object.keys(raw).sort()) {
    out[test] = {};
    for (const variable of Object.keys(raw[test]).sort()) {
      const values = raw[test][variable];
      out[test][variable] = values.length === 1 ? values[0] : values;
    }
  }
  return out;
}

function checkVars(s: string, version: string): string {
  if (version === "2008-10-17" && s.includes("&{")) throw new PolicyDocumentError(`found &{ sequence in (${s}), which is not supported in document version 2008-10-17`);
  return replaceVars(s);
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

function statement(s: StatementArgs, version: string): Statement {
  const out: Statement = {};
  if (s.sid) out.Sid = s.sid;
  out.Effect = s.effect ?? "Allow";
  if (s.actions?.length) out.Action = decodeList(s.actions);
  if (s.notActions?.length) out.NotAction = decodeList(s.notActions);
  if (s.resources?.length) out.Resource = decodeList(s.resources.map((r) => checkVars(r, version)));
  if (s.notResources?.length) out.NotResource = decodeList(s.notResources.map((r) => checkVars(r, version)));
  const p = principals(s.principals, version);
  if (p) out.Principal = p;
  const np = principals(s.notPrincipals, version);
  if (np) out.NotPrincipal = np;
  const c = conditions(s.conditions, version);
  if (c) out.Condition = c;
  return out;
}

/** A JSON document read back into the provider's model (its field order). */
function parseDoc(text: string, what: string): Doc {
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new PolicyDocumentError(`writing IAM Policy Document: merging ${what}: ${(err as Error).message}`);
  }
  const stmts = Array.isArray(d.Statement) ? d.Statement : d.Statement ? [d.Statement] : [];
  const order: (keyof Statement)[] = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];
  return {
    Version: typeof d.Version === "string" ? d.Version : undefined,
    Id: typeof d.Id === "string" ? d.Id : undefined,
    Statement: stmts.map((s: Record<string, unknown>) => Object.fromEntries(order.filter((k) => s[k] !== undefined && s[k] !== "").map((k) => [k, s[k]])) as Statement),
  };
}

function merge(into: Doc, doc: Doc): void {
  if (doc.Id) into.Id = doc.Id;
  if ((doc.Version ?? "") > (into.Version ?? "")) into.Version = doc.Version;
  const list = (into.Statement ??= []);
  for (const s of doc.Statement ?? []) {
    const at = s.Sid ? list.findIndex((x) => x.Sid === s.Sid) : -1;
    if (at >= 0) list[at] = s;
    else list.push(s);
  }
}

/** Go's encoding/json escapes <, >, & and the two JavaScript line separators. */
function goJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function renderPolicyDocument(args: PolicyDocumentArgs): { id: string; json: string; minifiedJson: string; version: string } {
  const merged: Doc = {};
  const sids = new Set<string>();
  (args.sourcePolicyDocuments ?? []).forEach((text, i) => {
    if (text == null) return;
    const doc = parseDoc(text, `source document ${i}`);
    doc.Statement?.forEach((s, j) => {
      if (!s.Sid) return;
      if (sids.has(s.Sid)) throw new PolicyDocumentError(`writing IAM Policy Document: merging source document ${i}: duplicate Sid (${s.Sid}) in source_policy_documents (statement ${j}). Remove the Sid or ensure Sids are unique.`);
      sids.add(s.Sid);
    });
    merge(merged, doc);
  });
  const version = args.version ?? "2012-10-17";
  const own: Doc = { Version: version };
  if (args.policyId) own.Id = args.policyId;
  if (args.statements?.length) {
    const seen = new Set<string>();
    own.Statement = args.statements.map((s) => {
      if (s.sid) {
        if (seen.has(s.sid)) throw new PolicyDocumentError(`writing IAM Policy Document: duplicate Sid (${s.sid}). Remove the Sid or ensure the Sid is unique.`);
        seen.add(s.sid);
      }
      return statement(s, version);
    });
  }
  merge(merged, own);
  (args.overridePolicyDocuments ?? []).forEach((text, i) => text != null && merge(merged, parseDoc(text, `override document ${i}`)));
  const doc: Doc = {};
  if (merged.Version) doc.Version = merged.Version;
  if (merged.Id) doc.Id = merged.Id;
  if (merged.Statement?.length) doc.Statement = merged.Statement;
  const json = goJson(doc, 2);
  return { id: String(zlib.crc32(json)), json, minifiedJson: goJson(doc), version: doc.Version ?? version };
}
