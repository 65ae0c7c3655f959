import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GroupAdoption } from "../lib/adopt/types";
import { assumeRolesPolicy, AssumableRoleGrant } from "../lib/iam/builders";

export interface IdentityGroupArgs {
  groupName: string;
  /** The roles (explicit ARNs, per account) members may assume. */
  grants: AssumableRoleGrant[];
  path?: string;
  /** Adopt an existing group: imported as it exists (with its `assume-roles` policy if it has one); nothing is added until the adoption ends. */
  adopt?: GroupAdoption;
}

/** A group in the identity account whose only permission is to assume its roles with MFA. */
export class IdentityGroup extends pulumi.ComponentResource {
  readonly groupName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly group: aws.iam.Group;

  constructor(name: string, args: IdentityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:identity:IdentityGroup", name, {}, opts);
    const adopt = args.adopt;
    this.group = new aws.iam.Group(name, { name: args.groupName, path: adopt?.path ?? args.path ?? "/" }, { parent: this, import: adopt ? args.groupName : undefined, retainOnDelete: adopt ? true : undefined });
    const policy = adopt ? adopt.policy : args.grants.length > 0 ? JSON.stringify(assumeRolesPolicy(args.grants)) : undefined;
    if (policy !== undefined) {
      new aws.iam.GroupPolicy(
        `${name}-assume-roles`,
        { group: this.group.name, name: "assume-roles", policy },
        { parent: this, import: adopt ? `${args.groupName}:assume-roles` : undefined, retainOnDelete: adopt ? true : undefined },
      );
    }
    this.groupName = this.group.name;
    this.arn = this.group.arn;
    this.registerOutputs({ groupName: this.groupName, arn: this.arn });
  }
}
