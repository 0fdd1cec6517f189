export default async function globalTeardown() {
  await globalThis.__HZ_FAULT_STACK__?.stop();
}
