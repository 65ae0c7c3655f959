import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { roleTrustExternalId } from "../policies/roleTrustExternalId";
import { PolicyCase, TestResource, doc, expectCase, role } from "./support/run";

const trust = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/trusts", `${file}.json`), "utf8"));
const OWN = { arn: "arn:aws:iam::111111111111:role/vendor" };

const VENDOR = "arn:aws:iam::222222222222:root";
const vendorTrust = (condition: Record<string, unknown>, extra: Record<string, unknown> = {}) => doc({ Effect: "Allow", Principal: { AWS: VENDOR }, Action: "sts:AssumeRole", Condition: condition, ...extra });
const withId = (id: string): TestResource => role(vendorTrust({ StringEquals: { "sts:ExternalId": id } }), OWN);

const CASES: PolicyCase[] = [
  { name: "a vendor account's root with its own external id passes", resource: role(trust("vendor-external-id"), OWN), expect: [] },
  { name: "a placeholder external id fails: it is the same for every customer", resource: role(trust("vendor-external-id-placeholder"), OWN), expect: [/external id "external-id", which is a placeholder.*\[XID002 at assumeRolePolicy:\$\.Statement\[0\]\.Condition\.StringEquals\["sts:ExternalId"\]\]$/] },
  { name: "a wildcard external id fails", resource: role(trust("vendor-external-id-wildcard"), OWN), expect: ['external id "*", which is a wildcard'] },
  { name: "an account id as the external id fails", resource: role(trust("vendor-external-id-account"), OWN), expect: ["which is an account id"] },
  { name: "an IfExists external id fails: it does not require one", resource: role(trust("vendor-external-id-if-exists"), OWN), expect: [/with StringEqualsIfExists, which does not require it.*XID001/] },
  { name: "a ForAllValues external id fails: it is true when the caller passes none", resource: role(vendorTrust({ "ForAllValues:StringEquals": { "sts:ExternalId": "c0ffee-customer-7f3a" } }), OWN), expect: [/with ForAllValues:StringEquals, which does not require it.*\[XID001 at assumeRolePolicy:\$\.Statement\[0\]\.Condition\["ForAllValues:StringEquals"\]\["sts:ExternalId"\]\]$/] },
  { name: "a role principal is not the third-party pattern and is not checked", resource: role(trust("cross-account-ci-role"), OWN), expect: [] },
  { name: "an account principal without an external id is a person's trust, left to iam-role-trust-requires-mfa", resource: role(trust("identity-account-narrowed-to-ci-roles"), OWN), expect: [] },

  // What counts as a value shared by every customer.
  ...["ExternalId", "external_id", "xxxxxxxx", "00000000", "123456789"].map((id) => ({ name: `the placeholder "${id}" fails`, resource: withId(id), expect: [`external id "${id}", which is a placeholder`] })),
  ...["ab12cd34-test", "test-7f3a9c2e", "a1b2c3d4"].map((id) => ({ name: `"${id}" (a placeholder word inside an id, or 8 characters) passes`, resource: withId(id), expect: [] })),
  { name: "a 7-character external id fails: short enough to guess", resource: withId("abc1234"), expect: ['external id "abc1234", which is 7 characters long, short enough to guess or to be shared'] },
  { name: "the vendor's own account id as the external id fails", resource: withId("222222222222"), expect: ['external id "222222222222", which is an account id'] },
  {
    name: "a shared external id is located at the test that holds it, not at the first condition",
    resource: role(vendorTrust({ Bool: { "aws:SecureTransport": "true" }, StringEquals: { "sts:ExternalId": "test" } }), OWN),
    expect: [/external id "test", which is a placeholder.* \[XID002 at assumeRolePolicy:\$\.Statement\[0\]\.Condition\.StringEquals\["sts:ExternalId"\]\]$/],
  },
  {
    name: "the role's own account beside a vendor's is named too, and the shared id is reported once",
    resource: role(vendorTrust({ StringEquals: { "sts:ExternalId": "test" } }, { Principal: { AWS: ["arn:aws:iam::111111111111:root", VENDOR] } }), OWN),
    expect: ['lets arn:aws:iam::111111111111:root, arn:aws:iam::222222222222:root assume the role with the external id "test", which is a placeholder'],
  },
  { name: "the role's own account root with a placeholder id is not the third-party pattern (left to iam-role-trust-requires-mfa)", resource: role(vendorTrust({ StringEquals: { "sts:ExternalId": "test" } }, { Principal: { AWS: "arn:aws:iam::111111111111:root" } }), OWN), expect: [] },
  // What is not checked.
  { name: "a role principal with an IfExists external id is not the third-party pattern", resource: role(vendorTrust({ StringEqualsIfExists: { "sts:ExternalId": "c0ffee-customer-7f3a" } }, { Principal: { AWS: "arn:aws:iam::222222222222:role/vendor" } }), OWN), expect: [] },
  { name: "a Deny on the external id is not a grant", resource: role(doc({ Effect: "Allow", Principal: { AWS: VENDOR }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "c0ffee-customer-7f3a" } } }, { Effect: "Deny", Principal: { AWS: VENDOR }, Action: "sts:AssumeRole", Condition: { StringNotEquals: { "sts:ExternalId": "c0ffee-customer-7f3a" } } }), OWN), expect: [] },
  { name: "a statement for another action is not checked", resource: role(vendorTrust({ StringEqualsIfExists: { "sts:ExternalId": "c0ffee-customer-7f3a" } }, { Action: "sts:TagSession" }), OWN), expect: [] },
  { name: "a resource policy is not a trust", resource: { type: "aws:sqs/queuePolicy:QueuePolicy", name: "q", props: { queueUrl: "https://sqs.eu-west-1.amazonaws.com/111111111111/q", policy: JSON.stringify(vendorTrust({ StringEqualsIfExists: { "sts:ExternalId": "test" } }, { Action: "*", Resource: "*" })) } }, expect: [] },
  { name: "a malformed trust is left to iam-policy-document-valid, not a crash", resource: role("{not json", OWN), expect: [] },
  // Operators that do not require the id.
  ...["NotStringEquals", "StringEqualsAny"].map((operator) => ({ name: `a misspelt operator (${operator}) does not require the id and fails`, resource: role(vendorTrust({ [operator]: { "sts:ExternalId": "c0ffee-customer-7f3a" } }), OWN), expect: [`tests sts:ExternalId with ${operator}, which does not require it`] })),
];

describe("iam-role-trust-external-id", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(roleTrustExternalId, c);
      for (const m of messages) {
        assert.match(m, /\[XID00[12] at assumeRolePolicy:\$\.Statement\[0\]\.Condition/);
        assert.ok(m.includes(m.includes("[XID001") ? 'Use "StringEquals": {"sts:ExternalId": "<your id>"}' : "Use the external id the vendor generated for your account alone"), `"${m}" names the fix`);
      }
    });
  }
});
