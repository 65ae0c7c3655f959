/** Messages name the resource, the document, the statement and the fix. */
import { NormalStatement } from "../../lib/iam/parse";
import { wildcardMatch } from "../../lib/iam/wildcard";

export function at(name: string, field: string, statement?: NormalStatement): string {
  return statement ? `${name} ${field} ${statement.label}` : `${name} ${field}`;
}

/** Resource name and type patterns (`break-glass*`) against a role's IAM name or Pulumi name. */
export function matchesAny(patterns: readonly string[] | undefined, ...values: unknown[]): boolean {
  const strings = values.filter((v): v is string => typeof v === "string");
  return (patterns ?? []).some((p) => strings.some((s) => wildcardMatch(p, s)));
}

/**
 * A finding a team can act on: where (resource, document field, statement and the JSON path of
 * the element inside the document, as IAM Access Analyzer reports locations), what is wrong, the
 * fix, and a stable code to search, suppress or track it by. The message keeps this order:
 * `<resource> <field> <statement> <problem>. <fix> [<code> at <field>:<json path>]`.
 */
export interface Finding {
  /** Stable, never reused: `MFA001`. */
  code: string;
  resource: string;
  field: string;
  statement?: NormalStatement;
  /** JSON path inside the document (`elementPath`), default the statement's. */
  location?: string;
  problem: string;
  fix: string;
}

export function findingMessage(f: Finding): string {
  const location = f.location ?? f.statement?.path ?? "$";
  const where = f.statement ? at(f.resource, f.field, f.statement) : at(f.resource, f.field);
  return `${where} ${f.problem}. ${f.fix} [${f.code} at ${f.field}:${location}]`;
}

/** The code and location suffix for a finding on a property rather than inside a document: `[DIRECT001 at users:$]`. */
export function coded(message: string, code: string, field: string, location = "$"): string {
  return `${message} [${code} at ${field}:${location}]`;
}
