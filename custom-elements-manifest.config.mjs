// `npm run build` documents the element in dist/custom-elements.json from the JSDoc in src/liveness-check-element.ts.

/**
 * Drops what the analyzer cannot tell is internal: Lit `@state()` fields (named `_…`), and the event it reads off
 * the generic `#emit(type, detail)` helper (named `type`); the real events come from the `@fires` tags.
 */
function dropInternals() {
  return {
    name: 'drop-internals',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          declaration.members = declaration.members?.filter((member) => !member.name.startsWith('_') && member.privacy !== 'private');
          declaration.events = declaration.events?.filter((event) => event.name.startsWith('liveness-'));
        }
      }
    },
  };
}

export default {
  globs: ['src/liveness-check-element.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [dropInternals()],
};
