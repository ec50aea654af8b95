export * from './auth.js';
export * from './ack.js';
export * from './errors.js';
export * from './events.js';
export * from './task.js';
