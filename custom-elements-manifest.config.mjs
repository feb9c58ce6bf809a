// `npm run build` documents the element in dist/custom-elements.json from the JSDoc in src/liveness-check.ts.

/** Drops what the analyzer cannot tell is private: Lit `state: true` fields and the generic `#emit(type)` helper. */
function dropInternals() {
  return {
    name: 'drop-internals',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          declaration.attributes = declaration.attributes?.filter((attribute) => !attribute.name.startsWith('_'));
          declaration.members = declaration.members?.filter((member) => !member.name.startsWith('_') && member.privacy !== 'private');
          declaration.events = declaration.events?.filter((event) => event.name.startsWith('liveness-'));
        }
      }
    },
  };
}

export default {
  globs: ['src/liveness-check.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [dropInternals()],
};
