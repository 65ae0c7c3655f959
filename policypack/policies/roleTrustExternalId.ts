/**
 * The third-party pattern (another account's root trusted with an `sts:ExternalId`): the external
 * id must be required and must be one the vendor gives this customer alone, or the vendor's other
 * customers can make the vendor assume this role (the confused deputy). Advisory.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { requiresStringMatch } from "../../lib/iam/conditions";
import { ASSUME_ROLE, externalIdTests, isThirdPartyGrant } from "../../lib/iam/mfa";
import { awsPrincipalsOf, elementPath, statementCoversAction } from "../../lib/iam/parse";
import { principalKind } from "../../lib/iam/principals";
import { hasWildcard } from "../../lib/iam/wildcard";
import { readable } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { findingMessage } from "../lib/format";
import { ownAccountOf } from "./roleTrustRequiresMfa";

/** Values that are the same for every customer: placeholders, the accounts' own ids, short strings. */
function sharedValue(value: string, accounts: readonly (string | undefined)[]): string | undefined {
  if (hasWildcard(value)) return "is a wildcard";
  if (accounts.includes(value)) return "is an account id, which every party knows";
  if (/^(external[-_ ]?id|changeme|change-me|secret|test|example|placeholder|default|none|null|undefined|x+|0+|1234\d*)$/i.test(value)) return "is a placeholder";
  if (value.length < 8) return `is ${value.length} characters long, short enough to guess or to be shared`;
  return undefined;
}

export const roleTrustExternalId: ResourceValidationPolicy = {
  name: "iam-role-trust-external-id",
  description:
    "A role trusted by another account's root with an sts:ExternalId (the third-party pattern) requires the external id (StringEquals, not IfExists) and uses one the vendor gave this customer alone, not a value the same for every customer.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps:
    'Use the external id the vendor generated for your account: "Condition": {"StringEquals": {"sts:ExternalId": "<the id from the vendor console>"}}. Never a wildcard, a placeholder or an account id, and never IfExists.',
  validateResource: (args, reportViolation) => {
    const own = ownAccountOf(args.props);
    for (const doc of documentsOf(args.type, args.props)) {
      if (doc.kind !== "trust") continue;
      const parsed = readable(doc);
      if (!parsed) continue;
      for (const s of parsed.statements) {
        if (s.effect !== "Allow" || !statementCoversAction(s, ASSUME_ROLE)) continue;
        const accounts = awsPrincipalsOf(s).filter((p) => principalKind(p) === "account");
        if (accounts.length === 0) continue;
        const loose = s.conditions.filter((c) => c.key === "sts:externalid" && !requiresStringMatch(c));
        for (const c of loose) {
          reportViolation(
            findingMessage({
              code: "XID001",
              resource: args.name,
              field: doc.field,
              statement: s,
              location: elementPath(s, "Condition", c.operator, c.keyAsWritten),
              problem: `tests sts:ExternalId with ${c.operator}, which does not require it: the vendor's other customers get in without one`,
              fix: 'Use "StringEquals": {"sts:ExternalId": "<your id>"}',
            }),
          );
        }
        if (!accounts.some((p) => isThirdPartyGrant(s, p, own))) continue;
        const ids = [own, ...accounts.map((p) => /\d{12}/.exec(p)![0])];
        for (const test of externalIdTests(s)) {
          for (const value of test.values) {
            const why = sharedValue(value, ids);
            if (!why) continue;
            reportViolation(
              findingMessage({
                code: "XID002",
                resource: args.name,
                field: doc.field,
                statement: s,
                location: elementPath(s, "Condition", test.operator, test.keyAsWritten),
                problem: `lets ${accounts.join(", ")} assume the role with the external id "${value}", which ${why}: the vendor's other customers could use it`,
                fix: "Use the external id the vendor generated for your account alone",
              }),
            );
          }
        }
      }
    }
  },
};
