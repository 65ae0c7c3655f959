import { strict as assert } from "node:assert";
import { hasWildcard, wildcardMatch } from "../../lib/iam/wildcard";

describe("lib/iam/wildcard", function () {
  it("a pattern without wildcards matches only the same text", function () {
    assert.equal(wildcardMatch("arn:aws:s3:::reports/a", "arn:aws:s3:::reports/a"), true);
    assert.equal(wildcardMatch("arn:aws:s3:::reports/a", "arn:aws:s3:::reports/ab"), false);
  });
  it("* matches any run of characters, including none and a newline", function () {
    assert.equal(wildcardMatch("arn:aws:s3:::reports/*", "arn:aws:s3:::reports/"), true);
    assert.equal(wildcardMatch("arn:aws:s3:::reports/*", "arn:aws:s3:::reports/2024/q1\nx"), true);
    assert.equal(wildcardMatch("arn:aws:s3:::reports/*", "arn:aws:s3:::report/x"), false);
    assert.equal(wildcardMatch("*", ""), true);
  });
  it("? matches exactly one character", function () {
    assert.equal(wildcardMatch("s3:GetObject?ersion", "s3:GetObjectVersion"), true);
    assert.equal(wildcardMatch("s3:GetObject?ersion", "s3:GetObjectersion"), false);
    assert.equal(wildcardMatch("s3:GetObject?ersion", "s3:GetObjectVVersion"), false);
  });
  it("a dot in a bucket name is a dot, not any character", function () {
    assert.equal(wildcardMatch("arn:aws:s3:::my.bucket/*", "arn:aws:s3:::my.bucket/k"), true);
    assert.equal(wildcardMatch("arn:aws:s3:::my.bucket/*", "arn:aws:s3:::myxbucket/k"), false);
  });
  it("other regular-expression characters are taken literally", function () {
    for (const literal of ["a+b", "a^b", "a$b", "a{1}", "a(b)", "a|b", "a[b]", "a\\b"]) {
      assert.equal(wildcardMatch(`${literal}*`, `${literal}-x`), true, literal);
    }
    assert.equal(wildcardMatch("a+b*", "aab-x"), false);
    assert.equal(wildcardMatch("a|b*", "b-x"), false);
    assert.equal(wildcardMatch("a[b]*", "ab-x"), false);
    assert.equal(wildcardMatch("x*$", "x"), false);
    assert.equal(wildcardMatch("^x*", "x"), false);
  });
  it("resources match case-sensitively unless asked otherwise (action names)", function () {
    assert.equal(wildcardMatch("arn:aws:s3:::Reports/*", "arn:aws:s3:::reports/k"), false);
    assert.equal(wildcardMatch("arn:aws:s3:::Reports/k", "arn:aws:s3:::reports/k"), false);
    assert.equal(wildcardMatch("S3:Get*", "s3:getobject", true), true);
    assert.equal(wildcardMatch("S3:GetObject", "s3:getobject", true), true);
    assert.equal(wildcardMatch("S3:GetObject", "s3:putobject", true), false);
    // The compiled pattern of one case mode is not reused for the other.
    assert.equal(wildcardMatch("S3:Get*", "s3:getobject"), false);
  });
  it("the whole value must match, not a part of it", function () {
    assert.equal(wildcardMatch("s3:Get*", "xs3:GetObject"), false);
    assert.equal(wildcardMatch("*Object", "s3:GetObjectAcl"), false);
  });
  it("hasWildcard sees * and ?", function () {
    assert.equal(hasWildcard("arn:aws:iam::*:role/x"), true);
    assert.equal(hasWildcard("arn:aws:iam::111111111111:role/x?"), true);
    assert.equal(hasWildcard("arn:aws:iam::111111111111:role/x"), false);
  });
});
