/**
 * Long-lived objects built from an object literal, with a class's prototype.
 *
 * V8 watches every object-literal site and, once most objects from a site outlive their first collections,
 * allocates the site's objects straight in the old generation ("allocation-site pretenuring"). Objects made with
 * `new` get no such tracking: a month of a million tickets made millions of findings, events and fee lines that the
 * young-generation collector copied twice each — measured at half of the findings stage. So a class a month holds
 * millions of keeps its methods and getters on the prototype, and is built by a factory whose object literal lists
 * every field, always in the same order (one hidden class for all of them), with the prototype set in that literal:
 *
 *     return { __proto__: FeeLine.prototype, t, a, warranty, … } as unknown as FeeLine;
 *
 * That keeps the pretenuring; `Object.create` plus assignments was measured to lose it, and `Object.setPrototypeOf`
 * after the literal (what fee lines did before) cost some 500 ns an object. The `__proto__` entry still costs a
 * runtime call per object (about 50–100 ns): the next step past it is columnar data, not objects.
 *
 * Sites: findings (findings/computeFindings), ticket rows (sheet/readTickets), fee and penalty lines
 * (settlement/computeStatements). Event cells went columnar (core/ticketColumns): a month's events are an Int32Array,
 * and an event object is made only when asked for.
 */
export {};
