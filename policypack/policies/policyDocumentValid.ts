import { ResourceValidationPolicy } from "@pulumi/policy";
import { unknownActionPatterns } from "../../lib/iam/catalog";
import { CONDITION_OPERATOR_NAMES, isKnownOperator } from "../../lib/iam/conditions";
import { ConditionTest, elementPath } from "../../lib/iam/parse";
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
          if (!isKnownOperator(c.base)) reportViolation(coded(`${at(args.name, doc.field, s)}: unknown condition operator "${c.operator}"; IAM rejects the policy. Did you mean "${nearestOperator(c)}"?`, "VALID003", doc.field, elementPath(s, "Condition", c.operator)));
        }
      }
    }
  },
};


function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The known operator nearest to a misspelt one, with its set qualifier and IfExists kept. */
function nearestOperator(c: ConditionTest): string {
  const best = CONDITION_OPERATOR_NAMES.reduce<string>((x, y) => (distance(c.base, y.toLowerCase()) < distance(c.base, x.toLowerCase()) ? y : x), CONDITION_OPERATOR_NAMES[0]);
  const prefix = c.operator.includes(":") ? c.operator.slice(0, c.operator.indexOf(":") + 1) : "";
  return `${prefix}${best}${c.ifExists ? "IfExists" : ""}`;
}
