import { describe, expect, it } from "vitest";
import { mentionedNames } from "./comments";

describe("mentionedNames", () => {
  const team = ["Ada", "Ada Lovelace", "Tess", "Óscar Núñez", "Bo"];

  it("finds each teammate named after an @, whatever the case", () => {
    expect(mentionedNames("@tess and @ÓSCAR NÚÑEZ, have a look", team)).toEqual(new Set(["Tess", "Óscar Núñez"]));
  });

  it("takes the longest name that fits, and not the shorter one inside it", () => {
    expect(mentionedNames("ping @Ada Lovelace please", team)).toEqual(new Set(["Ada Lovelace"]));
    expect(mentionedNames("ping @Ada, and @Ada Lovelace", team)).toEqual(new Set(["Ada", "Ada Lovelace"]));
  });

  it("needs the name to end there: @Bob is not @Bo, an email is not a mention", () => {
    expect(mentionedNames("@Bob was here", team)).toEqual(new Set());
    expect(mentionedNames("mail tess@example.com", team)).toEqual(new Set());
    expect(mentionedNames("write to bo@Tess.dev", team)).toEqual(new Set());
    expect(mentionedNames("@Bo.", team)).toEqual(new Set(["Bo"]));
    expect(mentionedNames("no mentions at all", team)).toEqual(new Set());
  });
});
