import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RoleAdoption } from "../lib/adopt/types";
import { DEFAULT_PARTITION, policyShortName, roleArn } from "../lib/iam/arn";
import { roleTrust, TrustForm, TrustFormChoice } from "../lib/iam/builders";
import { IamJson } from "../lib/iam/document";
import { policyDocumentArg, statementsArg } from "./documents";

const TRUST_FORMS: readonly TrustFormChoice[] = ["exact", "path", "auto"];

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
  trustForm?: string;
  /** IAM's trust size quota for the account: 2048 (default) or up to 4096 raised. */
  trustPolicyMaxChars?: number;
  /** The `aws:MultiFactorAuthAge` bound of the trust, in seconds (default 3600). */
  mfaMaxAgeSeconds?: number;
  /** Maximum session length in seconds, 3600 to 43200 (default 3600). */
  maxSessionSeconds?: number;
  /** ISO time after which the trust stops admitting anyone: a time-boxed role. */
  validUntil?: string;
  /** ARNs of managed policies to attach. */
  managedPolicyArns?: string[];
  /** An IAM policy document attached inline (checked when the role is created). */
  inlinePolicy?: IamJson;
  /** ARN of the managed policy used as the permissions boundary. */
  permissionsBoundaryArn?: string;
  /** IAM path (default `/`). */
  path?: string;
  /** The role's description (shown in the IAM console). */
  description?: string;
  /** `aws` (default), `aws-us-gov` or `aws-cn`. */
  partition?: string;
  /** Tags on the role. */
  tags?: Record<string, string>;
  /**
   * Escape hatch: more trust statements (a service principal, a CI role). They are not made to
   * require MFA; the `iam-guardrails` policy pack checks them.
   */
  additionalTrustStatements?: IamJson[];
  /**
   * Adopt an existing role: imported exactly as it exists (trust, session, boundary, tags, the
   * layout's policies it already has); the arguments above apply in place once the adoption ends.
   */
  adopt?: RoleAdoption;
}

const trustFormOf = new WeakMap<MfaAssumableRole, TrustForm>();

/**
 * An IAM role that people of the identity account may assume only when signed in with MFA.
 * Create it once per target account, with that account's provider in `opts.provider`.
 */
export class MfaAssumableRole extends pulumi.ComponentResource {
  /** The role ARN, known at preview (built from account id and name). */
  readonly arn: pulumi.Output<string>;
  /** The role's IAM name. */
  readonly roleName: pulumi.Output<string>;
  /** The IAM role. */
  readonly role: aws.iam.Role;
  /**
   * The form the trust took: `exact` (names each user) or `path` (the users under `principalPath`).
   * A getter: a TypeScript union, left out of the component's schema for other languages.
   */
  get trustForm(): TrustForm {
    return trustFormOf.get(this)!;
  }

  constructor(name: string, args: MfaAssumableRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("iam-baseline:roles:MfaAssumableRole", name, {}, opts);
    const partition = args.partition ?? DEFAULT_PARTITION;
    if (args.trustForm !== undefined && !TRUST_FORMS.includes(args.trustForm as TrustFormChoice)) {
      throw new Error(`MfaAssumableRole ${name}: trustForm: expected one of ${TRUST_FORMS.join(", ")}, got "${args.trustForm}"`);
    }
    const form = (args.trustForm as TrustFormChoice | undefined) ?? (args.principalPath !== undefined ? (args.principalArns !== undefined ? "auto" : "path") : "exact");
    const trust = roleTrust({
      identityAccountId: args.identityAccountId,
      holderArns: args.principalArns ?? [],
      peoplePath: args.principalPath,
      form,
      maxChars: args.trustPolicyMaxChars ?? 2048,
      mfaMaxAgeSeconds: args.mfaMaxAgeSeconds ?? 3600,
      validUntil: args.validUntil,
      partition,
      additionalStatements: statementsArg(`MfaAssumableRole ${name}: additionalTrustStatements`, args.additionalTrustStatements ?? []),
    });
    trustFormOf.set(this, trust.form);

    const adopt = args.adopt;
    this.role = new aws.iam.Role(
      name,
      adopt
        ? {
            name: args.roleName,
            path: adopt.path,
            description: adopt.description === undefined ? args.description : adopt.description || undefined,
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
    const inline = adopt ? adopt.inlinePolicy : args.inlinePolicy !== undefined ? JSON.stringify(policyDocumentArg(`MfaAssumableRole ${name}: inlinePolicy`, args.inlinePolicy)) : undefined;
    if (inline !== undefined) {
      new aws.iam.RolePolicy(`${name}-inline`, { role: this.role.name, name: "inline", policy: inline }, { parent: this, import: adopt ? `${args.roleName}:inline` : undefined, retainOnDelete: adopt ? true : undefined });
    }

    this.arn = pulumi.output(roleArn(args.accountId, args.roleName, args.path ?? "/", partition));
    this.roleName = this.role.name;
    this.registerOutputs({ arn: this.arn, roleName: this.roleName });
  }
}
