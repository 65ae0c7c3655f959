// @stryker-mutator/mocha-runner 10.0.0 requires `mocha/lib/cli/run-helpers` (and `collect-files`)
// without an extension; mocha 12 ships them as `.cjs`, so the plugin fails to load. Loaded with
// `--require` in StrykerJS's processes, this retries such a request with `.cjs`. Nothing else is
// touched: other modules resolve as usual.
"use strict";
const Module = require("module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolve.call(this, request, ...rest);
  } catch (err) {
    if (/[\\/]mocha[\\/]lib[\\/]cli[\\/][\w-]+$/.test(request)) return resolve.call(this, `${request}.cjs`, ...rest);
    throw err;
  }
};
