// Stand-in for the typecheck: when scripts/measure-feeds.ts bundles the page it points this module at the gate of the
// commit measured as "before" (an extracted copy with the shape of ./after-gate.ts).
export * from './after-gate.ts';
