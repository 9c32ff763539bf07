export * from './limits.js';
export * from './errors.js';
export * from './collab.js';
export * from './schemas.js';
export * from './types.js';
export * from './realtime.js';
