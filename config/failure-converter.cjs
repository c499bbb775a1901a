// The failure converter of the forløb worker and client: error messages and stack traces travel as an
// encoded payload, so the payload codec encrypts them like every other payload. Plain CommonJS because
// the Temporal SDK loads it by path both in Node (require) and in the workflow bundle.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
