// The `npm pack` output of this checkout, as integrators get it. `npm test` builds and packs once before the e2e
// suites (scripts/run-tests.ts) and hands the tarball to each file in LIVENESS_PACKED_TARBALL; a file run on its own
// builds and packs for itself.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs `npm run build` and `npm pack` into `destination`; returns the tarball's path. */
export function buildAndPack(destination: string = join(ROOT, 'build', 'pack')): string {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  mkdirSync(destination, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', destination], { cwd: ROOT, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  return join(destination, name);
}

export function packedTarball(): string {
  return process.env.LIVENESS_PACKED_TARBALL || buildAndPack();
}

/**
 * Extracts the tarball as `project/node_modules/liveness-check`, which is what installing it does: the package has
 * no dependencies. Everything else an app needs resolves upwards, from this repository's node_modules, so no test
 * installs anything from the network.
 */
export function extractPackage(tarball: string, project: string): string {
  const target = join(project, 'node_modules', 'liveness-check');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  return target;
}
