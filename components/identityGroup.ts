import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assumeRolesPolicy, AssumableRoleGrant } from "../lib/iam/builders";

export interface IdentityGroupArgs {
  /** The group's IAM name (physical). */
  groupName: string;
  /** The roles (explicit ARNs, per account) members may assume. */
  grants: AssumableRoleGrant[];
  /** IAM path (default `/`). */
  path?: string;
}

/** A group in the identity account whose only permission is to assume its roles with MFA. */
export class IdentityGroup extends pulumi.ComponentResource {
  /** The group's IAM name. */
  readonly groupName: pulumi.Output<string>;
  /** The group ARN. */
  readonly arn: pulumi.Output<string>;
  /** The IAM group. */
  readonly group: aws.iam.Group;

  constructor(name: string, args: IdentityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:identity:IdentityGroup", name, {}, opts);
    this.group = new aws.iam.Group(name, { name: args.groupName, path: args.path ?? "/" }, { parent: this });
    if (args.grants.length > 0) {
      new aws.iam.GroupPolicy(
        `${name}-assume-roles`,
        { group: this.group.name, name: "assume-roles", policy: JSON.stringify(assumeRolesPolicy(args.grants)) },
        { parent: this },
      );
    }
    this.groupName = this.group.name;
    this.arn = this.group.arn;
    this.registerOutputs({ groupName: this.groupName, arn: this.arn });
  }
}
