/**
 * Answers to provider functions (invokes) with the shapes the AWS provider returns, for the ones
 * IAM and common programs depend on. Anything else is answered with its own inputs and reported
 * as not modelled, so the report says the gate guessed.
 */
import { AwsContext, dnsSuffixOf, hexOf, iamUniqueId } from "./awsContext";
import { PolicyDocumentArgs, renderPolicyDocument } from "./policyDocument";

type Props = Record<string, unknown>;

const REGION_NAMES: Record<string, string> = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "eu-west-1": "Europe (Ireland)",
  "eu-west-2": "Europe (London)",
  "eu-central-1": "Europe (Frankfurt)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
};

/** `use1`, `euw1`: the prefix of AWS availability zone ids. */
function zoneIdPrefix(region: string): string {
  const [geo, dir, n] = region.split("-");
  const d = { east: "e", west: "w", central: "c", north: "n", south: "s", northeast: "ne", southeast: "se", northwest: "nw", southwest: "sw" }[dir] ?? dir.slice(0, 1);
  return `${geo}${d}${n}`;
}

/**
 * The ECS and EKS optimized-AMI parameters: `.../recommended` is a JSON document (what
 * `JSON.parse(value).image_id` reads), `.../recommended/<field>` one of its fields.
 */
function optimizedAmi(name: string): { value: string; type: string } | undefined {
  const m = /^(\/aws\/service\/(ecs|eks)\/optimized-ami\/(.+)\/recommended)(?:\/([a-z_]+))?$/.exec(name);
  if (!m) return undefined;
  const [, base, service, variant, field] = m;
  const version = "2.0.20250101";
  const doc: Record<string, string | number> = {
    schema_version: 1,
    image_id: `ami-${hexOf(base, 17)}`,
    image_name: `amzn2-ami-${service}-${variant.replace(/\//g, "-")}-${version}-x86_64`,
    image_version: version,
    os: variant.includes("2023") ? "Amazon Linux 2023" : "Amazon Linux 2",
    ...(service === "ecs" ? { ecs_agent_version: "1.89.2", ecs_runtime_version: "Docker version 25.0.6" } : { release_version: `${variant.split("/")[0]}.0-20250101` }),
  };
  if (field === undefined) return { value: JSON.stringify(doc), type: "String" };
  return { value: String(doc[field] ?? `mock-${field}`), type: "String" };
}

function ssmValue(name: string, seed: string): { value: string; type: string } {
  const recommended = optimizedAmi(name);
  if (recommended) return recommended;
  if (/ami|image/i.test(name)) return { value: `ami-${hexOf(seed, 17)}`, type: "String" };
  if (/\/aws\/service\/global-infrastructure\/regions$/.test(name)) return { value: Object.keys(REGION_NAMES).join(","), type: "StringList" };
  if (/version/i.test(name)) return { value: "1", type: "String" };
  return { value: `mock-value-of-${name.replace(/^\//, "").replace(/\//g, "-")}`, type: "String" };
}

export interface InvokeAnswer {
  result: Props;
  /** False when the function is not modelled and was answered with its own inputs. */
  modelled: boolean;
}

export function answerInvoke(token: string, inputs: Props, at: AwsContext): InvokeAnswer {
  const { account, region, partition } = at;
  const r = typeof inputs.region === "string" ? inputs.region : region;
  const answered = (result: Props): InvokeAnswer => ({ result, modelled: true });
  switch (token) {
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return answered({ ...inputs, ...renderPolicyDocument(inputs as PolicyDocumentArgs) });
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return answered({ id: account, accountId: account, arn: `arn:${partition}:iam::${account}:user/pulumi-deployer`, userId: iamUniqueId("AIDA", `${account}/pulumi-deployer`) });
    case "aws:index/getPartition:getPartition":
      return answered({ id: partition, partition, dnsSuffix: dnsSuffixOf(partition), reverseDnsPrefix: dnsSuffixOf(partition).split(".").reverse().join(".") });
    case "aws:index/getRegion:getRegion":
      return answered({ id: r, name: r, region: r, description: REGION_NAMES[r] ?? r, endpoint: `ec2.${r}.${dnsSuffixOf(partition)}` });
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const letters = ["a", "b", "c"];
      return answered({ ...inputs, id: r, names: letters.map((l) => `${r}${l}`), zoneIds: letters.map((_, i) => `${zoneIdPrefix(r)}-az${i + 1}`), groupNames: [r] });
    }
    case "aws:organizations/getOrganization:getOrganization": {
      const id = `o-${hexOf(`org/${account}`, 10)}`;
      const root = `r-${hexOf(`root/${account}`, 4)}`;
      const me = { id: account, arn: `arn:${partition}:organizations::${account}:account/${id}/${account}`, email: `aws+${account}@example.com`, name: "management", status: "ACTIVE" };
      return answered({
        id,
        arn: `arn:${partition}:organizations::${account}:organization/${id}`,
        featureSet: "ALL",
        masterAccountId: account,
        masterAccountArn: me.arn,
        masterAccountEmail: me.email,
        masterAccountName: me.name,
        accounts: [me],
        nonMasterAccounts: [],
        awsServiceAccessPrincipals: [],
        enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
        roots: [{ id: root, arn: `arn:${partition}:organizations::${account}:root/${id}/${root}`, name: "Root", policyTypes: [{ type: "SERVICE_CONTROL_POLICY", status: "ENABLED" }] }],
      });
    }
    case "aws:ssm/getParameter:getParameter": {
      const name = String(inputs.name ?? "");
      const { value, type } = ssmValue(name, name);
      return answered({ ...inputs, id: name, name, value, insecureValue: value, type, version: 1, arn: `arn:${partition}:ssm:${r}:${name.startsWith("/aws/") ? "" : account}:parameter${name.startsWith("/") ? "" : "/"}${name}` });
    }
    case "aws:ssm/getParametersByPath:getParametersByPath": {
      const path = String(inputs.path ?? "/");
      const names = [1, 2].map((i) => `${path.replace(/\/$/, "")}/param-${i}`);
      return answered({ ...inputs, id: path, names, values: names.map((n) => ssmValue(n, n).value), types: names.map(() => "String"), arns: names.map((n) => `arn:${partition}:ssm:${r}:${account}:parameter${n}`) });
    }
    case "aws:ec2/getAmi:getAmi": {
      const id = `ami-${hexOf(JSON.stringify(inputs), 17)}`;
      return answered({ ...inputs, id, imageId: id, arn: `arn:${partition}:ec2:${r}::image/${id}`, architecture: "x86_64", name: "al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64", ownerId: "137112412989" });
    }
    case "aws:ec2/getVpc:getVpc": {
      const id = typeof inputs.id === "string" ? inputs.id : `vpc-${hexOf(`${account}/${r}/default`, 17)}`;
      return answered({ ...inputs, id, arn: `arn:${partition}:ec2:${r}:${account}:vpc/${id}`, cidrBlock: "172.31.0.0/16", default: inputs.default ?? true, ownerId: account });
    }
    case "aws:ec2/getSubnets:getSubnets":
      return answered({ ...inputs, id: r, ids: ["a", "b", "c"].map((l) => `subnet-${hexOf(`${account}/${r}/${l}`, 17)}`) });
    case "aws:iam/getPolicy:getPolicy": {
      const arn = typeof inputs.arn === "string" ? inputs.arn : `arn:${partition}:iam::aws:policy/${String(inputs.name ?? "")}`;
      const name = arn.split("/").pop() ?? "";
      return answered({ ...inputs, id: arn, arn, name, path: "/", policyId: iamUniqueId("ANPA", arn), policy: "" });
    }
    case "aws:iam/getRole:getRole": {
      const name = String(inputs.name ?? "");
      return answered({ ...inputs, id: name, name, arn: `arn:${partition}:iam::${account}:role/${name}`, path: "/", uniqueId: iamUniqueId("AROA", name) });
    }
    case "aws:iam/getSessionContext:getSessionContext": {
      const arn = String(inputs.arn ?? "");
      const m = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
      return answered({ ...inputs, id: arn, issuerArn: m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn, issuerName: m?.[3] ?? "", sessionName: m?.[4] ?? "", issuerId: iamUniqueId("AROA", arn) });
    }
    case "aws:route53/getZone:getZone": {
      const name = String(inputs.name ?? "example.com").replace(/\.$/, "");
      const zoneId = typeof inputs.zoneId === "string" ? inputs.zoneId : `Z${iamUniqueId("", `${account}/zone/${name}`).slice(0, 13)}`;
      const ns = [1, 2, 3, 4].map((i) => `ns-${parseInt(hexOf(`${zoneId}/${i}`, 3), 16) % 2048}.awsdns-${String(i * 11).padStart(2, "0")}.${["com", "net", "org", "co.uk"][i - 1]}`);
      return answered({ ...inputs, id: zoneId, zoneId, name, arn: `arn:${partition}:route53:::hostedzone/${zoneId}`, privateZone: inputs.privateZone ?? false, nameServers: ns, primaryNameServer: ns[0], resourceRecordSetCount: 2, callerReference: zoneId, comment: "", tags: {} });
    }
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
      const registry = typeof inputs.registryId === "string" ? inputs.registryId : account;
      const password = `mock-ecr-token-${hexOf(`${registry}/${r}`, 16)}`;
      return answered({
        ...inputs,
        id: r,
        registryId: registry,
        userName: "AWS",
        password,
        authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
        proxyEndpoint: `https://${registry}.dkr.ecr.${r}.${dnsSuffixOf(partition)}`,
        expiresAt: "2025-01-01T12:00:00Z",
      });
    }
    case "aws:index/getDefaultTags:getDefaultTags":
      return answered({ id: "aws", tags: {} });
    default:
      return { result: inputs, modelled: false };
  }
}
