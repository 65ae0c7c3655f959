import { ResourceValidationPolicy } from "@pulumi/policy";
import { ConditionTest, NormalStatement } from "../../lib/iam/parse";
import { hasWildcard } from "../../lib/iam/wildcard";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { at } from "../lib/format";

/** Keys that narrow a public principal to an organization or accounts. */
const NARROWING_KEYS = ["aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourcearn"];

function narrowsToOrgOrAccount(test: ConditionTest): boolean {
  if (!NARROWING_KEYS.includes(test.key) || test.ifExists || test.qualifier === "forallvalues") return false;
  if (!/^(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)$/.test(test.base)) return false;
  // A value narrows only if it pins an organization or an account; a wildcard there narrows nothing.
  return test.values.length > 0 && test.values.every((v) => pinsOrgOrAccount(test.key, v, test.base.startsWith("arn")));
}

function pinsOrgOrAccount(key: string, v: string, arnOperator: boolean): boolean {
  if (key === "aws:principalorgid" || key === "aws:sourceorgid") return !hasWildcard(v);
  if (key === "aws:principalorgpaths" || key === "aws:sourceorgpaths") return /^o-[a-z0-9]+\//.test(v);
  if (key === "aws:principalaccount" || key === "aws:sourceaccount") return /^\d{12}$/.test(v);
  // ARNs: a literal account, or (S3 and the like) no account and a literal start of the resource.
  // ArnLike compares the six parts one by one, so `arn:*:iam::111111111111:...` stays in that
  // account (partitions never trust each other); under StringLike a `*` crosses colons, and a
  // role path (which may hold colons) in another account could spell the rest.
  const parts = v.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return false;
  if (/^\d{12}$/.test(parts[4])) return arnOperator || !parts.slice(1, 4).some(hasWildcard);
  return !parts.slice(1, 3).some(hasWildcard) && parts[4] === "" && !/^[*?]/.test(parts.slice(5).join(":"));
}

function isPublic(s: NormalStatement): boolean {
  if (s.effect !== "Allow") return false;
  if (s.principal?.everyone || s.principal?.aws.includes("*") || (s.notPrincipal !== undefined)) return true;
  return false;
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
      for (const s of readable(doc)?.statements ?? []) {
        if (isPublic(s) && !s.conditions.some(narrowsToOrgOrAccount)) {
          reportViolation(`${at(args.name, doc.field, s)} lets any AWS principal in the world assume the role. Name the principals or narrow with aws:PrincipalOrgID / aws:PrincipalAccount.`);
        }
      }
    }
  },
};
