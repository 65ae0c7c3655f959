import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_PARTITION, mfaDeviceArn, userArn } from "../lib/iam/arn";

export interface PersonArgs {
  /** The user's IAM name (physical). */
  userName: string;
  /** The account the user lives in (the provider's): used to build the ARN and MFA serial at preview. */
  identityAccountId: string;
  /** Group names; pass the groups' `groupName` outputs so memberships wait for the groups. */
  groups: pulumi.Input<string>[];
  /** Create a console login profile; the first password must be changed at sign-in. */
  console?: boolean;
  /** Named access key slots (at most two) for rotation without downtime. */
  accessKeySlots?: string[];
  /** A base64 PGP public key or `keybase:user`: password and key secrets are then encrypted to it. */
  pgpKey?: string;
  /** IAM path (default `/`). */
  path?: string;
  /** `aws` (default), `aws-us-gov` or `aws-cn`. */
  partition?: string;
  /** Tags on the user. */
  tags?: Record<string, string>;
}

export interface PersonAccessKey {
  /** The access key id. */
  id: pulumi.Output<string>;
  /** Secret: the plain secret, or the PGP-encrypted one when `pgpKey` is set. */
  secret: pulumi.Output<string>;
}

/**
 * A human IAM user with no permissions of its own: everything comes from groups, joined through
 * a non-exclusive `UserGroupMembership` so two stacks never strip each other's members.
 */
export class Person extends pulumi.ComponentResource {
  /** The user ARN, known at preview. */
  readonly arn: pulumi.Output<string>;
  /** The user's IAM name. */
  readonly userName: pulumi.Output<string>;
  /** The ARN of the virtual MFA device the user enrolls (`mfa_serial` in the AWS CLI). */
  readonly mfaSerial: pulumi.Output<string>;
  /** Secret: the first console password (PGP-encrypted when `pgpKey` is set); undefined without console. */
  readonly initialPassword?: pulumi.Output<string>;
  /** Slot -> access key. */
  readonly accessKeys: Record<string, PersonAccessKey>;
  /** The IAM user. */
  readonly user: aws.iam.User;

  constructor(name: string, args: PersonArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:identity:Person", name, {}, opts);
    const partition = args.partition ?? DEFAULT_PARTITION;
    const path = args.path ?? "/";
    this.user = new aws.iam.User(name, { name: args.userName, path, tags: args.tags }, { parent: this });

    new aws.iam.UserGroupMembership(`${name}-groups`, { user: this.user.name, groups: args.groups }, { parent: this });

    if (args.console) {
      const profile = new aws.iam.UserLoginProfile(
        `${name}-console`,
        { user: this.user.name, passwordResetRequired: true, pgpKey: args.pgpKey },
        // The provider cannot read a password back: never replace a profile because of drift.
        { parent: this, ignoreChanges: ["passwordLength", "passwordResetRequired", "pgpKey"] },
      );
      this.initialPassword = pulumi.secret(args.pgpKey ? profile.encryptedPassword : profile.password);
    }

    this.accessKeys = {};
    for (const slot of args.accessKeySlots ?? []) {
      const key = new aws.iam.AccessKey(`${name}-key-${slot}`, { user: this.user.name, pgpKey: args.pgpKey }, { parent: this });
      this.accessKeys[slot] = { id: key.id, secret: pulumi.secret(args.pgpKey ? key.encryptedSecret : key.secret) };
    }

    this.arn = pulumi.output(userArn(args.identityAccountId, args.userName, path, partition));
    this.userName = this.user.name;
    this.mfaSerial = pulumi.output(mfaDeviceArn(args.identityAccountId, args.userName, partition));
    this.registerOutputs({ arn: this.arn, userName: this.userName, mfaSerial: this.mfaSerial });
  }
}
