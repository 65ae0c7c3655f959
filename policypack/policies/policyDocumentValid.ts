import { ResourceValidationPolicy } from "@pulumi/policy";
import { unknownActionPatterns } from "../../lib/iam/catalog";
import { CONDITION_OPERATOR_NAMES, isKnownOperator } from "../../lib/iam/conditions";
import { ConditionTest, elementPath } from "../../lib/iam/parse";
import { levenshtein } from "../../lib/similar";
import { parsed } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { at, coded } from "../lib/format";

export const policyDocumentValid: ResourceValidationPolicy = {
  name: "iam-policy-document-valid",
  description: "IAM documents are well formed: valid JSON, known elements, real services and actions, known condition operators.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Fix the document as the message says; actions are checked against the AWS Service Authorization Reference.",
  validateResource: async (args, reportViolation) => {
    for (const doc of documentsOf(args.type, args.props)) {
      const result = parsed(doc);
      for (const e of result.errors) reportViolation(coded(`${at(args.name, doc.field)}: ${e}.`, "VALID001", doc.field));
      for (const s of result.document?.statements ?? []) {
        for (const p of await unknownActionPatterns([...(s.action ?? []), ...(s.notAction ?? [])])) {
          reportViolation(coded(`${at(args.name, doc.field, s)}: action "${p.pattern}" ${p.problem}. Check its spelling.`, "VALID002", doc.field, elementPath(s, s.action?.includes(p.pattern) ? "Action" : "NotAction", p.pattern)));
        }
        for (const c of s.conditions.filter((t, i, all) => all.findIndex((u) => u.operator === t.operator) === i)) {
          if (!isKnownOperator(c.base, c.ifExists)) reportViolation(coded(`${at(args.name, doc.field, s)}: unknown condition operator "${c.operator}"; ${unknownOperatorAdvice(c)}`, "VALID003", doc.field, elementPath(s, "Condition", c.operator)));
        }
      }
    }
  },
};


/** Every operator IAM knows as written: each name and, but for Null, its IfExists form. */
const WRITTEN_OPERATORS: readonly string[] = CONDITION_OPERATOR_NAMES.flatMap((n) => (n === "Null" ? [n] : [n, `${n}IfExists`]));

/** What to write instead of an unknown operator: Null without IfExists, else the nearest known name. */
function unknownOperatorAdvice(c: ConditionTest): string {
  const { qualifier, base } = qualifierAndBase(c);
  if (base === "null" && c.ifExists) return `IAM takes no IfExists on Null and rejects the policy. Use "${qualifier}Null" alone.`;
  return `IAM rejects the policy. Did you mean "${qualifier}${nearest(`${base}${c.ifExists ? "ifexists" : ""}`, WRITTEN_OPERATORS)}"?`;
}

const QUALIFIERS: readonly string[] = ["ForAnyValue", "ForAllValues"];

/** The name of `names` nearest to `written` (lower case), the first of equals. */
function nearest(written: string, names: readonly string[]): string {
  const distance = (name: string) => levenshtein(written, name.toLowerCase());
  return names.reduce((x, y) => (distance(y) < distance(x) ? y : x));
}

/**
 * The set qualifier ("ForAllValues:", "ForAnyValue:" as written, or "") and the operator's base.
 * A misspelt qualifier (`ForAnyValues:`) is not taken apart by the parser: it is corrected to the
 * nearest one, and the base is what follows it.
 */
function qualifierAndBase(c: ConditionTest): { qualifier: string; base: string } {
  if (c.qualifier) return { qualifier: c.operator.slice(0, c.operator.indexOf(":") + 1), base: c.base };
  const colon = c.base.indexOf(":");
  // No colon, or a stray one in front (`:StringEquals`): no qualifier was meant.
  if (colon <= 0) return { qualifier: "", base: c.base };
  return { qualifier: `${nearest(c.base.slice(0, colon), QUALIFIERS)}:`, base: c.base.slice(colon + 1) };
}
