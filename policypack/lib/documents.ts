/**
 * Where IAM documents live in Pulumi resources, for the AWS classic and AWS native providers.
 * Reading a property that is unknown during preview throws the policy SDK's UnknownValueError,
 * which the SDK reports as "can't run policy during preview": the rule then runs during `pulumi up`.
 */
export type DocumentKind = "trust" | "identity" | "resource" | "scp";

export interface ResourceDocument {
  /** Property path, for messages: `assumeRolePolicy`, `inlinePolicies[0].policy`. */
  field: string;
  kind: DocumentKind;
  raw: unknown;
}

type Props = Record<string, unknown>;

const IDENTITY_POLICY_TYPES: Record<string, string> = {
  "aws:iam/policy:Policy": "policy",
  "aws:iam/userPolicy:UserPolicy": "policy",
  "aws:iam/groupPolicy:GroupPolicy": "policy",
  "aws:iam/rolePolicy:RolePolicy": "policy",
  "aws-native:iam:ManagedPolicy": "policyDocument",
  "aws-native:iam:UserPolicy": "policyDocument",
  "aws-native:iam:GroupPolicy": "policyDocument",
  "aws-native:iam:RolePolicy": "policyDocument",
};

const RESOURCE_POLICY_TYPES: Record<string, string> = {
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:s3/bucket:Bucket": "policy",
  "aws:s3/bucketV2:BucketV2": "policy",
  "aws-native:s3:BucketPolicy": "policyDocument",
  "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
  "aws:ecr/registryPolicy:RegistryPolicy": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
  "aws:sqs/queue:Queue": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
  "aws:sns/topic:Topic": "policy",
  "aws:kms/key:Key": "policy",
  "aws:kms/keyPolicy:KeyPolicy": "policy",
  "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
  "aws-native:ecr:Repository": "repositoryPolicyText",
  "aws-native:sqs:QueuePolicy": "policyDocument",
  "aws-native:sns:TopicPolicy": "policyDocument",
  "aws-native:kms:Key": "keyPolicy",
};

/** Types whose IAM documents this pack reads. */
export const DOCUMENT_TYPES = [
  "aws:iam/role:Role",
  "aws-native:iam:Role",
  "aws-native:iam:User",
  "aws-native:iam:Group",
  "aws:organizations/policy:Policy",
  ...Object.keys(IDENTITY_POLICY_TYPES),
  ...Object.keys(RESOURCE_POLICY_TYPES),
];

export function documentsOf(type: string, props: Props): ResourceDocument[] {
  const docs: ResourceDocument[] = [];
  const push = (field: string, kind: DocumentKind, raw: unknown) => {
    if (raw !== undefined && raw !== null && raw !== "") docs.push({ field, kind, raw });
  };
  if (IDENTITY_POLICY_TYPES[type]) push(IDENTITY_POLICY_TYPES[type], "identity", props[IDENTITY_POLICY_TYPES[type]]);
  if (RESOURCE_POLICY_TYPES[type]) push(RESOURCE_POLICY_TYPES[type], "resource", props[RESOURCE_POLICY_TYPES[type]]);
  switch (type) {
    case "aws:iam/role:Role":
      push("assumeRolePolicy", "trust", props.assumeRolePolicy);
      listOf(props.inlinePolicies).forEach((p, i) => push(`inlinePolicies[${i}].policy`, "identity", (p as Props)?.policy));
      break;
    case "aws-native:iam:Role":
      push("assumeRolePolicyDocument", "trust", props.assumeRolePolicyDocument);
      listOf(props.policies).forEach((p, i) => push(`policies[${i}].policyDocument`, "identity", (p as Props)?.policyDocument));
      break;
    case "aws-native:iam:User":
    case "aws-native:iam:Group":
      listOf(props.policies).forEach((p, i) => push(`policies[${i}].policyDocument`, "identity", (p as Props)?.policyDocument));
      break;
    case "aws:organizations/policy:Policy":
      if (props.type === undefined || props.type === "SERVICE_CONTROL_POLICY") push("content", "scp", props.content);
      break;
  }
  return docs;
}

/** Inline policies a resource gives a *user* (for `iam-user-no-inline-admin`). */
export function userInlinePolicies(type: string, props: Props): ResourceDocument[] {
  if (type === "aws:iam/userPolicy:UserPolicy") return documentsOf(type, props);
  if (type === "aws-native:iam:User") return documentsOf(type, props);
  if (type === "aws-native:iam:UserPolicy") return documentsOf(type, props);
  return [];
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
