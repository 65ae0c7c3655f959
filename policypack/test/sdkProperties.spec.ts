/**
 * The pack's shortcuts through the policy SDK's per-resource costs (lib/sdkProperties.ts): one
 * deserialization per request Struct for every policy, and known values read behind the SDK's
 * unknown-checking proxy. Both must give what the SDK's own path gives.
 */
import * as assert from "assert";
import { Struct } from "../../tools/analyzer/stubs";
import { knownProps } from "../lib/preview";
import { isUnknownSentinel, proxyTarget, shareDeserializedProperties } from "../lib/sdkProperties";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy: (v: unknown) => Record<string, unknown>; unknownStringValue: string; unknownArrayValue: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkDeserialize = require("@pulumi/policy/deserialize") as { deserializeProperties: (s: unknown, proxySecrets: boolean) => Record<string, unknown> };

const props = {
  name: "ops",
  arn: sdkProxy.unknownStringValue,
  assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}',
  inlinePolicies: [{ name: "a", policy: sdkProxy.unknownStringValue }],
  managedPolicyArns: sdkProxy.unknownArrayValue,
  tags: { team: "platform", nested: { deep: ["x"] } },
};

describe("the pack's shortcuts through the policy SDK", function () {
  it("reads the known properties behind the SDK's proxy, listing exactly those that hold an unknown, like a read through the proxy does", function () {
    const proxied = sdkProxy.unknownCheckingProxy(props);
    assert.ok(proxyTarget(proxied), "the proxy's target is reachable");
    const k = knownProps(proxied);
    assert.deepStrictEqual(k.unknown.sort(), ["arn", "inlinePolicies", "managedPolicyArns"]);
    assert.deepStrictEqual(k.props, { name: "ops", assumeRolePolicy: props.assumeRolePolicy, tags: props.tags });
    // The SDK's own proxy agrees: each listed key throws when read in full, each kept one does not.
    const readsInFull = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
    for (const key of k.unknown) assert.throws(() => readsInFull(proxied[key]), key);
    for (const key of Object.keys(k.props)) assert.doesNotThrow(() => readsInFull(proxied[key]), key);
  });

  it("reads a plain object (no proxy) as before", function () {
    assert.strictEqual(proxyTarget({ a: 1 }), undefined);
    assert.deepStrictEqual(knownProps({ a: 1, b: [2] }), { props: { a: 1, b: [2] }, unknown: [] });
  });

  it("knows the SDK's unknown sentinels and nothing else", function () {
    assert.strictEqual(isUnknownSentinel(sdkProxy.unknownStringValue), true);
    assert.strictEqual(isUnknownSentinel("04da6b54"), false);
    assert.strictEqual(isUnknownSentinel(undefined), false);
  });

  it("deserializes a request's Struct once for all the policies that read it, and each Struct on its own", function () {
    shareDeserializedProperties();
    const a = Struct.fromJavaScript({ name: "ops", tags: { team: "platform" } });
    const b = Struct.fromJavaScript({ name: "ops", tags: { team: "platform" } });
    const first = sdkDeserialize.deserializeProperties(a, false);
    assert.strictEqual(sdkDeserialize.deserializeProperties(a, false), first, "the same Struct: the same values");
    assert.notStrictEqual(sdkDeserialize.deserializeProperties(b, false), first, "another Struct: its own values");
    assert.deepStrictEqual(first, { name: "ops", tags: { team: "platform" } });
    assert.notStrictEqual(sdkDeserialize.deserializeProperties(a, true), first, "the secrets-preserving form (remediations) is not shared");
  });
});
