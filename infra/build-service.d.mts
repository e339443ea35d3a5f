export declare function entryOf(service: string): string;
export declare function buildService(service: string): Promise<string>;
export declare function isFresh(service: string): boolean;
export declare function ensureBuilt(service: string): Promise<string>;
