export * from './common.js';
export * from './endpoint.js';
