/**
 * What crosses between the engine's Web Worker and the pane is copied by structured clone, which keeps an object's
 * own data but not its class: a decimal.js value would arrive as a bare { d, e, s } without its methods. So money
 * travels as its exact decimal string, tagged, and becomes a Dec again on arrival — never a binary float.
 */
import { Dec } from "../engine/core/money";

interface WireDecimal {
  $dec: string;
}

const isWireDecimal = (v: unknown): v is WireDecimal =>
  typeof v === "object" && v !== null && typeof (v as WireDecimal).$dec === "string" && Object.keys(v).length === 1;

/** A deep copy with every Dec replaced by { $dec: "123.45" }. Plain data only (objects, arrays, primitives). */
export function decimalsToWire<T>(value: T): unknown {
  if (Dec.isDecimal(value)) return { $dec: (value as unknown as Dec).toString() };
  if (Array.isArray(value)) return value.map((v) => decimalsToWire(v));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decimalsToWire(v);
    return out;
  }
  return value;
}

/** The inverse of decimalsToWire. */
export function decimalsFromWire<T>(value: unknown): T {
  if (isWireDecimal(value)) return new Dec(value.$dec) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => decimalsFromWire(v)) as unknown as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decimalsFromWire(v);
    return out as T;
  }
  return value as T;
}
