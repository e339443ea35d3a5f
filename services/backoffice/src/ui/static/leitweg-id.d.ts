/** Types of leitweg-id.js (a plain ES module the browser loads as it is). */
export declare function checkDigits(body: string): string;
export declare const MESSAGES: { characters: string; shape: string; checkDigits: string };
export declare function leitwegIdProblem(value: string): string | null;
