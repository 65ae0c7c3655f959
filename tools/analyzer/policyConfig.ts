/**
 * A `--policy-pack-config` file as the CLI reads it (pkg/resource/analyzer/config.go): parsed, reconciled with each
 * policy's defaults and the pack's initial config, and validated against each policy's JSON Schema.
 * The engine tests (test/engine/) prove these messages equal to the real CLI's.
 */
import Ajv, { ErrorObject } from "ajv";
import { isPlainObject, jsonType } from "./json";
import { AnalyzerInfoJs, EnforcementLevel, PolicyConfigMap, PolicyPackConfigFile, PolicyPackError } from "./protocol";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export function isLevel(v: unknown): v is EnforcementLevel {
  return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

export interface ParsedPolicyConfig {
  /** "" when the file gave none (the CLI's zero value). */
  enforcementLevel: EnforcementLevel | "";
  properties?: Record<string, unknown>;
}

/** `parsePolicyPackConfig`: the "environments" key is dropped, empty entries are skipped, levels are checked. */
export function parsePolicyPackConfig(config: PolicyPackConfigFile): Record<string, ParsedPolicyConfig> {
  const result: Record<string, ParsedPolicyConfig> = {};
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(config ?? {}));
  if ("environments" in copy) {
    const envs = copy.environments;
    if (!Array.isArray(envs) || envs.some((e) => typeof e !== "string")) {
      throw new PolicyPackError(`"environments" must be an array of strings`);
    }
    delete copy.environments;
  }
  for (const [k, v] of Object.entries(copy)) {
    let enforcementLevel: EnforcementLevel | "" = "";
    let properties: Record<string, unknown> | undefined;
    if (typeof v === "string") {
      if (!isLevel(v)) {
        throw new PolicyPackError(`parsing enforcement level for "${k}": "${v}" is not a valid enforcement level`);
      }
      enforcementLevel = v;
    } else if (isPlainObject(v)) {
      const props = { ...v };
      if ("enforcementLevel" in props) {
        const el = props.enforcementLevel;
        if (typeof el !== "string") {
          throw new PolicyPackError(`parsing enforcement level for "${k}": ${String(el)} is not a valid enforcement level; must be a string`);
        }
        if (!isLevel(el)) {
          throw new PolicyPackError(`parsing enforcement level for "${k}": "${el}" is not a valid enforcement level`);
        }
        enforcementLevel = el;
        delete props.enforcementLevel;
      }
      if (Object.keys(props).length > 0) properties = props;
    } else {
      throw new PolicyPackError(`parsing "${k}": ${JSON.stringify(v)} is not a valid value; must be a string or object`);
    }
    if (enforcementLevel === "" && properties === undefined) continue;
    result[k] = { enforcementLevel, properties };
  }
  return result;
}

/**
 * `ReconcilePolicyPackConfig`: every policy gets its own level and its schema's `default`s, then the pack's
 * initialConfig, then the file's config ("all" sets every policy's level, and is itself passed on as an entry).
 * Validates against each policy's schema (with ajv; the CLI uses gojsonschema, whose wording the messages keep) and
 * throws the CLI's "validating policy config" error.
 */
export function reconcilePolicyPackConfig(info: AnalyzerInfoJs, config?: PolicyPackConfigFile): PolicyConfigMap {
  type Entry = { enforcementLevel: EnforcementLevel | ""; properties?: Record<string, unknown> };
  const result: Record<string, Entry> = {};
  for (const p of info.policies) {
    let props: Record<string, unknown> | undefined;
    for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
      if (isPlainObject(s) && "default" in s) (props ??= {})[k] = s.default;
    }
    result[p.name] = { enforcementLevel: p.enforcementLevel, properties: props };
  }
  const apply = (toApply: Record<string, Entry>) => {
    const all = toApply.all;
    if (all && isLevel(all.enforcementLevel)) {
      for (const k of Object.keys(result)) result[k] = { enforcementLevel: all.enforcementLevel, properties: result[k].properties };
    }
    for (const [policy, given] of Object.entries(toApply)) {
      let enforcementLevel: EnforcementLevel | "" = result[policy]?.enforcementLevel ?? "";
      let properties = result[policy]?.properties;
      if (isLevel(given.enforcementLevel)) enforcementLevel = given.enforcementLevel;
      if (given.properties && Object.keys(given.properties).length > 0) {
        properties = { ...(properties ?? {}), ...given.properties };
      }
      result[policy] = { enforcementLevel, properties };
    }
  };
  apply(info.initialConfig);
  if (config !== undefined) apply(parsePolicyPackConfig(config));

  const errors: string[] = [];
  for (const p of info.policies) {
    // With supportsConfig the CLI gives every policy a schema (it injects `enforcementLevel`), so all are checked.
    if (!info.supportsConfig) continue;
    const schema: Record<string, unknown> = { type: "object", properties: p.configSchema?.properties ?? {} };
    if (p.configSchema?.required?.length) schema.required = p.configSchema.required;
    for (const e of validateJsonSchema(schema, result[p.name]?.properties ?? {})) errors.push(`${p.name}: ${e}`);
  }
  if (errors.length > 0) {
    errors.sort();
    throw new PolicyPackError(`validating policy config for "${info.name}": ${errors.join("; ")}`);
  }
  return result as PolicyConfigMap;
}


// strict: false - policy schemas carry annotations such as `default` and `description`, as gojsonschema allows.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });

/** gojsonschema's field name for an error: "(root)" or the dotted path (`a.0.b`). */
function fieldOf(e: ErrorObject): string {
  return e.instancePath === "" ? "(root)" : e.instancePath.slice(1).split("/").join(".");
}

/** One ajv error in gojsonschema's wording (what `pulumi preview --policy-pack-config` prints). */
function describe(e: ErrorObject): string {
  const field = fieldOf(e);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type":
      return `${field}: Invalid type. Expected: ${[p.type].flat().join(", ")}, given: ${jsonType(e.data)}`;
    case "required":
      return `${field}: ${p.missingProperty} is required`;
    case "additionalProperties":
      return `${field}: Additional property ${p.additionalProperty} is not allowed`;
    case "enum":
      return `${field}: ${field} must be one of the following: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${field}: ${field} does not match: ${JSON.stringify(p.allowedValue)}`;
    case "minLength":
      return `${field}: String length must be greater than or equal to ${p.limit}`;
    case "maxLength":
      return `${field}: String length must be less than or equal to ${p.limit}`;
    case "pattern":
      return `${field}: Does not match pattern '${p.pattern}'`;
    case "minimum":
      return `${field}: Must be greater than or equal to ${p.limit}`;
    case "maximum":
      return `${field}: Must be less than or equal to ${p.limit}`;
    case "exclusiveMinimum":
      return `${field}: Must be greater than ${p.limit}`;
    case "exclusiveMaximum":
      return `${field}: Must be less than ${p.limit}`;
    case "minItems":
      return `${field}: Array must have at least ${p.limit} items`;
    case "maxItems":
      return `${field}: Array must have at most ${p.limit} items`;
    default:
      return `${field}: ${e.message ?? e.keyword}`;
  }
}

/** Problems of `value` against `schema`, each as "<field>: <description>" ("(root): " dropped), in schema order. */
export function validateJsonSchema(schema: Record<string, unknown>, value: unknown): string[] {
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => describe(e).replace(/^\(root\): /, ""));
}
