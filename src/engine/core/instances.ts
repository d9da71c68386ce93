/**
 * Long-lived objects built from an object literal, with a class's prototype (issue 10).
 *
 * V8 watches every object-literal site and, once most objects from a site outlive their first collections,
 * allocates the site's objects straight in the old generation ("allocation-site pretenuring"). Objects made with
 * `new` get no such tracking: a month of a million tickets made millions of findings, events and fee lines that the
 * young-generation collector copied twice each — measured at half of the findings stage. So a class a month holds
 * millions of keeps its methods and getters on the prototype, and is built by a factory whose object literal lists
 * every field, always in the same order (one hidden class for all of them). Setting the prototype inside that
 * literal (`{ __proto__: X.prototype, … }`) keeps the pretenuring and skips setPrototypeOf's cost; the hottest
 * sites do that (findings, ticket rows, cell events). `Object.create` plus assignments was measured to lose it.
 */
export function withPrototype<T extends object>(fields: object, prototype: T): T {
  return Object.setPrototypeOf(fields, prototype) as T;
}
