import { describe, expect, it } from "vitest";
import { avmAccountSchema } from "./schemas";

// GET /api/v1/account is documented by field names only (U10): its model list is read defensively.

describe("the account's supportedModels", () => {
  it("reads strings as measured, and objects naming the model", () => {
    expect(avmAccountSchema.parse({ supportedModels: ["t2v", "minimax"] }).supportedModels).toEqual(["t2v", "minimax"]);
    expect(
      avmAccountSchema.parse({ supportedModels: [{ id: "t2v" }, { model: "wan27", price: 1 }, { name: "happyhorse" }] }).supportedModels,
    ).toEqual(["t2v", "wan27", "happyhorse"]);
  });

  it("skips entries of another shape, and reads no usable list as unknown (null), which restricts nothing", () => {
    expect(avmAccountSchema.parse({ supportedModels: ["t2v", 7, null, { label: "x" }, ""] }).supportedModels).toEqual(["t2v"]);
    expect(avmAccountSchema.parse({}).supportedModels).toBeNull();
    expect(avmAccountSchema.parse({ supportedModels: [] }).supportedModels).toBeNull();
    expect(avmAccountSchema.parse({ supportedModels: "t2v,i2v" }).supportedModels).toBeNull();
    expect(avmAccountSchema.parse({ supportedModels: [{ id: 3 }] }).supportedModels).toBeNull();
  });
});
