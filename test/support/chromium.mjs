// How every suite launches Debian's Chromium: quiet on a closed network, and with a fake camera playing a feed.
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FEEDS_DIR = process.env.FEEDS_DIR ?? fileURLToPath(new URL('../../build/feeds/', import.meta.url));

/**
 * Chromium flags: no background traffic (this machine's network is closed), and when `feed` is given a fake
 * camera playing `build/feeds/<feed>.y4m`; `grantCamera: false` leaves the permission prompt to deny.
 */
export function chromiumArgs({ feed, grantCamera = true } = {}) {
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (feed) args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${FEEDS_DIR}${feed}.y4m`);
  if (feed && grantCamera) args.push('--use-fake-ui-for-media-stream');
  return args;
}
