import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RoleAdoption } from "../lib/adopt/types";
import { DEFAULT_PARTITION, policyShortName, roleArn } from "../lib/iam/arn";
import { roleTrust, TrustForm, TrustFormChoice } from "../lib/iam/builders";
import { PolicyDocument, Statement } from "../lib/iam/document";

export interface MfaAssumableRoleArgs {
  /** The role's IAM name (physical). */
  roleName: string;
  /** The account the role is created in: the provider's account. Used to build the ARN at preview. */
  accountId: string;
  /** The account whose users assume the role. */
  identityAccountId: string;
  /** Exact ARNs of the users allowed to assume it (the exact form of the trust). */
  principalArns?: string[];
  /**
   * The IAM path your people live under, e.g. `/people/` (the path form): the trust admits any
   * user under it with MFA, and their group policies decide who may assume which role.
   */
  principalPath?: string;
  /**
   * `exact` (default with `principalArns`), `path` (default with only `principalPath`), or `auto`:
   * the exact form while it fits `trustPolicyMaxChars`, else the path form. See `roleTrust`.
   */
  trustForm?: TrustFormChoice;
  /** IAM's trust size quota for the account: 2048 (default) or up to 4096 raised. */
  trustPolicyMaxChars?: number;
  mfaMaxAgeSeconds?: number;
  maxSessionSeconds?: number;
  validUntil?: string;
  managedPolicyArns?: string[];
  inlinePolicy?: PolicyDocument;
  permissionsBoundaryArn?: string;
  path?: string;
  description?: string;
  partition?: string;
  tags?: Record<string, string>;
  /**
   * Escape hatch: more trust statements (a service principal, a CI role). They are not made to
   * require MFA; the `iam-guardrails` policy pack checks them.
   */
  additionalTrustStatements?: Statement[];
  /**
   * Adopt an existing role: imported exactly as it exists (trust, session, boundary, tags, the
   * layout's policies it already has); the arguments above apply in place once the adoption ends.
   */
  adopt?: RoleAdoption;
}

/**
 * An IAM role that people of the identity account may assume only when signed in with MFA.
 * Create it once per target account, with that account's provider in `opts.provider`.
 */
export class MfaAssumableRole extends pulumi.ComponentResource {
  /** The role ARN, known at preview (built from account id and name). */
  readonly arn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  readonly role: aws.iam.Role;
  /** The form the trust took: `exact` (names each user) or `path` (the users under `principalPath`). */
  readonly trustForm: TrustForm;

  constructor(name: string, args: MfaAssumableRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:roles:MfaAssumableRole", name, {}, opts);
    const partition = args.partition ?? DEFAULT_PARTITION;
    const form: TrustFormChoice = args.trustForm ?? (args.principalPath !== undefined ? (args.principalArns !== undefined ? "auto" : "path") : "exact");
    const trust = roleTrust({
      identityAccountId: args.identityAccountId,
      holderArns: args.principalArns ?? [],
      peoplePath: args.principalPath,
      form,
      maxChars: args.trustPolicyMaxChars ?? 2048,
      mfaMaxAgeSeconds: args.mfaMaxAgeSeconds ?? 3600,
      validUntil: args.validUntil,
      partition,
      additionalStatements: args.additionalTrustStatements,
    });
    this.trustForm = trust.form;

    const adopt = args.adopt;
    this.role = new aws.iam.Role(
      name,
      adopt
        ? {
            name: args.roleName,
            path: adopt.path,
            description: adopt.description === undefined ? args.description : adopt.description ?? undefined,
            assumeRolePolicy: adopt.assumeRolePolicy,
            maxSessionDuration: adopt.maxSessionDuration ?? args.maxSessionSeconds ?? 3600,
            permissionsBoundary: adopt.permissionsBoundaryArn,
            tags: Object.keys(adopt.tags).length > 0 ? adopt.tags : undefined,
          }
        : {
            name: args.roleName,
            path: args.path ?? "/",
            description: args.description,
            assumeRolePolicy: JSON.stringify(trust.document),
            maxSessionDuration: args.maxSessionSeconds ?? 3600,
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: args.tags,
          },
      // Values the snapshot does not know (no get-role output) are left as they are while adopting.
      { parent: this, import: adopt ? args.roleName : undefined, retainOnDelete: adopt ? true : undefined, ignoreChanges: adopt && adopt.ignoreChanges.length > 0 ? adopt.ignoreChanges : undefined },
    );

    const policyArns = adopt ? (args.managedPolicyArns ?? []).filter((a) => adopt.attachedPolicyArns.includes(a)) : args.managedPolicyArns ?? [];
    for (const policyArn of policyArns) {
      new aws.iam.RolePolicyAttachment(
        `${name}-${policyShortName(policyArn)}`,
        { role: this.role.name, policyArn },
        { parent: this, import: adopt ? `${args.roleName}/${policyArn}` : undefined, retainOnDelete: adopt ? true : undefined },
      );
    }
    const inline = adopt ? adopt.inlinePolicy : args.inlinePolicy !== undefined ? JSON.stringify(args.inlinePolicy) : undefined;
    if (inline !== undefined) {
      new aws.iam.RolePolicy(`${name}-inline`, { role: this.role.name, name: "inline", policy: inline }, { parent: this, import: adopt ? `${args.roleName}:inline` : undefined, retainOnDelete: adopt ? true : undefined });
    }

    this.arn = pulumi.output(roleArn(args.accountId, args.roleName, args.path ?? "/", partition));
    this.roleName = this.role.name;
    this.registerOutputs({ arn: this.arn, roleName: this.roleName });
  }
}
