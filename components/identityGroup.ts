import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GroupAdoption } from "../lib/adopt/types";
import { customerPolicyArn, DEFAULT_PARTITION } from "../lib/iam/arn";
import { AssumableRoleGrant, assumeRolesDocuments, DEFAULT_GRANT_LIMITS, grantPolicyName } from "../lib/iam/builders";

export interface IdentityGroupArgs {
  /** The group's IAM name (physical). */
  groupName: string;
  /** The roles (explicit ARNs, per account) members may assume. */
  grants: AssumableRoleGrant[];
  /** IAM path (default `/`). */
  path?: string;
  /**
   * The group's account. With it, the ARNs of the managed policies the grants spill into are
   * built at preview (a policy gate then reads the attachments during `pulumi preview`).
   */
  accountId?: string;
  /** `aws` (default), `aws-us-gov` or `aws-cn`. */
  partition?: string;
  /** Adopt an existing group: imported as it exists (with its `assume-roles` policy if it has one); nothing is added until the adoption ends. */
  adopt?: GroupAdoption;
}

/**
 * A group in the identity account whose only permission is to assume its roles with MFA.
 *
 * The grants are compact (one statement per MFA requirement, listing every role ARN), in the
 * group's inline policy `assume-roles` while they fit IAM's 5,120-character quota for a group's
 * inline policies; what does not fit goes into customer managed policies (6,144 characters each)
 * named `<group>-assume-roles-2`, `-3`, ... attached to the group. Validation refuses a layout
 * that would need more than IAM's 10 per group.
 */
export class IdentityGroup extends pulumi.ComponentResource {
  /** The group's IAM name. */
  readonly groupName: pulumi.Output<string>;
  /** The group ARN. */
  readonly arn: pulumi.Output<string>;
  /** The IAM group. */
  readonly group: aws.iam.Group;
  /** Customer managed policies holding the grants that did not fit the inline policy. */
  readonly grantPolicies: aws.iam.Policy[];

  constructor(name: string, args: IdentityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:identity:IdentityGroup", name, {}, opts);
    const adopt = args.adopt;
    this.group = new aws.iam.Group(
      name,
      { name: args.groupName, path: adopt?.path ?? args.path ?? "/" },
      { parent: this, import: adopt ? args.groupName : undefined, retainOnDelete: adopt ? true : undefined },
    );
    const [inlineDoc, ...spilledDocs] = adopt ? [] : assumeRolesDocuments(args.grants, DEFAULT_GRANT_LIMITS);
    // Adopting: only the `assume-roles` policy the group already has, imported as it is.
    const inline = adopt ? adopt.policy : inlineDoc !== undefined ? JSON.stringify(inlineDoc) : undefined;
    if (inline !== undefined) {
      new aws.iam.GroupPolicy(
        `${name}-assume-roles`,
        { group: this.group.name, name: "assume-roles", policy: inline },
        { parent: this, import: adopt ? `${args.groupName}:assume-roles` : undefined, retainOnDelete: adopt ? true : undefined },
      );
    }
    this.grantPolicies = spilledDocs.map((doc, i) => {
      const n = i + 2;
      const policyName = grantPolicyName(args.groupName, n);
      const policy = new aws.iam.Policy(
        `${name}-assume-roles-${n}`,
        { name: policyName, path: "/", description: `Roles members of ${args.groupName} may assume with MFA (part ${n})`, policy: JSON.stringify(doc) },
        { parent: this },
      );
      const policyArn = args.accountId !== undefined ? pulumi.output(customerPolicyArn(args.accountId, policyName, "/", args.partition ?? DEFAULT_PARTITION)) : policy.arn;
      new aws.iam.GroupPolicyAttachment(`${name}-assume-roles-${n}`, { group: this.group.name, policyArn }, { parent: this, dependsOn: [policy] });
      return policy;
    });
    this.groupName = this.group.name;
    this.arn = this.group.arn;
    this.registerOutputs({ groupName: this.groupName, arn: this.arn });
  }
}
