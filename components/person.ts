import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LOGIN_PROFILE_IGNORED, UserAdoption } from "../lib/adopt/types";
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
  /** The person's MFA device (a hardware token, or one the user already has); default: the virtual device `mfa/<userName>`. */
  mfaSerial?: string;
  /**
   * Adopt an existing user instead of creating one: it is imported and registered exactly as it
   * exists (its memberships of these groups, its login profile), and nothing else is added until
   * the adoption ends; then the arguments above apply in place.
   */
  adopt?: UserAdoption;
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
    const adopt = args.adopt;
    this.user = new aws.iam.User(
      name,
      adopt
        ? { name: args.userName, path: adopt.path, tags: nonEmpty(adopt.tags), permissionsBoundary: adopt.permissionsBoundaryArn }
        : { name: args.userName, path, tags: args.tags },
      { parent: this, import: adopt ? args.userName : undefined, retainOnDelete: adopt ? true : undefined },
    );

    // Adopting: the memberships the user already has (of the layout's groups) are imported as they are.
    const groups = adopt ? adopt.memberOf : args.groups;
    if (!adopt || groups.length > 0) {
      new aws.iam.UserGroupMembership(
        `${name}-groups`,
        { user: this.user.name, groups },
        { parent: this, import: adopt ? [args.userName, ...adopt.memberOf].join("/") : undefined, retainOnDelete: adopt ? true : undefined },
      );
    }

    if (args.console && (!adopt || adopt.importLoginProfile)) {
      const profile = new aws.iam.UserLoginProfile(
        `${name}-console`,
        { user: this.user.name, passwordResetRequired: true, pgpKey: args.pgpKey },
        // The provider cannot read a password back: never replace a profile because of drift.
        { parent: this, ignoreChanges: [...LOGIN_PROFILE_IGNORED], import: adopt ? args.userName : undefined, retainOnDelete: adopt ? true : undefined },
      );
      // An adopted profile keeps the person's own password: there is no first password to hand out.
      if (!adopt) this.initialPassword = pulumi.secret(args.pgpKey ? profile.encryptedPassword : profile.password);
    }

    this.accessKeys = {};
    for (const slot of adopt ? [] : args.accessKeySlots ?? []) {
      const key = new aws.iam.AccessKey(`${name}-key-${slot}`, { user: this.user.name, pgpKey: args.pgpKey }, { parent: this });
      this.accessKeys[slot] = { id: key.id, secret: pulumi.secret(args.pgpKey ? key.encryptedSecret : key.secret) };
    }

    this.arn = pulumi.output(userArn(args.identityAccountId, args.userName, path, partition));
    this.userName = this.user.name;
    this.mfaSerial = pulumi.output(args.mfaSerial ?? mfaDeviceArn(args.identityAccountId, args.userName, partition));
    this.registerOutputs({ arn: this.arn, userName: this.userName, mfaSerial: this.mfaSerial });
  }
}


/** No tags and an empty map are the same to IAM: register none, as a user made by hand has none. */
function nonEmpty(tags: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(tags).length > 0 ? tags : undefined;
}
