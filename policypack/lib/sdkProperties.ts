/**
 * What the policy SDK (@pulumi/policy 1.21, pinned in package.json) costs per resource, made once:
 *
 * - Its server deserializes a resource's properties from the request's protobuf Struct once per
 *   policy: 17 times per `Analyze` call for this pack's resource policies, and all 10,000
 *   resources once per stack policy on `AnalyzeStack`. The result depends only on the Struct (the
 *   request caches it, so every policy gets the same one), and no policy of this pack writes to
 *   its props: deserializing once per Struct gives every policy the same values.
 * - Every property read through its unknown-checking proxy allocates a new proxy and a path array;
 *   a stack policy that copies what is known (`knownProps`) reads the proxy's target instead and
 *   checks the SDK's unknown sentinels itself, the same test the proxy makes.
 *
 * Both are guarded: if the SDK's shape differs (another version), nothing is patched and the
 * proxies are read as before.
 */

/** The SDK's proxy module (its .d.ts is empty in 1.21, so typed here by what is read). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;

type Deserialize = (struct: unknown, proxySecrets: boolean) => Record<string, unknown>;

let installed = false;

/** Deserialize a Struct once for all the policies that read it (not the secrets-preserving form remediations use). */
export function shareDeserializedProperties(): void {
  if (installed) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("@pulumi/policy/deserialize") as { deserializeProperties?: Deserialize };
  const original = mod.deserializeProperties;
  const descriptor = Object.getOwnPropertyDescriptor(mod, "deserializeProperties");
  if (typeof original !== "function" || !descriptor?.writable) return;
  const memo = new WeakMap<object, Record<string, unknown>>();
  mod.deserializeProperties = (struct, proxySecrets) => {
    if (proxySecrets || struct === null || typeof struct !== "object") return original(struct, proxySecrets);
    let props = memo.get(struct);
    if (props === undefined) {
      props = original(struct, false);
      memo.set(struct, props);
    }
    return props;
  };
  installed = true;
}

const SENTINELS: ReadonlySet<unknown> = new Set(
  ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"].map((k) => proxy[k]).filter((v) => typeof v === "string"),
);

/** The SDK's test for a value not known during preview (what its proxy throws on). */
export function isUnknownSentinel(v: unknown): boolean {
  return typeof v === "string" && SENTINELS.has(v);
}

/** The plain object behind the SDK's unknown-checking proxy, or undefined when `v` is not one (or the SDK has no such key). */
export function proxyTarget(v: unknown): Record<string, unknown> | undefined {
  if (v === null || typeof v !== "object" || SENTINELS.size !== 7) return undefined;
  const key = proxy.getSpecialProxyTarget;
  if (typeof key !== "string") return undefined;
  const target = (v as Record<string, unknown>)[key];
  return target !== null && typeof target === "object" && target !== v ? (target as Record<string, unknown>) : undefined;
}
