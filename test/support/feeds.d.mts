export declare const GUIDANCE_FEEDS: readonly string[];
export declare const CAMERA_GUIDANCE_FEEDS: readonly string[];
export declare const CHROMIUM_STILL_FEEDS: readonly string[];
export declare const SEARCH_ASSIST_FEEDS: readonly string[];
export declare const BEST_FRAME_FEEDS: readonly string[];
export declare const PROVENANCE_FEEDS: readonly string[];
