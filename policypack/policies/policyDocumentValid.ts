import { ResourceValidationPolicy } from "@pulumi/policy";
import { unknownActionPatterns } from "../../lib/iam/catalog";
import { isKnownOperator } from "../../lib/iam/conditions";
import { parsed } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { at } from "../lib/format";

export const policyDocumentValid: ResourceValidationPolicy = {
  name: "iam-policy-document-valid",
  description: "IAM documents are well formed: valid JSON, known elements, real services and actions, known condition operators.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Fix the document as the message says; actions are checked against the AWS Service Authorization Reference.",
  validateResource: async (args, reportViolation) => {
    for (const doc of documentsOf(args.type, args.props)) {
      const result = parsed(doc);
      for (const e of result.errors) reportViolation(`${at(args.name, doc.field)}: ${e}.`);
      for (const s of result.document?.statements ?? []) {
        for (const p of await unknownActionPatterns([...(s.action ?? []), ...(s.notAction ?? [])])) {
          reportViolation(`${at(args.name, doc.field, s)}: action "${p.pattern}" ${p.problem}. Check its spelling.`);
        }
        for (const c of s.conditions) {
          if (!isKnownOperator(c.base)) reportViolation(`${at(args.name, doc.field, s)}: unknown condition operator "${c.operator}". IAM ignores nothing: the statement will be rejected or never match.`);
        }
      }
    }
  },
};
