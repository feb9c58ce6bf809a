export declare const CHROMIUM_PATH: string;
export declare const FEEDS_DIR: string;
export declare function chromiumArgs(options?: { feed?: string; grantCamera?: boolean }): string[];
