import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GroupAdoption } from "../lib/adopt/types";
import { selfServiceMfaPolicy } from "../lib/iam/builders";

export interface SelfServiceMfaGroupArgs {
  /** The group's IAM name (physical), e.g. `SelfServiceMfa`. */
  groupName: string;
  /** IAM path (default `/`). */
  path?: string;
  /** `aws` (default), `aws-us-gov` or `aws-cn`: the partition every ARN of the policy names. */
  partition?: string;
  /** Adopt an existing group: imported as it exists (with its `self-service-mfa` policy if it has one); nothing is added until the adoption ends. */
  adopt?: GroupAdoption;
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
    const adopt = args.adopt;
    this.group = new aws.iam.Group(name, { name: args.groupName, path: adopt?.path ?? args.path ?? "/" }, { parent: this, import: adopt ? args.groupName : undefined, retainOnDelete: adopt ? true : undefined });
    const policy = adopt ? adopt.policy : JSON.stringify(selfServiceMfaPolicy(args.partition));
    if (policy !== undefined) {
      new aws.iam.GroupPolicy(
        `${name}-self-service`,
        { group: this.group.name, name: "self-service-mfa", policy },
        { parent: this, import: adopt ? `${args.groupName}:self-service-mfa` : undefined, retainOnDelete: adopt ? true : undefined },
      );
    }
    this.groupName = this.group.name;
    this.registerOutputs({ groupName: this.groupName });
  }
}
