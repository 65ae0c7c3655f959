/**
 * A test stand-in for the AWS provider plugin (`pulumi-resource-aws`), served with
 * `@pulumi/pulumi/provider`, for the engine tests only: the real plugin cannot be built here and
 * no AWS account is reached. It answers the engine as the SDK mocks of `tools/stack/mockProgram.ts`
 * answer the program: Check returns the inputs, Diff compares them, Create returns the inputs plus
 * computed `arn`, `uniqueId` and an id, and secrets AWS would generate (console passwords, access
 * key secrets). The engine starts one stand-in per provider (the default one and each explicit
 * `aws.Provider`) and configures it with that provider's settings: its account is the one the
 * gate's mocks give the same settings (`allowedAccountIds`, the assumed role's account), else the
 * mocks' fallback; `aws:index/getCallerIdentity:getCallerIdentity` answers with that account, else
 * the stand-in account.
 * `bin/pulumi-resource-aws` starts it; only `npm run test:engine` puts that folder on PATH.
 */
import * as fs from "fs";
import { isDeepStrictEqual } from "util";
import * as grpc from "@grpc/grpc-js";
import { main, Provider } from "@pulumi/pulumi/provider";
import { accountOfSettings, FALLBACK_ACCOUNT, partitionOf } from "../../../tools/stack/harness/awsContext";
import { providerFills } from "../../../tools/stack/harness/awsResources";

type Props = Record<string, unknown>;

/** This provider instance's settings, as the engine's Configure call gives them (`allowedAccountIds`, `region`, `assumeRoles`, ...). */
let settings: Props = {};
const configuredAccount = () => accountOfSettings((key) => settings[key]);

interface ConfigureCall {
  request: { getArgs(): { toJavaScript(): Props } | undefined };
}

// The SDK's provider server answers Configure without handing the settings to the provider: read
// them on their way in, by wrapping its Configure handler when the server registers it.
const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (this: grpc.Server, service, implementation) {
  const handlers = implementation as Record<string, unknown>;
  const configure = handlers.configure;
  if (typeof configure === "function") {
    handlers.configure = (call: ConfigureCall, callback: unknown) => {
      settings = call.request.getArgs()?.toJavaScript() ?? {};
      return configure.call(implementation, call, callback);
    };
  }
  return addService.call(this, service, implementation);
};

/** What the stand-in computes: never compared by Diff, since the program does not set them. */
const COMPUTED = new Set(["id", "arn", "uniqueId", "password", "encryptedPassword", "secret", "encryptedSecret", "keyFingerprint", "createDate", "status"]);
const STAND_IN_ACCOUNT = "000000000000";

const awsPackage = JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json", { paths: [process.cwd(), __dirname] }), "utf8")) as { version: string };

function typeOf(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * What the provider computes, from the same model the gate's mocks use (tools/stack/harness), so
 * that outputs built from provider values (access key ids, passwords) are the same under both.
 * The account and region are this provider's, from its settings, as the mocks derive them.
 */
function fills(urn: string, inputs: Props): Props {
  const region = typeof settings.region === "string" ? settings.region : "us-east-1";
  const context = { account: configuredAccount() ?? FALLBACK_ACCOUNT, region, partition: partitionOf(region) };
  const { checked, computed } = providerFills(typeOf(urn), { account: context, seed: urn, name: nameOf(urn), inputs }, () => false);
  return { ...checked, ...computed };
}

function computed(urn: string, inputs: Props): Props {
  const filled = fills(urn, inputs);
  return { ...inputs, ...filled, arn: inputs.arn ?? filled.arn ?? `arn:mock:${typeOf(urn)}:${nameOf(urn)}` };
}

/** The input keys whose values differ between the old state and the new inputs (what the provider computes aside). */
export function changedKeys(olds: Props, news: Props, providerComputed: Iterable<string> = []): string[] {
  const ignored = new Set([...COMPUTED, ...providerComputed]);
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !ignored.has(k) && !k.startsWith("__")));
  return [...keys].filter((k) => !isDeepStrictEqual(olds[k], news[k])).sort();
}

/** The resources of `aws` that the component package's schema (`iam-baseline:index:*` outputs) refers to. */
const SCHEMA_RESOURCES = ["aws:iam/user:User", "aws:iam/group:Group", "aws:iam/role:Role", "aws:iam/policy:Policy"];

/** Not the real provider's schema (its resources' inputs are not listed): enough to bind a schema that refers to these resources. */
export function standInSchema(version: string): string {
  const property = (description: string) => ({ type: "string", description });
  const resources = Object.fromEntries(
    SCHEMA_RESOURCES.map((token) => [
      token,
      {
        description: `${token} (AWS provider test stand-in)`,
        properties: { arn: property("The ARN."), name: property("The name."), uniqueId: property("The stable unique id.") },
        required: ["arn", "name"],
        inputProperties: { name: property("The name.") },
      },
    ]),
  );
  return JSON.stringify({ name: "aws", version, description: "AWS provider test stand-in (engine tests only)", resources });
}

const provider: Provider = {
  version: awsPackage.version,
  async getSchema() {
    return standInSchema(awsPackage.version);
  },
  async check(_urn, _olds, news) {
    return { inputs: news };
  },
  async diff(_id, urn, olds, news) {
    const changed = changedKeys(olds as Props, news as Props, Object.keys(fills(urn, news as Props)));
    // A new IAM name means a new IAM entity: replace, as the real provider does.
    return { changes: changed.length > 0, replaces: changed.filter((k) => k === "name" || k === "namePrefix" || k === "path") };
  },
  async create(urn, inputs) {
    const outs = computed(urn, inputs as Props);
    return { id: typeof outs.id === "string" ? outs.id : `${nameOf(urn)}-id`, outs };
  },
  async read(id, _urn, props) {
    return { id, props };
  },
  async update(_id, urn, _olds, news) {
    return { outs: computed(urn, news as Props) };
  },
  async delete() {},
  async invoke(token) {
    if (token === "aws:index/getCallerIdentity:getCallerIdentity") {
      const account = configuredAccount() ?? STAND_IN_ACCOUNT;
      return { outputs: { accountId: account, arn: `arn:aws:iam::${account}:user/stand-in`, userId: "STANDIN", id: account } };
    }
    if (token === "aws:index/getPartition:getPartition") {
      return { outputs: { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" } };
    }
    if (token === "aws:index/getRegion:getRegion") {
      return { outputs: { name: "us-east-1", region: "us-east-1", id: "us-east-1" } };
    }
    throw new Error(`the AWS stand-in does not answer ${token}`);
  },
};

if (require.main === module) {
  main(provider, process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
