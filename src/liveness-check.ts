/**
 * `liveness-check`: registers `<liveness-check>` and exports its public API. Import `liveness-check/element` for
 * the same API without registering the tag.
 */

import { defineLivenessCheck } from './define-liveness-check.js';

export * from './element.js';

defineLivenessCheck();
