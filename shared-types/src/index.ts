export * from './errors';
export * from './id-number';
export * from './schemas/common';
export * from './schemas/identity';
export * from './schemas/audit';
