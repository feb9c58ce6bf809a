export type Engine = 'chromium' | 'firefox' | 'webkit';
export declare const ENGINES: Engine[];
export declare function selectedEngines(value?: string): Engine[];
export declare function startWebKitDriver(options?: {
  timeoutMs?: number;
  stopOnExit?: boolean;
}): Promise<{ port: number; pid: number; stop: () => void }>;
