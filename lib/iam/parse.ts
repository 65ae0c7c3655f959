/**
 * Reads an IAM document however it arrives in Pulumi inputs (a JSON string, an object, an
 * `aws.iam.PolicyDocument` shape; single values or arrays; element names in any case) into one
 * normalised shape. Never throws: a malformed document comes back with its problems, for
 * `iam-policy-document-valid` to report.
 */
import { wildcardMatch } from "./wildcard";

export type Effect = "Allow" | "Deny";

export interface PrincipalSet {
  /** `"Principal": "*"`: everyone, including anonymous. */
  everyone: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface ConditionTest {
  /** As written: `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** Lowercase, without the set qualifier and `IfExists`: `stringlike`. */
  base: string;
  ifExists: boolean;
  qualifier?: "foranyvalue" | "forallvalues";
  /** Lowercase key: `aws:multifactorauthpresent`. */
  key: string;
  /** As written (keys and operator are case-insensitive in IAM, values are not), stringified. */
  keyAsWritten: string;
  values: string[];
}

export interface NormalStatement {
  index: number;
  sid?: string;
  /** `Sid "X"` or `statement #2`, for messages. */
  label: string;
  effect: Effect;
  principal?: PrincipalSet;
  notPrincipal?: PrincipalSet;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ConditionTest[];
  /** JSON path of the statement in its document: `$.Statement[1]`, or `$.Statement` for a lone object. */
  path: string;
  /** The statement as written, for locating elements (see `elementPath`). */
  raw: Record<string, unknown>;
}

export interface NormalDocument {
  version?: string;
  statements: NormalStatement[];
}

export interface ParseResult {
  document?: NormalDocument;
  /** Problems that make the document invalid (IAM would reject it). */
  errors: string[];
}

const ELEMENTS = ["sid", "effect", "principal", "notprincipal", "action", "notaction", "resource", "notresource", "condition"] as const;

export function parsePolicyDocument(input: unknown): ParseResult {
  let raw = input;
  if (typeof raw === "string") {
    if (raw.trim() === "") return { errors: ["the document is empty"] };
    try {
      raw = JSON.parse(raw);
    } catch (err) {
      return { errors: [`the document is not valid JSON: ${(err as Error).message}`] };
    }
  }
  if (!isObject(raw)) return { errors: ["the document is not a JSON object"] };
  const top = lowerKeys(raw);
  const errors: string[] = [];
  for (const k of Object.keys(raw)) if (!["version", "id", "statement"].includes(k.toLowerCase())) errors.push(`unknown element "${k}"`);
  if (top.version !== undefined && typeof top.version !== "string") errors.push(`Version must be a string, got ${display(top.version)}`);
  const version = typeof top.version === "string" ? top.version : undefined;
  if (version !== undefined && version !== "2012-10-17" && version !== "2008-10-17") errors.push(`unknown Version "${version}"`);
  let rawStatements = top.statement;
  if (rawStatements === undefined) return { errors: [...errors, "the document has no Statement"] };
  if (!Array.isArray(rawStatements)) rawStatements = [rawStatements];
  const statements: NormalStatement[] = [];
  const lone = !Array.isArray(top.statement);
  const statementKey = Object.keys(raw).find((k) => k.toLowerCase() === "statement")!;
  (rawStatements as unknown[]).forEach((s, index) => {
    const st = parseStatement(s, index, errors, lone ? `$.${statementKey}` : `$.${statementKey}[${index}]`);
    if (st) statements.push(st);
  });
  return { document: { version, statements }, errors };
}

function parseStatement(input: unknown, index: number, errors: string[], path: string): NormalStatement | undefined {
  const fallback = `statement #${index + 1}`;
  if (!isObject(input)) {
    errors.push(`${fallback} is not an object`);
    return undefined;
  }
  const s = lowerKeys(input);
  if (s.sid !== undefined && typeof s.sid !== "string") errors.push(`${fallback}: Sid must be a string`);
  const sid = s.sid === undefined ? undefined : display(s.sid);
  const label = sid ? `Sid "${sid}"` : fallback;
  // A null element is read as absent (what it means to a reader), and reported: IAM refuses it.
  for (const k of Object.keys(input)) if (input[k] === null && (ELEMENTS as readonly string[]).includes(k.toLowerCase())) errors.push(`${label}: ${k} is null; remove it or give it a value`);
  for (const k of Object.keys(input)) if (!(ELEMENTS as readonly string[]).includes(k.toLowerCase())) errors.push(`${label}: unknown element "${k}"`);
  const effectLower = typeof s.effect === "string" ? s.effect.toLowerCase() : undefined;
  const effect: Effect | undefined = effectLower === "allow" ? "Allow" : effectLower === "deny" ? "Deny" : undefined;
  if (effect === undefined) {
    errors.push(`${label}: Effect must be "Allow" or "Deny", got ${JSON.stringify(s.effect)}`);
    return undefined;
  }
  if (s.effect !== effect) errors.push(`${label}: Effect "${s.effect}" must be written "${effect}"`);
  const st: NormalStatement = { index, sid, label, effect, conditions: [], path, raw: input };
  const strings = (v: unknown, what: string): string[] | undefined => {
    if (v === undefined) return undefined;
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === "string")) errors.push(`${label}: ${what} must be a string or a list of strings`);
    return list.filter((x): x is string => typeof x === "string");
  };
  st.action = strings(s.action, "Action");
  st.notAction = strings(s.notaction, "NotAction");
  st.resource = strings(s.resource, "Resource");
  st.notResource = strings(s.notresource, "NotResource");
  if (st.action && st.notAction) errors.push(`${label}: has both Action and NotAction`);
  if (!st.action && !st.notAction) errors.push(`${label}: has neither Action nor NotAction`);
  if (st.resource && st.notResource) errors.push(`${label}: has both Resource and NotResource`);
  if (s.principal !== undefined) st.principal = parsePrincipal(s.principal, label, "Principal", errors);
  if (s.notprincipal !== undefined) st.notPrincipal = parsePrincipal(s.notprincipal, label, "NotPrincipal", errors);
  if (s.condition !== undefined) st.conditions = parseConditions(s.condition, label, errors);
  return st;
}

function parsePrincipal(v: unknown, label: string, what: string, errors: string[]): PrincipalSet {
  const set: PrincipalSet = { everyone: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (v === "*") {
    set.everyone = true;
    return set;
  }
  if (!isObject(v)) {
    errors.push(`${label}: ${what} must be "*" or an object such as {"AWS": ...}`);
    return set;
  }
  for (const [k, value] of Object.entries(v)) {
    const raw = Array.isArray(value) ? value : [value];
    if (!raw.every((x) => typeof x === "string")) errors.push(`${label}: ${what} values must be strings`);
    const list = raw.map(display);
    switch (k.toLowerCase()) {
      case "aws":
        set.aws.push(...list);
        break;
      case "service":
        set.service.push(...list);
        break;
      case "federated":
        set.federated.push(...list);
        break;
      case "canonicaluser":
        set.canonicalUser.push(...list);
        break;
      default:
        errors.push(`${label}: unknown ${what} type "${k}"`);
    }
  }
  return set;
}

function parseConditions(v: unknown, label: string, errors: string[]): ConditionTest[] {
  if (!isObject(v)) {
    errors.push(`${label}: Condition must be an object`);
    return [];
  }
  const tests: ConditionTest[] = [];
  for (const [operator, block] of Object.entries(v)) {
    if (!isObject(block)) {
      errors.push(`${label}: Condition "${operator}" must map keys to values`);
      continue;
    }
    let op = operator.toLowerCase();
    let qualifier: ConditionTest["qualifier"];
    const q = /^(foranyvalue|forallvalues):/.exec(op);
    if (q) {
      qualifier = q[1] as ConditionTest["qualifier"];
      op = op.slice(q[0].length);
    }
    const ifExists = op.endsWith("ifexists");
    const base = ifExists ? op.slice(0, -"ifexists".length) : op;
    for (const [key, value] of Object.entries(block)) {
      if (!(Array.isArray(value) ? value : [value]).every((x) => ["string", "number", "boolean"].includes(typeof x))) errors.push(`${label}: Condition "${operator}" values of "${key}" must be strings, numbers or booleans`);
      const values = (Array.isArray(value) ? value : [value]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
      tests.push({ operator, base, ifExists, qualifier, key: key.toLowerCase(), keyAsWritten: key, values });
    }
  }
  return tests;
}

/** Every principal kind of a statement that is an AWS account, user, role or `*`. */
export function awsPrincipalsOf(s: NormalStatement): string[] {
  if (s.principal?.everyone) return ["*"];
  if (s.notPrincipal) return ["*"]; // an Allow with NotPrincipal admits everyone not listed
  return s.principal?.aws ?? [];
}

/** Does the statement's Action/NotAction admit `action` (given as `service:Name`)? */
export function statementCoversAction(s: NormalStatement, action: string): boolean {
  if (s.action) return s.action.some((p) => wildcardMatch(p, action, true));
  if (s.notAction) return !s.notAction.some((p) => wildcardMatch(p, action, true));
  return false;
}

/** A value as text for messages and matching, whatever it is (`String()` throws on some objects). */
function display(v: unknown): string {
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return "[unprintable value]";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function lowerKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A `null` element (`"NotResource": null`, as some generators write) is absent.
  for (const [k, v] of Object.entries(o)) if (v !== null) out[k.toLowerCase()] = v;
  return out;
}

/** A key of a JSON path: `.Action`, or `["token.actions.githubusercontent.com:sub"]`. */
function pathKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
}

/**
 * The JSON path of an element of a statement, as written (IAM Access Analyzer reports locations
 * this way): `elementPath(s, "Principal", "AWS", "arn:...")` is `$.Statement[0].Principal.AWS[1]`;
 * `elementPath(s, "Condition", "StringLike", "x:sub")` is `$.Statement[0].Condition.StringLike["x:sub"]`.
 * Names are matched case-insensitively; a value locates its index in a list.
 */
export function elementPath(s: NormalStatement, ...steps: string[]): string {
  let path = s.path;
  let node: unknown = s.raw;
  for (const step of steps) {
    if (Array.isArray(node)) {
      const i = node.findIndex((v) => display(v) === step);
      if (i < 0) break;
      path += `[${i}]`;
      node = node[i];
      continue;
    }
    if (!isObject(node)) break; // a string or a number: nothing below it to locate
    const key = Object.keys(node).find((k) => k.toLowerCase() === step.toLowerCase()) ?? (Object.keys(node).includes(step) ? step : undefined);
    if (key === undefined) break;
    path += pathKey(key);
    node = node[key];
  }
  return path;
}
