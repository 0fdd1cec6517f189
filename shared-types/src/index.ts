export * from './errors';
export * from './id-number';
export * from './schemas/common';
export * from './schemas/identity';
export * from './schemas/audit';
export * from './schemas/catalog';
export * from './schemas/appointment';
export * from './schemas/application';
