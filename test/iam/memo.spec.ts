import { strict as assert } from "node:assert";
import { memoize, resetMemoCaches } from "../../lib/iam/memo";

/** A memo of `key -> key.toUpperCase()` that records which keys it computed. */
function counted(limit: number): { memo: (key: string) => string | undefined; computed: string[] } {
  const computed: string[] = [];
  const memo = memoize((key) => {
    computed.push(key);
    return key === "none" ? undefined : key.toUpperCase();
  }, limit);
  return { memo, computed };
}

describe("lib/iam/memo", function () {
  it("each key is computed once, then served from the cache", function () {
    const { memo, computed } = counted(10);
    assert.equal(memo("a"), "A");
    assert.equal(memo("b"), "B");
    assert.equal(memo("a"), "A");
    assert.deepEqual(computed, ["a", "b"]);
  });
  it("a result of undefined is kept like any other", function () {
    const { memo, computed } = counted(10);
    assert.equal(memo("none"), undefined);
    assert.equal(memo("none"), undefined);
    assert.deepEqual(computed, ["none"]);
  });
  it("a full cache starts afresh, so it never holds more than its limit", function () {
    const { memo, computed } = counted(2);
    memo("a");
    memo("b");
    memo("b");
    assert.deepEqual(computed, ["a", "b"], "two keys fit");
    memo("c");
    memo("b");
    assert.deepEqual(computed, ["a", "b", "c", "b"], "the third key emptied the cache");
    memo("c");
    assert.deepEqual(computed, ["a", "b", "c", "b"], "and what came after is kept");
  });
  it("resetMemoCaches empties every memo", function () {
    const one = counted(10);
    const two = counted(10);
    one.memo("a");
    two.memo("a");
    resetMemoCaches();
    one.memo("a");
    two.memo("a");
    assert.deepEqual([one.computed, two.computed], [["a", "a"], ["a", "a"]]);
  });
});
