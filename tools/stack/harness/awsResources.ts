/**
 * What the AWS provider fills in for a resource, in two parts:
 * - `checked`: what the engine knows at preview, after the provider's Check (the autoname
 *   `<name>-<7 hex>` of a `name` the program left out, and IAM's `path` default);
 * - `computed`: what only the created resource has (`arn`, `id`, `uniqueId`, …), unknown during
 *   `pulumi preview`. ARNs have the shapes AWS gives them, in the provider's account and region.
 */
import { AwsContext, hexOf, iamUniqueId } from "./awsContext";

type Props = Record<string, unknown>;

export interface ResourceFacts {
  account: AwsContext;
  /** A stable seed for generated names and ids (the resource's URN). */
  seed: string;
  /** The Pulumi resource name. */
  name: string;
  inputs: Props;
}

interface TypeModel {
  /** The property Pulumi autonames when the program leaves it out. */
  autoname?: string;
  lowercase?: boolean;
  /** IAM resources default `path` to `/`. */
  iamPath?: boolean;
  computed(name: string, f: ResourceFacts): Props;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const iamPath = (f: ResourceFacts) => str(f.inputs.path) ?? "/";
const iamArn = (f: ResourceFacts, kind: string, name: string, withPath = true) =>
  `arn:${f.account.partition}:iam::${f.account.account}:${kind}${withPath ? iamPath(f) : "/"}${name}`;
const regional = (f: ResourceFacts, service: string, rest: string) => `arn:${f.account.partition}:${service}:${f.account.region}:${f.account.account}:${rest}`;
const CREATED = "2025-01-01T00:00:00Z";

const MODELS: Record<string, TypeModel> = {
  "aws:iam/role:Role": {
    autoname: "name",
    iamPath: true,
    computed: (name, f) => ({ id: name, arn: iamArn(f, "role", name), uniqueId: iamUniqueId("AROA", f.seed), createDate: CREATED }),
  },
  "aws:iam/user:User": {
    autoname: "name",
    iamPath: true,
    computed: (name, f) => ({ id: name, arn: iamArn(f, "user", name), uniqueId: iamUniqueId("AIDA", f.seed) }),
  },
  "aws:iam/group:Group": {
    autoname: "name",
    iamPath: true,
    computed: (name, f) => ({ id: name, arn: iamArn(f, "group", name), uniqueId: iamUniqueId("AGPA", f.seed) }),
  },
  "aws:iam/policy:Policy": {
    autoname: "name",
    iamPath: true,
    computed: (name, f) => ({ id: iamArn(f, "policy", name), arn: iamArn(f, "policy", name), policyId: iamUniqueId("ANPA", f.seed), attachmentCount: 0 }),
  },
  "aws:iam/instanceProfile:InstanceProfile": {
    autoname: "name",
    iamPath: true,
    computed: (name, f) => ({ id: name, arn: iamArn(f, "instance-profile", name), uniqueId: iamUniqueId("AIPA", f.seed), createDate: CREATED }),
  },
  "aws:iam/rolePolicy:RolePolicy": { autoname: "name", computed: (name, f) => ({ id: `${str(f.inputs.role) ?? ""}:${name}` }) },
  "aws:iam/userPolicy:UserPolicy": { autoname: "name", computed: (name, f) => ({ id: `${str(f.inputs.user) ?? ""}:${name}` }) },
  "aws:iam/groupPolicy:GroupPolicy": { autoname: "name", computed: (name, f) => ({ id: `${str(f.inputs.group) ?? ""}:${name}` }) },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { computed: (_n, f) => ({ id: `${str(f.inputs.role) ?? ""}-${hexOf(f.seed, 26)}` }) },
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": { computed: (_n, f) => ({ id: `${str(f.inputs.user) ?? ""}-${hexOf(f.seed, 26)}` }) },
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { computed: (_n, f) => ({ id: `${str(f.inputs.group) ?? ""}-${hexOf(f.seed, 26)}` }) },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
    computed: (_n, f) => {
      const arn = iamArn(f, "oidc-provider", (str(f.inputs.url) ?? "").replace(/^https:\/\//, ""), false);
      return { id: arn, arn };
    },
  },
  "aws:iam/samlProvider:SamlProvider": { autoname: "name", computed: (name, f) => ({ id: iamArn(f, "saml-provider", name, false), arn: iamArn(f, "saml-provider", name, false) }) },
  "aws:iam/virtualMfaDevice:VirtualMfaDevice": {
    computed: (_n, f) => ({ id: iamArn(f, "mfa", str(f.inputs.virtualMfaDeviceName) ?? f.name), arn: iamArn(f, "mfa", str(f.inputs.virtualMfaDeviceName) ?? f.name), base32StringSeed: hexOf(f.seed, 32).toUpperCase() }),
  },
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
    computed: (_n, f) => {
      const service = str(f.inputs.awsServiceName) ?? "service.amazonaws.com";
      const short = service.split(".")[0];
      const name = `AWSServiceRoleFor${short.charAt(0).toUpperCase()}${short.slice(1)}${str(f.inputs.customSuffix) ? `_${f.inputs.customSuffix}` : ""}`;
      const arn = `arn:${f.account.partition}:iam::${f.account.account}:role/aws-service-role/${service}/${name}`;
      return { id: arn, arn, name, path: `/aws-service-role/${service}/`, uniqueId: iamUniqueId("AROA", f.seed), createDate: CREATED };
    },
  },
  "aws:iam/accessKey:AccessKey": {
    computed: (_n, f) => ({
      id: iamUniqueId("AKIA", f.seed),
      [f.inputs.pgpKey ? "encryptedSecret" : "secret"]: `mock-secret-${f.name}`,
      [f.inputs.pgpKey ? "encryptedSesSmtpPasswordV4" : "sesSmtpPasswordV4"]: `mock-smtp-${f.name}`,
      keyFingerprint: f.inputs.pgpKey ? hexOf(f.seed, 40) : undefined,
      createDate: CREATED,
      status: str(f.inputs.status) ?? "Active",
    }),
  },
  "aws:iam/userLoginProfile:UserLoginProfile": {
    computed: (_n, f) => ({ id: str(f.inputs.user) ?? f.name, [f.inputs.pgpKey ? "encryptedPassword" : "password"]: `mock-password-${f.name}`, keyFingerprint: f.inputs.pgpKey ? hexOf(f.seed, 40) : undefined }),
  },
  "aws:s3/bucket:Bucket": { autoname: "bucket", lowercase: true, computed: (bucket, f) => bucketOutputs(bucket, f) },
  "aws:s3/bucketV2:BucketV2": { autoname: "bucket", lowercase: true, computed: (bucket, f) => bucketOutputs(bucket, f) },
  "aws:lambda/function:Function": {
    autoname: "name",
    computed: (name, f) => {
      const arn = regional(f, "lambda", `function:${name}`);
      return { id: name, arn, qualifiedArn: `${arn}:$LATEST`, invokeArn: `arn:${f.account.partition}:apigateway:${f.account.region}:lambda:path/2015-03-31/functions/${arn}/invocations`, version: "$LATEST", lastModified: CREATED };
    },
  },
  "aws:sqs/queue:Queue": {
    autoname: "name",
    computed: (name, f) => {
      const url = `https://sqs.${f.account.region}.amazonaws.com/${f.account.account}/${name}`;
      return { id: url, url, arn: regional(f, "sqs", name) };
    },
  },
  "aws:sns/topic:Topic": { autoname: "name", computed: (name, f) => ({ id: regional(f, "sns", name), arn: regional(f, "sns", name), owner: f.account.account }) },
  "aws:kms/key:Key": {
    computed: (_n, f) => {
      const h = hexOf(f.seed, 32);
      const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
      return { id: keyId, keyId, arn: regional(f, "kms", `key/${keyId}`) };
    },
  },
  "aws:kms/alias:Alias": { computed: (_n, f) => ({ id: str(f.inputs.name) ?? "", arn: regional(f, "kms", str(f.inputs.name) ?? "") }) },
  "aws:dynamodb/table:Table": { autoname: "name", computed: (name, f) => ({ id: name, arn: regional(f, "dynamodb", `table/${name}`), streamArn: f.inputs.streamEnabled ? regional(f, "dynamodb", `table/${name}/stream/${CREATED}`) : undefined }) },
  "aws:ecr/repository:Repository": {
    autoname: "name",
    lowercase: true,
    computed: (name, f) => ({ id: name, arn: regional(f, "ecr", `repository/${name}`), registryId: f.account.account, repositoryUrl: `${f.account.account}.dkr.ecr.${f.account.region}.amazonaws.com/${name}` }),
  },
  "aws:ecs/cluster:Cluster": { autoname: "name", computed: (name, f) => ({ id: regional(f, "ecs", `cluster/${name}`), arn: regional(f, "ecs", `cluster/${name}`) }) },
  "aws:ecs/taskDefinition:TaskDefinition": {
    computed: (_n, f) => {
      const family = str(f.inputs.family) ?? f.name;
      return { id: family, arn: regional(f, "ecs", `task-definition/${family}:1`), arnWithoutRevision: regional(f, "ecs", `task-definition/${family}`), revision: 1 };
    },
  },
  "aws:eks/cluster:Cluster": {
    autoname: "name",
    computed: (name, f) => {
      const oidc = hexOf(f.seed, 32).toUpperCase();
      return {
        id: name,
        arn: regional(f, "eks", `cluster/${name}`),
        endpoint: `https://${oidc}.gr7.${f.account.region}.eks.amazonaws.com`,
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${f.account.region}.amazonaws.com/id/${oidc}` }] }],
        certificateAuthority: { data: Buffer.from(`mock-ca-${name}`).toString("base64") },
        status: "ACTIVE",
      };
    },
  },
  "aws:cloudwatch/logGroup:LogGroup": { autoname: "name", computed: (name, f) => ({ id: name, arn: regional(f, "logs", `log-group:${name}`) }) },
  "aws:secretsmanager/secret:Secret": { autoname: "name", computed: (name, f) => ({ id: regional(f, "secretsmanager", `secret:${name}-${hexOf(f.seed, 6)}`), arn: regional(f, "secretsmanager", `secret:${name}-${hexOf(f.seed, 6)}`) }) },
  "aws:ec2/vpc:Vpc": { computed: (_n, f) => ec2Id(f, "vpc", { defaultSecurityGroupId: `sg-${hexOf(`${f.seed}sg`, 17)}`, mainRouteTableId: `rtb-${hexOf(`${f.seed}rtb`, 17)}` }) },
  "aws:ec2/subnet:Subnet": { computed: (_n, f) => ec2Id(f, "subnet", {}) },
  "aws:ec2/securityGroup:SecurityGroup": { autoname: "name", computed: (_n, f) => ec2Id(f, "security-group", { ownerId: f.account.account }, "sg") },
  "aws:ec2/instance:Instance": { computed: (_n, f) => ec2Id(f, "instance", { privateIp: "10.0.0.10" }, "i") },
};

function bucketOutputs(bucket: string, f: ResourceFacts): Props {
  return {
    id: bucket,
    arn: `arn:${f.account.partition}:s3:::${bucket}`,
    bucketDomainName: `${bucket}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${bucket}.s3.${f.account.region}.amazonaws.com`,
    region: f.account.region,
    hostedZoneId: "Z3AQBSTGFYJSTF",
  };
}

function ec2Id(f: ResourceFacts, kind: string, extra: Props, prefix = kind): Props {
  const id = `${prefix}-${hexOf(f.seed, 17)}`;
  return { id, arn: regional(f, "ec2", `${kind}/${id}`), ...extra };
}

/** `aws:iam/role:Role` -> `iam`, `role`. */
function tokenParts(type: string): { service: string; kind: string } {
  const [, mod = "", member = ""] = type.split(":");
  return { service: mod.split("/")[0], kind: member.replace(/^./, (c) => c.toLowerCase()) };
}

/** Autonames as the Pulumi AWS provider makes them: `<name>-<7 hex>` (lower-cased where AWS requires). */
export function autoname(name: string, seed: string, lowercase = false): string {
  const n = `${name}-${hexOf(seed, 7)}`;
  return lowercase ? n.toLowerCase() : n;
}

/**
 * `checked`: values added by the provider's Check, known at preview. `computed`: values only the
 * created resource has (every one unknown at preview). Unknown input values yield unknown outputs.
 */
export function providerFills(type: string, f: ResourceFacts, isUnknown: (v: unknown) => boolean): { checked: Props; computed: Props; unknownAtPreview: string[] } {
  const model = MODELS[type];
  const checked: Props = {};
  const computed: Props = {};
  if (!type.startsWith("aws:") || type.startsWith("aws:index/")) return { checked, computed, unknownAtPreview: [] };
  if (!model) {
    // A type without a model: an id and an ARN of the usual shape, so that applies over them resolve.
    const { service, kind } = tokenParts(type);
    const id = `${f.name}-${hexOf(f.seed, 8)}`;
    return { checked, computed: { id, arn: f.inputs.arn ?? `arn:${f.account.partition}:${service}:${f.account.region}:${f.account.account}:${kind}/${id}` }, unknownAtPreview: ["id", "arn"] };
  }
  let name: string | undefined;
  const unknownAtPreview: string[] = [];
  if (model.autoname) {
    const given = f.inputs[model.autoname];
    if (isUnknown(given)) name = undefined; // derived from another resource's output: known when that one is
    else if (typeof given === "string") name = given;
    else if (given === undefined && typeof f.inputs.namePrefix === "string") {
      name = `${f.inputs.namePrefix}${hexOf(f.seed, 26).replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))}`;
      computed[model.autoname] = name; // a prefix-generated name is the provider's, unknown at preview
      unknownAtPreview.push(model.autoname);
    } else if (given === undefined) {
      name = autoname(f.name, f.seed, model.lowercase);
      checked[model.autoname] = name;
    }
  }
  if (model.iamPath && f.inputs.path === undefined) checked.path = "/";
  const values = model.computed(name ?? f.name, { ...f, inputs: { ...f.inputs, ...checked } });
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    computed[k] = v;
    unknownAtPreview.push(k);
  }
  return { checked, computed, unknownAtPreview: [...new Set(unknownAtPreview)] };
}
