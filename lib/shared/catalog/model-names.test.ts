import { describe, expect, it } from "vitest";
import { CATALOG } from "./index";
import { modelDisplayLabel, nameIsShared } from "./model-names";

describe("model display labels", () => {
  const models = [
    { provider: "skills-video", label: "Veo 3.1 Lite" },
    { provider: "apidot", label: "Veo 3.1 Lite" },
    { provider: "apidot", label: "Sora 2" },
    { provider: "aivideomaker", label: "Text to video V3" },
  ];

  it("names the provider beside a name another provider also uses", () => {
    expect(modelDisplayLabel(models[0]!, models)).toBe("Veo 3.1 Lite · skills.video");
    expect(modelDisplayLabel(models[1]!, models)).toBe("Veo 3.1 Lite · APIDot");
  });

  it("leaves a name only one provider uses as it is", () => {
    expect(modelDisplayLabel(models[2]!, models)).toBe("Sora 2");
    expect(modelDisplayLabel(models[3]!, models)).toBe("Text to video V3");
    // Two models of one provider with the same name are told apart by their ids, not this.
    const twice = [models[2]!, { provider: "apidot", label: "Sora 2" }];
    expect(nameIsShared(twice[0]!, twice)).toBe(false);
  });

  it("tells apart every model of the built-in catalog whose name another provider uses", () => {
    const shown = CATALOG.map((model) => modelDisplayLabel(model, CATALOG));
    expect(shown).toContain("Veo 3.1 Lite · skills.video");
    expect(shown).toContain("Veo 3.1 Lite · APIDot");
    const byProvider = new Map<string, Set<string>>();
    CATALOG.forEach((model, index) => byProvider.set(shown[index]!, (byProvider.get(shown[index]!) ?? new Set()).add(model.provider)));
    for (const [label, providers] of byProvider) expect(providers.size, label).toBe(1);
  });
});
