export declare const BUILD_DEFINES: { __LIVENESS_CHECK_VERSION__: string };
