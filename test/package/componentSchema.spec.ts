/**
 * The repository as a Pulumi component package for every language (`pulumi package add <repo>`):
 * started as the CLI starts it, its GetSchema answer is what Pulumi generates the Python, Go, C#,
 * Java and YAML SDKs from. Every component, every input with a type and a description, every output.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { accountSchema, groupSchema, layoutConfigSchema, passwordPolicySchema, quotasSchema, roleSchema, userSchema } from "../../config/schema";
import { ComponentProviderServer, PackageSchema, PropertySchema, startComponentProvider } from "../support/componentProvider";
import { PROJECT_DIR } from "../support/stacks";

const T = (name: string) => `iam-baseline:index:${name}`;
/** At least these inputs and outputs (a new optional one is welcome, and is checked for a type and a description like the rest). */
const COMPONENTS: Record<string, { inputs: string[]; required: string[]; outputs: string[] }> = {
  MfaAssumableRole: {
    inputs: ["roleName", "accountId", "identityAccountId", "principalArns", "principalPath", "trustForm", "trustPolicyMaxChars", "mfaMaxAgeSeconds", "maxSessionSeconds", "validUntil", "managedPolicyArns", "inlinePolicy", "permissionsBoundaryArn", "path", "description", "partition", "tags", "additionalTrustStatements"],
    required: ["accountId", "identityAccountId", "roleName"],
    outputs: ["arn", "roleName", "role"],
  },
  IdentityGroup: { inputs: ["groupName", "grants", "path"], required: ["grants", "groupName"], outputs: ["groupName", "arn", "group"] },
  SelfServiceMfaGroup: { inputs: ["groupName", "path", "partition"], required: ["groupName"], outputs: ["groupName", "group"] },
  Person: {
    inputs: ["userName", "identityAccountId", "groups", "console", "accessKeySlots", "pgpKey", "path", "partition", "tags"],
    required: ["groups", "identityAccountId", "userName"],
    outputs: ["arn", "userName", "mfaSerial", "initialPassword", "accessKeys", "user"],
  },
  IdentityLayout: {
    inputs: ["config", "configSource", "layout"],
    required: [],
    outputs: ["roleArns", "groups", "users", "consoleSignInUrl", "switchRoleUrls", "awsCliConfig", "initialPasswords", "accessKeys"],
  },
};

/** Every `$ref` must point into this schema, Pulumi's built-ins, or a real resource of a dependency. */
function refs(p: PropertySchema | undefined): string[] {
  if (!p) return [];
  return [...(p.$ref ? [p.$ref] : []), ...refs(p.items), ...refs(p.additionalProperties)];
}

describe("the component package (PulumiPlugin.yaml) through the component provider's GetSchema", function () {
  this.timeout(240_000);
  let provider: ComponentProviderServer;
  let schema: PackageSchema;

  before(async function () {
    provider = await startComponentProvider(PROJECT_DIR);
    schema = await provider.getSchema();
  });
  after(() => provider?.close());

  it("is a nodejs plugin named after the npm package, at its version", function () {
    assert.match(fs.readFileSync(path.join(PROJECT_DIR, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
    assert.strictEqual(schema.name, "iam-baseline");
    assert.strictEqual(schema.version, pkg.version);
  });

  it("lists every component, each with a description", function () {
    assert.deepStrictEqual(Object.keys(schema.resources).sort(), Object.keys(COMPONENTS).map(T).sort());
    for (const [token, r] of Object.entries(schema.resources)) {
      assert.strictEqual(r.isComponent, true, token);
      assert.ok(r.description && r.description.length > 20, `${token} has no description`);
    }
  });

  for (const [name, expected] of Object.entries(COMPONENTS)) {
    it(`gives ${name} its inputs, each typed and described, and its outputs`, function () {
      const r = schema.resources[T(name)];
      const missing = expected.inputs.filter((i) => !(i in r.inputProperties));
      assert.deepStrictEqual(missing, [], `${name} lacks inputs`);
      assert.deepStrictEqual([...r.requiredInputs].sort(), [...expected.required].sort());
      for (const [input, p] of Object.entries(r.inputProperties)) {
        assert.ok(p.type || p.$ref, `${name}.${input} has no type`);
        assert.ok(p.description && p.description.length > 3, `${name}.${input} has no description`);
      }
      assert.deepStrictEqual(expected.outputs.filter((o) => !(o in r.properties)), [], `${name} lacks outputs`);
      for (const [output, p] of Object.entries(r.properties)) assert.ok(p.type || p.$ref, `${name}.${output} has no type`);
    });
  }

  it("types IAM documents as JSON objects and user group names as inputs that may be outputs", function () {
    const role = schema.resources[T("MfaAssumableRole")].inputProperties;
    assert.deepStrictEqual(role.inlinePolicy.additionalProperties, { $ref: "pulumi.json#/Any" });
    assert.deepStrictEqual(role.additionalTrustStatements.items?.additionalProperties, { $ref: "pulumi.json#/Any" });
    const person = schema.resources[T("Person")].inputProperties;
    assert.strictEqual(person.groups.type, "array");
    assert.strictEqual(person.groups.items?.plain, undefined, "a group name may be another resource's output");
  });

  it("takes the layout config with exactly the keys of the stack config schema, at every level", function () {
    const keysOf = (type: string) => Object.keys(schema.types[T(type)].properties ?? {}).sort();
    assert.deepStrictEqual(keysOf("IdentityLayoutConfig"), Object.keys(layoutConfigSchema.shape).sort());
    assert.deepStrictEqual(keysOf("AccountInput"), Object.keys(accountSchema.shape).sort());
    assert.deepStrictEqual(keysOf("RoleInput"), Object.keys(roleSchema.shape).sort());
    assert.deepStrictEqual(keysOf("GroupInput"), Object.keys(groupSchema.shape).sort());
    assert.deepStrictEqual(keysOf("UserInput"), Object.keys(userSchema.shape).sort());
    assert.deepStrictEqual(keysOf("PasswordPolicyInput"), Object.keys(passwordPolicySchema.shape).sort());
    assert.deepStrictEqual(keysOf("QuotasInput"), Object.keys(quotasSchema.shape).sort());
    assert.deepStrictEqual(schema.types[T("IdentityLayoutConfig")].required, ["accounts", "environment", "groups", "identityAccountId", "roles", "users"]);
  });

  it("refers only to its own types, Pulumi's built-ins and real AWS resources (no provider objects)", function () {
    const all = [
      ...Object.values(schema.resources).flatMap((r) => [...Object.values(r.inputProperties), ...Object.values(r.properties)]),
      ...Object.values(schema.types).flatMap((t) => Object.values(t.properties ?? {})),
    ].flatMap(refs);
    const aws = schema.dependencies?.find((d) => d.name === "aws");
    assert.ok(aws, "depends on the aws package");
    for (const ref of all) {
      const own = ref.startsWith("#/types/") && schema.types[ref.slice("#/types/".length)] !== undefined;
      const builtin = ref === "pulumi.json#/Any";
      const awsResource = new RegExp(`^/aws/v${aws.version.replace(/\./g, "\\.")}/schema\\.json#/resources/aws:[a-z0-9]+%2F[A-Za-z0-9]+:[A-Z][A-Za-z0-9]*$`).test(ref);
      assert.ok(own || builtin || awsResource, `unexpected reference ${ref}`);
    }
  });
});
