import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { selfServiceMfaPolicy } from "../lib/iam/builders";

export interface SelfServiceMfaGroupArgs {
  /** The group's IAM name (physical), e.g. `SelfServiceMfa`. */
  groupName: string;
  /** IAM path (default `/`). */
  path?: string;
  /** `aws` (default), `aws-us-gov` or `aws-cn`: the partition every ARN of the policy names. */
  partition?: string;
}

/**
 * The group every user joins: set a password and enroll an MFA device, nothing else until
 * signed in with MFA (see `selfServiceMfaPolicy`).
 */
export class SelfServiceMfaGroup extends pulumi.ComponentResource {
  /** The group's IAM name: pass it to every `Person`'s `groups`. */
  readonly groupName: pulumi.Output<string>;
  /** The IAM group. */
  readonly group: aws.iam.Group;

  constructor(name: string, args: SelfServiceMfaGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:identity:SelfServiceMfaGroup", name, {}, opts);
    this.group = new aws.iam.Group(name, { name: args.groupName, path: args.path ?? "/" }, { parent: this });
    new aws.iam.GroupPolicy(
      `${name}-self-service`,
      { group: this.group.name, name: "self-service-mfa", policy: JSON.stringify(selfServiceMfaPolicy(args.partition)) },
      { parent: this },
    );
    this.groupName = this.group.name;
    this.registerOutputs({ groupName: this.groupName });
  }
}
