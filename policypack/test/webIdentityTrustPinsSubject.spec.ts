import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { webIdentityTrustPinsSubject } from "../policies/webIdentityTrustPinsSubject";
import { PolicyCase, doc, expectCase, role } from "./support/run";

const trust = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/web-identity", `${file}.json`), "utf8"));

const CASES: PolicyCase[] = [
  { name: "a GitHub Actions trust that checks only aud fails: any repository's workflow gets in", resource: role(trust("github-aud-only")), expect: [/lets every token of token\.actions\.githubusercontent\.com assume the role: no sub condition pins the subject.*\[WID001 at assumeRolePolicy:\$\.Statement\[0\]\.Condition\]$/] },
  { name: 'a GitHub Actions trust with sub "repo:*" fails', resource: role(trust("github-any-repo")), expect: [/subject "repo:\*", which matches repositories of any owner.*\[WID002 at assumeRolePolicy:\$\.Statement\[0\]\.Condition\.StringLike\["token\.actions\.githubusercontent\.com:sub"\]\]$/] },
  { name: 'a GitHub Actions trust with sub "repo:acme/*" fails: every repository of the owner', resource: role(trust("github-any-repo-of-owner")), expect: ["which matches every repository of acme"] },
  { name: "a GitHub Actions trust with StringLikeIfExists on sub fails: it does not require one", resource: role(trust("github-sub-if-exists")), expect: ["(StringLikeIfExists does not)"] },
  { name: "a GitHub Actions trust pinned to a repository and branch passes", resource: role(trust("github-pinned-branch")), expect: [] },
  { name: "a GitHub Actions trust pinned to repositories, any ref, passes", resource: role(trust("github-pinned-any-ref")), expect: [] },
  { name: "an EKS service-account trust without sub fails", resource: role(trust("eks-no-sub")), expect: ["lets every token of oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF assume the role"] },
  { name: "an EKS trust for every service account fails", resource: role(trust("eks-any-service-account")), expect: ["which matches service accounts of every namespace"] },
  { name: "an EKS trust pinned to one service account passes", resource: role(trust("eks-pinned")), expect: [] },
  { name: "a Pulumi Cloud OIDC trust that checks only aud fails: any stack of the organization gets in", resource: role(trust("pulumi-aud-only")), expect: ["lets every token of api.pulumi.com/oidc assume the role"] },
  { name: "a Pulumi Cloud OIDC trust for every project of the organization fails", resource: role(trust("pulumi-any-project")), expect: ["which matches every stack or environment of the organization acme"] },
  { name: "a Pulumi Cloud OIDC trust pinned to a stack passes", resource: role(trust("pulumi-pinned-stack")), expect: [] },
  { name: "a generic OIDC trust without conditions fails", resource: role(trust("generic-no-condition")), expect: ["lets every token of auth.example.com assume the role"] },
  { name: "a generic OIDC trust pinned to a subject passes", resource: role(trust("generic-pinned")), expect: [] },
  { name: "a SAML trust is not a web identity and is not checked", resource: role(doc({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:saml-provider/okta" }, Action: "sts:AssumeRoleWithSAML" })), expect: [] },
  { name: "a service trust is not checked", resource: role(doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" })), expect: [] },
];

describe("iam-web-identity-trust-pins-subject", function () {
  for (const c of CASES) {
    it(c.name, async function () {
      const messages = await expectCase(webIdentityTrustPinsSubject, c);
      for (const m of messages) assert.match(m, /Pin the .* \[WID00[12] at assumeRolePolicy:\$\.Statement\[0\](\.Condition|\])/);
    });
  }
});
