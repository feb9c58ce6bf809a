export declare const GUIDANCE_FEEDS: readonly string[];
