/**
 * Run-time checks of the IAM documents a component receives as JSON (any Pulumi language can pass
 * them, so their type cannot be checked at compile time): one clear error naming the component
 * and the argument, before any resource is registered.
 */
import { IamJson, POLICY_VERSION, PolicyDocument, Statement } from "../lib/iam/document";
import { parsePolicyDocument } from "../lib/iam/parse";

function check(what: string, document: unknown): void {
  const { errors } = parsePolicyDocument(document);
  if (errors.length > 0) throw new Error(`${what}: expected an IAM policy document AWS accepts: ${errors.join("; ")}`);
}

/** `inlinePolicy` of a component, checked. */
export function policyDocumentArg(what: string, value: IamJson): PolicyDocument {
  check(what, value);
  return value as PolicyDocument;
}

/** A list of statements of a component (e.g. extra trust statements), checked. */
export function statementsArg(what: string, value: IamJson[]): Statement[] {
  if (value.length === 0) return [];
  check(what, { Version: POLICY_VERSION, Statement: value });
  return value as Statement[];
}
