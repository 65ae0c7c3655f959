/**
 * Typed builders for the three documents the layout needs: a role trust that requires MFA, a
 * group policy that lets members assume exactly their roles, and the self-service policy that
 * lets a new user set a password and enroll MFA but nothing else until signed in with MFA.
 * Statements are keyed by Sid so a diff of a document reads like a list of intentions.
 */
import { accountRootArn, DEFAULT_PARTITION } from "./arn";
import { ConditionBlock, PolicyDocument, policyDocument, Statement, toSid } from "./document";

export interface MfaRequirement {
  /** Seconds since the MFA sign-in after which the grant stops working (`aws:MultiFactorAuthAge`). */
  mfaMaxAgeSeconds: number;
  /** ISO time after which the grant stops working (`aws:CurrentTime`): a time-boxed grant. */
  validUntil?: string;
}

/**
 * `Bool aws:MultiFactorAuthPresent true` alone is not enough: `Bool` fails closed when the key
 * is missing, which is what we want, but the age bound also limits how long a stolen session
 * stays useful. `BoolIfExists` must never be used here: long-term access keys carry no MFA key
 * at all and would pass it.
 */
export function mfaConditions(req: MfaRequirement, extra: ConditionBlock = {}): ConditionBlock {
  const condition: ConditionBlock = {
    Bool: { "aws:MultiFactorAuthPresent": "true" },
    NumericLessThan: { "aws:MultiFactorAuthAge": String(req.mfaMaxAgeSeconds) },
  };
  if (req.validUntil !== undefined) condition.DateLessThan = { "aws:CurrentTime": req.validUntil };
  for (const [op, entries] of Object.entries(extra)) condition[op] = { ...(condition[op] ?? {}), ...entries };
  return condition;
}

export interface TrustPolicyArgs extends MfaRequirement {
  /** The account whose users may assume the role. */
  identityAccountId: string;
  /** Exact ARNs of the users that may assume the role. Empty: nobody may. */
  principalArns: string[];
  partition?: string;
}

/**
 * Trust of a role assumable by people of the identity account.
 *
 * Why the account root narrowed by `aws:PrincipalArn`, and not the user ARNs as principals:
 * a user ARN in `Principal` must exist when the role is written (cross-account roles would
 * wait on the identity account's users, and a preview could not be checked), and IAM silently
 * rewrites it to the user's unique id, so a user recreated under the same name is locked out
 * until the trust is rewritten. The root principal plus an exact `ArnEquals` on
 * `aws:PrincipalArn` admits the same people, has no ordering constraint, and stays readable.
 */
export function mfaTrustPolicy(args: TrustPolicyArgs): PolicyDocument {
  const partition = args.partition ?? DEFAULT_PARTITION;
  const root = accountRootArn(args.identityAccountId, partition);
  if (args.principalArns.length === 0) {
    // A trust needs one statement; with no one holding the role, state that nobody may assume it.
    return policyDocument([
      { Sid: "NobodyHoldsThisRole", Effect: "Deny", Principal: { AWS: root }, Action: "sts:AssumeRole" },
    ]);
  }
  return policyDocument([
    {
      Sid: "AssumeWithMfaFromIdentityAccount",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: "sts:AssumeRole",
      Condition: mfaConditions(args, { ArnEquals: { "aws:PrincipalArn": [...args.principalArns].sort() } }),
    },
  ]);
}

export interface AssumableRoleGrant extends MfaRequirement {
  /** A label for the Sid, e.g. `Admin@identity`. */
  label: string;
  roleArn: string;
}

/** Group policy: `sts:AssumeRole` on the explicit ARNs of its roles only, with MFA and TLS. */
export function assumeRolesPolicy(grants: AssumableRoleGrant[]): PolicyDocument {
  const statements: Statement[] = grants.map((g) => ({
    Sid: toSid("Assume", g.label.replace("@", " in ")),
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Resource: g.roleArn,
    Condition: mfaConditions(g, { Bool: { "aws:SecureTransport": "true" } }),
  }));
  return policyDocument(statements);
}

/** Actions a user without MFA may still call: just enough to sign in, set a password and enroll a device. */
export const MFA_ENROLLMENT_ACTIONS = [
  "iam:ChangePassword",
  "iam:CreateVirtualMFADevice",
  "iam:EnableMFADevice",
  "iam:GetAccountPasswordPolicy",
  "iam:GetUser",
  "iam:ListMFADevices",
  "iam:ListVirtualMFADevices",
  "iam:ResyncMFADevice",
  "sts:GetSessionToken",
] as const;

/**
 * Seed 003's IAMRequireMFA, rebuilt on AWS's own "manage own credentials with MFA" example:
 * - users may live under a path (`user/*\/${aws:username}` as well as `user/${aws:username}`);
 * - the virtual device may be created only under the user's own name (`mfa/${aws:username}`):
 *   the console asks for a device name and the person types their user name, so the device's
 *   ARN is the `mfa_serial` of their profiles; it may be deleted only with MFA;
 * - every ARN names the layout's partition (`aws`, `aws-us-gov`, `aws-cn`): an ARN of another
 *   partition matches nothing, and a user who cannot enroll is then refused everything;
 * - deactivating a device or touching login profiles and keys needs MFA;
 * - the final Deny uses `BoolIfExists ... false`, which also catches long-term access keys
 *   (no MFA key at all), and exempts the enrollment actions so a new user is not locked out.
 */
export function selfServiceMfaPolicy(partition: string = DEFAULT_PARTITION): PolicyDocument {
  const iam = `arn:${partition}:iam::*`;
  const self = [`${iam}:user/\${aws:username}`, `${iam}:user/*/\${aws:username}`];
  const ownDevice = `${iam}:mfa/\${aws:username}`;
  const withMfa: ConditionBlock = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
  return policyDocument([
    {
      Sid: "AllowViewAccountInfo",
      Effect: "Allow",
      Action: ["iam:GetAccountPasswordPolicy", "iam:GetAccountSummary", "iam:ListAccountAliases", "iam:ListVirtualMFADevices"],
      Resource: "*",
    },
    {
      Sid: "AllowManageOwnPassword",
      Effect: "Allow",
      Action: ["iam:ChangePassword", "iam:GetUser"],
      Resource: self,
    },
    {
      Sid: "AllowCreateOwnVirtualMfaDevice",
      Effect: "Allow",
      Action: ["iam:CreateVirtualMFADevice"],
      Resource: ownDevice,
    },
    {
      Sid: "AllowEnrollOwnMfaDevice",
      Effect: "Allow",
      Action: ["iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
      Resource: self,
    },
    {
      Sid: "AllowManageOwnCredentialsWithMfa",
      Effect: "Allow",
      Action: [
        "iam:DeactivateMFADevice",
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:ListAccessKeys",
        "iam:UpdateAccessKey",
        "iam:GetLoginProfile",
        "iam:UpdateLoginProfile",
        "iam:ListSigningCertificates",
        "iam:ListSSHPublicKeys",
      ],
      Resource: self,
      Condition: withMfa,
    },
    {
      Sid: "AllowDeleteOwnVirtualMfaDeviceWithMfa",
      Effect: "Allow",
      Action: ["iam:DeleteVirtualMFADevice"],
      Resource: ownDevice,
      Condition: withMfa,
    },
    {
      Sid: "DenyAllExceptEnrollmentUnlessSignedInWithMfa",
      Effect: "Deny",
      NotAction: [...MFA_ENROLLMENT_ACTIONS],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  ]);
}
