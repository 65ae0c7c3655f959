/**
 * Plain JS <-> Analyzer protobuf messages, as sdk/go/common/resource/plugin/rpc.go `MarshalProperties` does it for
 * analyzers (unknowns and secrets kept, top-level "__" keys skipped except for Remediate).
 */
import * as apb from "@pulumi/pulumi/proto/analyzer_pb";
import { isPlainObject, Json } from "./json";
import { AnalyzerProviderJs, AnalyzerResourceJs, EnforcementLevel, PolicyPackError, PolicySeverity, PolicyType, urnName } from "./protocol";
import { Struct, structTypes } from "./stubs";

/** JS -> Struct-compatible JSON: undefined object fields are dropped (as absent), undefined array items become null. */
function toJson(v: unknown, at: string): Json {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (Array.isArray(v)) return v.map((e, i) => (e === undefined ? null : toJson(e, `${at}[${i}]`)));
  if (isPlainObject(v)) {
    const out: { [k: string]: Json } = {};
    for (const [k, e] of Object.entries(v)) {
      if (e !== undefined) out[k] = toJson(e, `${at}.${k}`);
    }
    return out;
  }
  const what = typeof v === "object" ? `a ${v.constructor?.name ?? "non-plain"} object` : `a ${typeof v}`;
  throw new PolicyPackError(`cannot send ${at} to a policy pack: ${what} is not JSON-like`);
}

export function toStruct(props: Record<string, unknown> | undefined, skipInternalKeys: boolean, what: string): structTypes.Struct {
  const obj: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (skipInternalKeys && k.startsWith("__")) continue;
    obj[k] = v;
  }
  return Struct.fromJavaScript(toJson(obj, what) as { [k: string]: Json });
}

function marshalOptions(r: AnalyzerResourceJs): apb.AnalyzerResourceOptions {
  const o = r.options ?? {};
  const opts = new apb.AnalyzerResourceOptions();
  opts.setProtect(o.protect ?? false);
  opts.setIgnorechangesList(o.ignoreChanges ?? []);
  opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
  opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
  opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
  opts.setAliasesList(o.aliases ?? []);
  const t = new apb.AnalyzerResourceOptions.CustomTimeouts();
  t.setCreate(o.customTimeouts?.create ?? 0);
  t.setUpdate(o.customTimeouts?.update ?? 0);
  t.setDelete(o.customTimeouts?.delete ?? 0);
  t.setRead(o.customTimeouts?.read ?? 0);
  opts.setCustomtimeouts(t);
  opts.setParent(o.parent ?? r.parent ?? "");
  return opts;
}

function marshalProvider(p: AnalyzerProviderJs | undefined): apb.AnalyzerProviderResource | undefined {
  if (!p) return undefined;
  const m = new apb.AnalyzerProviderResource();
  m.setUrn(p.urn);
  m.setType(p.type);
  m.setName(p.name ?? urnName(p.urn));
  m.setProperties(toStruct(p.properties, true, `provider ${p.urn} properties`));
  return m;
}

export function marshalAnalyzeRequest(r: AnalyzerResourceJs, skipInternalKeys: boolean): apb.AnalyzeRequest {
  const req = new apb.AnalyzeRequest();
  req.setUrn(r.urn);
  req.setType(r.type);
  req.setName(r.name ?? urnName(r.urn));
  req.setProperties(toStruct(r.properties, skipInternalKeys, `${r.urn} properties`));
  req.setOptions(marshalOptions(r));
  const prov = marshalProvider(r.provider);
  if (prov) req.setProvider(prov);
  return req;
}

export function marshalStackResource(r: AnalyzerResourceJs): apb.AnalyzerResource {
  const m = new apb.AnalyzerResource();
  m.setUrn(r.urn);
  m.setType(r.type);
  m.setName(r.name ?? urnName(r.urn));
  m.setProperties(toStruct(r.properties, true, `${r.urn} properties`));
  m.setOptions(marshalOptions(r));
  const prov = marshalProvider(r.provider);
  if (prov) m.setProvider(prov);
  m.setParent(r.parent ?? "");
  m.setDependenciesList(r.dependencies ?? []);
  const deps = m.getPropertydependenciesMap();
  for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
    if (urns.length === 0) continue;
    const d = new apb.AnalyzerPropertyDependencies();
    d.setUrnsList(urns);
    deps.set(k, d);
  }
  return m;
}

export function levelToJs(el: apb.EnforcementLevel): EnforcementLevel {
  switch (el) {
    case apb.EnforcementLevel.ADVISORY:
      return "advisory";
    case apb.EnforcementLevel.MANDATORY:
      return "mandatory";
    case apb.EnforcementLevel.DISABLED:
      return "disabled";
    case apb.EnforcementLevel.REMEDIATE:
      return "remediate";
    default:
      throw new PolicyPackError(`invalid enforcement level ${el}`);
  }
}

export function levelToPb(el: string): apb.EnforcementLevel {
  switch (el) {
    case "advisory":
      return apb.EnforcementLevel.ADVISORY;
    case "mandatory":
      return apb.EnforcementLevel.MANDATORY;
    case "disabled":
      return apb.EnforcementLevel.DISABLED;
    case "remediate":
      return apb.EnforcementLevel.REMEDIATE;
    default:
      throw new PolicyPackError(`invalid enforcement level ${JSON.stringify(el)}`);
  }
}

export function severityToJs(s: apb.PolicySeverity): PolicySeverity {
  switch (s) {
    case apb.PolicySeverity.POLICY_SEVERITY_LOW:
      return "low";
    case apb.PolicySeverity.POLICY_SEVERITY_MEDIUM:
      return "medium";
    case apb.PolicySeverity.POLICY_SEVERITY_HIGH:
      return "high";
    case apb.PolicySeverity.POLICY_SEVERITY_CRITICAL:
      return "critical";
    default:
      return "";
  }
}

export function policyTypeToJs(t: apb.PolicyType): PolicyType {
  switch (t) {
    case apb.PolicyType.POLICY_TYPE_RESOURCE:
      return "resource";
    case apb.PolicyType.POLICY_TYPE_STACK:
      return "stack";
    default:
      return "unknown";
  }
}
