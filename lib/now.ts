/** Unix seconds now: the demo's clock for its own records (restore links, admin figures, exports). */
export const unixNow = (): number => Math.floor(Date.now() / 1000);
