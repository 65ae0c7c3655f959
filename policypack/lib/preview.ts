/**
 * Reading resources during `pulumi preview`: what the provider computes (ARNs, ids, a document
 * built from another resource's output) is unknown, and the policy SDK's property proxies throw
 * `UnknownValueError` when it is read. A stack policy that lets that escape is switched off as a
 * whole ("can't run policy during preview"). These helpers copy what is known instead, resource
 * by resource, and name what is not.
 */
import { UnknownValueError } from "@pulumi/policy";
import { isUnknownSentinel, proxyTarget } from "./sdkProperties";

/** A deep copy of what can be read; `undefined` when the value (or anything inside it) is unknown. */
function readAll(v: unknown): { value?: unknown; unknown: boolean } {
  try {
    return { value: copy(v), unknown: false };
  } catch (e) {
    if (e instanceof UnknownValueError) return { unknown: true };
    throw e;
  }
}

/** Deeper than any IAM property; past it the value is kept as it is (and parsed, or refused, later). */
const MAX_DEPTH = 64;

function copy(v: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = copy((v as Record<string, unknown>)[k], depth + 1);
    return out;
  }
  return v;
}

export interface KnownProps {
  props: Record<string, unknown>;
  /** Top-level properties that are unknown (or hold something unknown). */
  unknown: string[];
}

/** Does a plain value hold an unknown anywhere (to the depth the copy goes)? */
function holdsUnknown(v: unknown, depth = 0): boolean {
  if (isUnknownSentinel(v)) return true;
  if (depth > MAX_DEPTH || v === null || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some((x) => holdsUnknown(x, depth + 1));
  for (const k of Object.keys(v)) if (holdsUnknown((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/**
 * The known top-level properties of a resource; unknown ones are left out and listed. Props the
 * SDK proxies are read from the proxy's target (no proxy per nested read); known values are then
 * shared with the SDK's deserialized object, which nothing writes to.
 */
export function knownProps(props: Record<string, unknown> | undefined): KnownProps {
  const out: KnownProps = { props: {}, unknown: [] };
  if (!props) return out;
  const target = proxyTarget(props);
  if (target !== undefined) {
    for (const k of Object.keys(target)) {
      const v = target[k];
      if (holdsUnknown(v)) out.unknown.push(k);
      else out.props[k] = v;
    }
    return out;
  }
  let keys: string[];
  try {
    keys = Object.keys(props);
  } catch (e) {
    if (e instanceof UnknownValueError) return { props: {}, unknown: ["*"] };
    throw e;
  }
  for (const k of keys) {
    let raw: unknown;
    try {
      raw = props[k];
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
      out.unknown.push(k);
      continue;
    }
    const r = readAll(raw);
    if (r.unknown) out.unknown.push(k);
    else out.props[k] = r.value;
  }
  return out;
}

/**
 * Reported through the SDK's own path for unknowns, so it shows as the advisory "can't run policy
 * ... during preview: <what could not be decided>", after the findings that could be decided.
 */
export function undecidedAtPreview(what: string): Error {
  // An UnknownValueError (what the SDK recognises) with our message; its constructor only takes
  // the SDK's private unknown sentinels, so the instance is made from its prototype.
  const e = Object.create((UnknownValueError as unknown as { prototype: object }).prototype) as Error;
  Object.defineProperty(e, "message", { value: what, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(e, "stack", { value: `UnknownValueError: ${what}`, enumerable: false, writable: true, configurable: true });
  return e;
}
