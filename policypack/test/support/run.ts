/**
 * Calls a policy as the policy SDK does, without a server: typed argument factories in the
 * style of pulumi-policy's own tests. Config gets the schema's defaults, as the CLI's
 * Configure call gives them.
 */
import * as assert from "assert";
import { stackResources } from "../../../tools/access/model";
import { StackRun } from "../../../tools/stack/types";
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

type Props = Record<string, unknown>;

export interface TestResource {
  type: string;
  props: Props;
  name?: string;
  /** The explicit provider, as the SDK gives it to stack policies. */
  provider?: { urn: string; props: Props };
}

/** What a program run registered, as stack-policy resources (explicit providers resolved). */
export function fromRun(run: StackRun): TestResource[] {
  return stackResources(run.resources).map(({ type, name, props, provider }) => ({ type, name, props, provider }));
}

function configWithDefaults(policy: ResourceValidationPolicy | StackValidationPolicy, config: Props = {}): Props {
  const defaults: Props = {};
  for (const [k, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if ((schema as { default?: unknown }).default !== undefined) defaults[k] = (schema as { default?: unknown }).default;
  }
  return { ...defaults, ...config };
}

export function urnFor(type: string, name: string): string {
  return `urn:pulumi:test::test::${type}::${name}`;
}

export function resourceArgs(r: TestResource, config: Props = {}, policy?: ResourceValidationPolicy): ResourceValidationArgs {
  const name = r.name ?? "res";
  return {
    type: r.type,
    props: r.props,
    urn: urnFor(r.type, name),
    name,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => (policy ? configWithDefaults(policy, config) : config) as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
}

/** The messages a resource policy reports for one resource. */
export async function violationsOf(policy: ResourceValidationPolicy, r: TestResource, config: Props = {}): Promise<string[]> {
  const messages: string[] = [];
  const validate = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
  for (const v of validate) await v(resourceArgs(r, config, policy), (message: string) => messages.push(message));
  return messages;
}

/** The messages a stack policy reports for a set of resources. */
export async function stackViolationsOf(policy: StackValidationPolicy, resources: TestResource[], config: Props = {}): Promise<{ message: string; urn?: string }[]> {
  const out: { message: string; urn?: string }[] = [];
  const policyResources: PolicyResource[] = resources.map((r, i) => {
    const name = r.name ?? `res${i}`;
    return {
      type: r.type,
      props: r.props,
      urn: urnFor(r.type, name),
      name,
      opts: resourceArgs(r).opts,
      dependencies: [],
      propertyDependencies: {},
      provider: r.provider,
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
  });
  const args: StackValidationArgs = {
    resources: policyResources,
    stackTags: new Map(),
    getConfig: <T extends object>() => configWithDefaults(policy, config) as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
  await policy.validateStack(args, (message: string, urn?: string) => out.push({ message, urn }));
  return out;
}

/** An identity-policy resource (by default a managed `aws:iam/policy:Policy`) holding a document. */
export function policyResource(document: unknown, type = "aws:iam/policy:Policy", name = "p"): TestResource {
  return { type, name, props: { policy: typeof document === "string" ? document : JSON.stringify(document) } };
}

/** A row of a policy's fixture table: pass cases expect no message, fail cases one entry per message, in order. */
export interface PolicyCase {
  name: string;
  resource: TestResource;
  config?: Record<string, unknown>;
  /** Substrings or patterns of the expected messages. */
  expect: (string | RegExp)[];
}

/** The `[CODE at field:$.path]` every finding ends with. */
const CODE_SUFFIX = / \[[A-Z]+\d{3} at [^ ]+?:\$.*\]$/;

/** A string is found anywhere; a pattern may match the whole message or the message before its code suffix (so `$` anchors the text). */
export const matches = (message: string, e: string | RegExp): boolean => {
  if (typeof e === "string") return message.includes(e);
  const suffix = CODE_SUFFIX.exec(message);
  return e.test(message) || (suffix !== null && e.test(message.slice(0, suffix.index)));
};

/** Runs a case and asserts the number and order of messages; returns them for further checks. */
export async function expectCase(policy: ResourceValidationPolicy, c: PolicyCase): Promise<string[]> {
  const messages = await violationsOf(policy, c.resource, c.config);
  assert.strictEqual(messages.length, c.expect.length, `violations: ${JSON.stringify(messages, null, 1)}`);
  c.expect.forEach((e, i) => assert.ok(matches(messages[i], e), `"${messages[i]}" matches ${e}`));
  return messages;
}

/** A role resource with a trust document. */
export function role(trust: unknown, props: Props = {}, name = "role"): TestResource {
  return { type: "aws:iam/role:Role", name, props: { name, assumeRolePolicy: typeof trust === "string" ? trust : JSON.stringify(trust), ...props } };
}

/** A document from statements. */
export function doc(...statements: Props[]): Props {
  return { Version: "2012-10-17", Statement: statements };
}

/** A finding's message without its `[CODE at field:$.path]` suffix, asserting the suffix is there. */
export function findingBody(message: string): string {
  const m = CODE_SUFFIX.exec(message);
  assert.ok(m, `"${message}" ends with a finding code and its location`);
  return message.slice(0, m.index);
}
