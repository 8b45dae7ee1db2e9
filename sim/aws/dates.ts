// `instanceof Date` fails for a Date made in another realm (structuredClone under jest's vm, worker
// messages): ask the object what it is instead.
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
