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
  if (c.base === "null" && c.ifExists) return `IAM takes no IfExists on Null and rejects the policy. Use "${qualifierOf(c)}Null" alone.`;
  return `IAM rejects the policy. Did you mean "${nearestOperator(c)}"?`;
}

/** "ForAllValues:" or "ForAnyValue:" as written, or "". */
const qualifierOf = (c: ConditionTest) => c.operator.slice(0, c.operator.indexOf(":") + 1);

/** The known operator nearest to a misspelt one (IfExists compared as written), with its set qualifier kept. */
function nearestOperator(c: ConditionTest): string {
  const written = `${c.base}${c.ifExists ? "ifexists" : ""}`;
  const distance = (name: string) => levenshtein(written, name.toLowerCase());
  const best = WRITTEN_OPERATORS.reduce((x, y) => (distance(y) < distance(x) ? y : x));
  return `${qualifierOf(c)}${best}`;
}
