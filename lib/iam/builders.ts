/**
 * Typed builders for the three documents the layout needs: a role trust that requires MFA (exact
 * or path-narrowed, whichever fits IAM's quota), group policies that let members assume exactly
 * their roles (compact, spilling into managed policies when the inline quota is reached), and the self-service policy that
 * lets a new user set a password and enroll MFA but nothing else until signed in with MFA.
 * Statements are keyed by Sid so a diff of a document reads like a list of intentions.
 */
import { accountRootArn, DEFAULT_PARTITION, userPathPattern } from "./arn";
import { ConditionBlock, PolicyDocument, policyDocument, policySize, Statement, toSid } from "./document";

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

/** How a role's trust names the people who may assume it. */
export type TrustForm = "exact" | "path";
/** `auto`: the exact form when it fits the trust quota, else the path form. */
export type TrustFormChoice = "auto" | TrustForm;

export interface TrustPolicyArgs extends MfaRequirement {
  /** The account whose users may assume the role. */
  identityAccountId: string;
  /** The exact form: the ARNs of the users that may assume the role. Empty: nobody may. */
  principalArns?: string[];
  /**
   * The path form: the IAM path the layout's users live under (e.g. `/people/`, never `/`). The
   * trust then admits any user under it with MFA, and the group policies decide who exactly.
   */
  principalPath?: string;
  partition?: string;
}

/**
 * Trust of a role assumable by people of the identity account, in one of two forms.
 *
 * Both trust the identity account root, never a user ARN as principal: a user ARN in `Principal`
 * must exist when the role is written (cross-account roles would wait on the identity account's
 * users, and a preview could not be checked), and IAM silently rewrites it to the user's unique
 * id, so a user recreated under the same name is locked out until the trust is rewritten. Both
 * require MFA (`Bool` present, `NumericLessThan` age) and `validUntil`, and both narrow the root
 * with `aws:PrincipalArn`, so neither is "anyone in the account":
 *
 * - exact: `ArnEquals aws:PrincipalArn [user ARNs]`. It names every holder, so it grows with the
 *   number of people (about 45 characters each) and meets IAM's trust quota (2,048 characters,
 *   4,096 raised) at around 40 people.
 * - path: `ArnLike aws:PrincipalArn arn:aws:iam::<identity>:user/<path>*`. Its size does not
 *   depend on the number of people. It admits the users under the layout's own path only: a user
 *   of the account elsewhere (another path) is refused even with `sts:AssumeRole` on `*`, and so
 *   is every role session (its `aws:PrincipalArn` is a role ARN). Who among the layout's people
 *   gets in is decided by the group policies: a trust that names an account admits a caller only
 *   when the caller's identity policy also allows the call, in the same account or another.
 */
export function mfaTrustPolicy(args: TrustPolicyArgs): PolicyDocument {
  const partition = args.partition ?? DEFAULT_PARTITION;
  const root = accountRootArn(args.identityAccountId, partition);
  if (args.principalPath !== undefined) {
    if (args.principalArns !== undefined) throw new Error("mfaTrustPolicy: give principalArns (exact form) or principalPath (path form), not both");
    if (!/^\/([\w+=,.@-]+\/)+$/.test(args.principalPath)) {
      throw new Error(`mfaTrustPolicy: principalPath "${args.principalPath}" must be an IAM path below "/" such as "/people/" ("/" would admit every user of the account)`);
    }
    return policyDocument([
      {
        Sid: "AssumeWithMfaFromLayoutPeople",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: "sts:AssumeRole",
        Condition: mfaConditions(args, { ArnLike: { "aws:PrincipalArn": userPathPattern(args.identityAccountId, args.principalPath, partition) } }),
      },
    ]);
  }
  const principalArns = args.principalArns ?? [];
  if (principalArns.length === 0) {
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
      Condition: mfaConditions(args, { ArnEquals: { "aws:PrincipalArn": [...principalArns].sort() } }),
    },
  ]);
}

export interface RoleTrustArgs extends MfaRequirement {
  identityAccountId: string;
  partition?: string;
  /** The users who hold the role (their ARNs), for the exact form. */
  holderArns: string[];
  /** The layout's user path, for the path form; undefined (or `/`) when users live at the root. */
  peoplePath?: string;
  form: TrustFormChoice;
  /** IAM's trust size quota for the account (2,048 by default, up to 4,096 raised). */
  maxChars: number;
  /** Escape-hatch statements appended to the trust (they count towards its size). */
  additionalStatements?: Statement[];
}

export interface RoleTrust {
  form: TrustForm;
  document: PolicyDocument;
  /** Its size as IAM counts it (white space not counted). */
  size: number;
}

/**
 * The trust of one role in one account, in the form asked for. `auto` keeps the exact form while
 * it fits the quota (it names each person, which is the tighter statement and changes nothing for
 * stacks that fit), and switches to the path form when it would not fit and the layout has a path
 * of its own. Without one, the exact form is returned and the caller reports the size.
 */
export function roleTrust(args: RoleTrustArgs): RoleTrust {
  const hasPath = args.peoplePath !== undefined && args.peoplePath !== "/";
  const build = (form: TrustForm): RoleTrust => {
    const document = mfaTrustPolicy({
      identityAccountId: args.identityAccountId,
      partition: args.partition,
      mfaMaxAgeSeconds: args.mfaMaxAgeSeconds,
      validUntil: args.validUntil,
      ...(form === "path" ? { principalPath: args.peoplePath } : { principalArns: args.holderArns }),
    });
    document.Statement.push(...(args.additionalStatements ?? []));
    return { form, document, size: policySize(document) };
  };
  if (args.form === "exact" || (args.form === "auto" && (!hasPath || args.holderArns.length === 0))) return build("exact");
  if (args.form === "path") return build("path");
  const exact = build("exact");
  return exact.size <= args.maxChars ? exact : build("path");
}

export interface AssumableRoleGrant extends MfaRequirement {
  /** A label for messages, e.g. `Admin@identity`. */
  label: string;
  roleArn: string;
}

export interface GrantDocumentLimits {
  /** Size quota of the group's inline policies, together (5,120). */
  inlineMaxChars: number;
  /** Size quota of one customer managed policy (6,144). */
  managedMaxChars: number;
}

/** The quotas of IAM's "IAM and AWS STS quotas" page; see config/quotas.ts. */
export const DEFAULT_GRANT_LIMITS: GrantDocumentLimits = { inlineMaxChars: 5120, managedMaxChars: 6144 };

const requirementKey = (g: MfaRequirement) => `${String(g.mfaMaxAgeSeconds).padStart(6, "0")}|${g.validUntil ?? ""}`;

/**
 * Group policies: `sts:AssumeRole` on the explicit ARNs of its roles only (never a wildcard),
 * with MFA and TLS, in compact form: one statement per MFA requirement (age bound and expiry)
 * listing every ARN that shares it, so a role in 40 accounts costs 40 ARNs, not 40 statements.
 *
 * Returns the documents in order: the first is the group's inline policy (its size within the
 * group's inline quota), any further one a customer managed policy (each within the managed
 * policy quota). A statement is split across documents when its ARNs do not fit in one.
 */
export function assumeRolesDocuments(grants: AssumableRoleGrant[], limits: GrantDocumentLimits = DEFAULT_GRANT_LIMITS): PolicyDocument[] {
  const byRequirement = new Map<string, { req: MfaRequirement; arns: Set<string> }>();
  for (const g of grants) {
    const key = requirementKey(g);
    let entry = byRequirement.get(key);
    if (!entry) byRequirement.set(key, (entry = { req: { mfaMaxAgeSeconds: g.mfaMaxAgeSeconds, validUntil: g.validUntil }, arns: new Set() }));
    entry.arns.add(g.roleArn);
  }
  if (byRequirement.size === 0) return [];

  const docs: Statement[][] = [[]];
  const limitOf = (i: number) => (i === 0 ? limits.inlineMaxChars : limits.managedMaxChars);
  let docSize = policySize(policyDocument([]));
  for (const key of [...byRequirement.keys()].sort()) {
    const { req, arns } = byRequirement.get(key)!;
    let current: Statement | undefined;
    for (const arn of [...arns].sort()) {
      const added = JSON.stringify(arn).length + 1;
      if (current && docSize + added <= limitOf(docs.length - 1)) {
        (current.Resource as string[]).push(arn);
        docSize += added;
        continue;
      }
      const statement = grantStatement(req, [arn]);
      const cost = policySize(statement) + (docs[docs.length - 1].length > 0 ? 1 : 0);
      if (docSize + cost > limitOf(docs.length - 1)) {
        docs.push([]);
        docSize = policySize(policyDocument([]));
        // A document after the first is a managed policy.
        const fresh = policySize(statement);
        if (docSize + fresh > limits.managedMaxChars) throw new Error(`assumeRolesDocuments: one grant on ${arn} alone exceeds ${limits.managedMaxChars} characters`);
        docSize += fresh;
      } else {
        docSize += cost;
      }
      docs[docs.length - 1].push(statement);
      current = statement;
    }
  }
  return docs.map((statements) => policyDocument(statements));
}

function grantStatement(req: MfaRequirement, arns: string[]): Statement {
  return {
    Sid: toSid("AssumeWithMfa", `MaxAge ${req.mfaMaxAgeSeconds}`, req.validUntil === undefined ? "" : `Until ${req.validUntil}`),
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Resource: arns,
    Condition: mfaConditions(req, { Bool: { "aws:SecureTransport": "true" } }),
  };
}

/** Name of the n-th (from 2) document of a group's grants, a customer managed policy: `Developers-assume-roles-2`. */
export function grantPolicyName(groupName: string, n: number): string {
  return `${groupName}-assume-roles-${n}`;
}

/** The whole grant of a group as one document (the compact form, whatever its size). */
export function assumeRolesPolicy(grants: AssumableRoleGrant[]): PolicyDocument {
  const unlimited = { inlineMaxChars: Number.MAX_SAFE_INTEGER, managedMaxChars: Number.MAX_SAFE_INTEGER };
  return assumeRolesDocuments(grants, unlimited)[0] ?? policyDocument([]);
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
