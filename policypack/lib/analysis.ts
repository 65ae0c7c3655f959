/** Parsing with a per-document cache: several policies read the same document of a resource. */
import { registerMemoCache } from "../../lib/iam/memo";
import { NormalDocument, parsePolicyDocument, ParseResult } from "../../lib/iam/parse";
import { DocumentKind, documentsOf, ResourceDocument } from "./documents";
import { NormalStatement } from "../../lib/iam/parse";

let cache = new WeakMap<object, ParseResult>();
const stringCache = new Map<string, ParseResult>();
registerMemoCache(() => {
  cache = new WeakMap();
  stringCache.clear();
});

export function parsed(doc: ResourceDocument): ParseResult {
  const raw = doc.raw;
  if (typeof raw === "string") {
    let r = stringCache.get(raw);
    if (r === undefined) {
      r = parsePolicyDocument(raw);
      if (stringCache.size > 5000) stringCache.clear();
      stringCache.set(raw, r);
    }
    return r;
  }
  if (typeof raw === "object" && raw !== null) {
    let r = cache.get(raw);
    if (r === undefined) {
      r = parsePolicyDocument(raw);
      cache.set(raw, r);
    }
    return r;
  }
  return parsePolicyDocument(raw);
}

/** The document if it could be read; malformed ones are `iam-policy-document-valid`'s to report. */
export function readable(doc: ResourceDocument): NormalDocument | undefined {
  return parsed(doc).document;
}

/** Every readable statement of a resource's documents, optionally of some kinds only, with its document. */
export function* statementsOf(type: string, props: Record<string, unknown>, kinds?: DocumentKind[]): Generator<{ doc: ResourceDocument; statement: NormalStatement }> {
  for (const doc of documentsOf(type, props)) {
    if (kinds && !kinds.includes(doc.kind)) continue;
    for (const statement of readable(doc)?.statements ?? []) yield { doc, statement };
  }
}
