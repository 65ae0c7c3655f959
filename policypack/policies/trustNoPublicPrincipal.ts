import { ResourceValidationPolicy } from "@pulumi/policy";
import { elementPath, NormalStatement } from "../../lib/iam/parse";
import { narrowsToOrgOrAccount } from "../../lib/iam/principals";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { at, coded } from "../lib/format";

function isPublic(s: NormalStatement): boolean {
  if (s.effect !== "Allow") return false;
  if (s.principal?.everyone || s.principal?.aws.includes("*") || (s.notPrincipal !== undefined)) return true;
  return false;
}

/** The element that admits everyone: `"Principal": "*"`, the `*` entry of `Principal.AWS`, or the NotPrincipal. */
function publicAt(s: NormalStatement): string {
  if (s.notPrincipal) return elementPath(s, "NotPrincipal");
  // Public without NotPrincipal: a Principal that is "*" or lists "*".
  return s.principal!.everyone ? elementPath(s, "Principal") : elementPath(s, "Principal", "AWS", "*");
}

export const trustNoPublicPrincipal: ResourceValidationPolicy = {
  name: "iam-trust-no-public-principal",
  description: 'A role trust must not admit `"Principal": "*"` or `{"AWS": "*"}` unless a condition narrows it to an organization or account.',
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Name the principals (an account root, users, roles), or add "StringEquals": {"aws:PrincipalOrgID": "o-..."} (or aws:PrincipalAccount) to the statement.',
  validateResource: (args, reportViolation) => {
    for (const doc of documentsOf(args.type, args.props)) {
      if (doc.kind !== "trust") continue;
      const parsed = readable(doc);
      if (!parsed) continue;
      for (const s of parsed.statements) {
        if (isPublic(s) && !s.conditions.some(narrowsToOrgOrAccount)) {
          reportViolation(coded(`${at(args.name, doc.field, s)} lets any AWS principal in the world assume the role. Name the principals or narrow with aws:PrincipalOrgID / aws:PrincipalAccount.`, "TRUST001", doc.field, publicAt(s)));
        }
      }
    }
  },
};
