/**
 * Values as the Pulumi engine hands them to a provider and to a policy pack. The SDK sends a
 * resource given as an input (`bucket: siteBucket`, `role: taskRole`) as a resource reference;
 * the engine marshals it for providers and analyzers without `KeepResources`: the id of a custom
 * resource (unknown while it has none, as at preview), the URN of a component
 * (`sdk/go/common/resource/plugin/rpc.go`). A policy pack's runtime refuses the reference itself.
 */
import { UNKNOWN } from "../types";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

type Json = unknown;

function isResourceReference(v: Json): v is { urn?: unknown; id?: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === RESOURCE_SIG;
}

/** Every resource reference inside `value` replaced by what the engine sends in its place. */
export function withoutResourceReferences<T>(value: T): T {
  const walk = (v: Json): Json => {
    if (isResourceReference(v)) {
      if (!("id" in v)) return typeof v.urn === "string" ? v.urn : UNKNOWN; // a component: its URN
      return typeof v.id === "string" && v.id !== "" && v.id !== UNKNOWN ? v.id : UNKNOWN;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
