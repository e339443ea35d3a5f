export { setUpFuzzTarget } from './fixtures.ts';
export { operationsOf } from './operations.ts';
export { judge } from './oracle.ts';
export { fuzzSeed, seededRandom } from './random.ts';
export { NO_RATE_LIMITS } from './rate-limits.ts';
export { asCurl, formatFailures, formatTable } from './report.ts';
export { type FuzzRequest, type FuzzTarget, fuzzRequest, ROLES, type Role } from './requests.ts';
export { type FailureGroup, type FuzzOptions, type FuzzReport, fuzz } from './run.ts';
