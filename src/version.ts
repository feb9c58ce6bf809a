/** package.json's version, substituted by the build (scripts/build-defines.mjs), for telling copies apart at registration. */
declare const __LIVENESS_CHECK_VERSION__: string;
export const VERSION: string = __LIVENESS_CHECK_VERSION__;
