/** No resource policy lets everyone write (mandatory): push images, put objects, send messages, use a key, invoke a function. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { findingMessage } from "../lib/format";
import { publicGrants } from "../lib/publicGrants";

export const resourcePolicyNoPublicWrite: ResourceValidationPolicy = {
  name: "iam-resource-policy-no-public-write",
  description:
    'A resource policy (S3, ECR, SQS, SNS, KMS, Secrets Manager, a Lambda permission) must not grant writes to everyone ("Principal": "*") without a condition that narrows the caller to an organization or account (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn) or a VPC endpoint.',
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Name the principals (account roots, roles), or add "StringEquals": {"aws:PrincipalOrgID": "o-..."} (or aws:PrincipalAccount; aws:SourceArn/aws:SourceAccount for a service) to the statement. For a Lambda permission set sourceArn or sourceAccount, or principalOrgId.',
  validateResource: async (args, reportViolation) => {
    for (const g of await publicGrants(args)) {
      if (g.write.length === 0) continue;
      reportViolation(
        findingMessage({
          code: g.statement ? "PUB001" : "PUB002",
          resource: args.name,
          field: g.field,
          statement: g.statement,
          location: g.location,
          problem: `lets anyone in the world ${g.write.join(", ")}, with no organization or account condition`,
          fix: g.statement ? 'Name the principals or add "StringEquals": {"aws:PrincipalOrgID": "o-..."} (or aws:PrincipalAccount)' : "Set sourceArn or sourceAccount (or principalOrgId) on the permission",
        }),
      );
    }
  },
};
