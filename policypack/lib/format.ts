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
