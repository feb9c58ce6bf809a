import { LivenessCheck } from './liveness-check-element.js';
import { LIVENESS_CHECK_TAG } from './liveness-check-tag.js';

/**
 * Registers `<liveness-check>`, once. When another copy of the package got there first (two bundles, or two versions
 * in one app), that copy stays registered; a different version is worth a warning, since the page then runs that
 * one's behaviour and types may not match.
 */
export function defineLivenessCheck(registry: CustomElementRegistry = customElements): void {
  const existing = registry.get(LIVENESS_CHECK_TAG);
  if (existing === undefined) {
    registry.define(LIVENESS_CHECK_TAG, LivenessCheck);
    return;
  }
  const version: unknown = Reflect.get(existing, 'version');
  if (existing !== LivenessCheck && version !== LivenessCheck.version) {
    console.warn(
      `<${LIVENESS_CHECK_TAG}> ${LivenessCheck.version} was not registered: the tag is already defined by ` +
        `${typeof version === 'string' ? `version ${version}` : 'another element'}. Load one copy of liveness-check.`,
    );
  }
}
