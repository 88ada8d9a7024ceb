import { describe, expect, it } from "vitest";
import { addressRefusal, embeddedIpv4, parsePrivateAllowList, privateAllowListSchema, refusedAddressReason } from "./address-policy";

describe("which addresses an output may come from", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["100.64.0.1", "a shared (carrier-grade NAT) address"],
    ["169.254.169.254", "a link-local address"],
    ["0.0.0.0", "an unspecified address"],
    ["224.0.0.251", "a multicast address"],
    ["255.255.255.255", "a reserved address"],
    ["198.18.0.1", "a benchmarking address"],
    ["::1", "a loopback address"],
    ["::", "an unspecified address"],
    ["fe80::1", "a link-local address"],
    ["fc00::1", "a unique local (private) address"],
    ["fd12:3456::1", "a unique local (private) address"],
    ["ff02::1", "a multicast address"],
    ["2001:db8::1", "a documentation address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["::ffff:a9fe:a9fe", "a link-local address"],
    ["::ffff:0:a00:1", "a private address"],
    ["::127.0.0.1", "a loopback address"],
    ["64:ff9b::a9fe:a9fe", "a link-local address"],
    ["64:ff9b:1::1", "a local NAT64 address"],
    ["2002:7f00:1::", "a loopback address"],
    ["2002:c0a8:101::1", "a private address"],
    ["2001::1", "a reserved address"],
    ["::0.0.1.2", "a reserved address"],
    ["100::1", "a discard address"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"])(
    "lets the public address %s through",
    (address) => {
      expect(refusedAddressReason(address)).toBeNull();
    },
  );

  it("reads the IPv4 address inside the IPv6 forms that carry one", () => {
    expect(embeddedIpv4("::ffff:1.2.3.4")).toBe("1.2.3.4");
    expect(embeddedIpv4("64:ff9b::102:304")).toBe("1.2.3.4");
    expect(embeddedIpv4("2002:102:304::")).toBe("1.2.3.4");
    expect(embeddedIpv4("2606:4700::1")).toBeNull();
    expect(embeddedIpv4("::1")).toBeNull();
  });
});

describe("PROVIDER_OUTPUT_ALLOW_PRIVATE", () => {
  it("reads host names, addresses and CIDR ranges, and allows exactly those", () => {
    const list = parsePrivateAllowList(" Media.LAN. , 10.0.0.0/8,192.168.1.7 ,fd00::/8, [::1] ,");
    expect(list.size).toBe(5);
    expect([...list.hosts]).toEqual(["media.lan"]);
    expect(addressRefusal(list, "media.lan", "172.20.0.5")).toBeNull();
    expect(addressRefusal(list, "MEDIA.lan.", "127.0.0.1")).toBeNull();
    expect(addressRefusal(list, "other.lan", "172.20.0.5")).toBe("a private address");
    expect(addressRefusal(list, "x", "10.200.0.1")).toBeNull();
    expect(addressRefusal(list, "x", "::ffff:10.200.0.1")).toBeNull();
    expect(addressRefusal(list, "x", "192.168.1.7")).toBeNull();
    expect(addressRefusal(list, "x", "192.168.1.8")).toBe("a private address");
    expect(addressRefusal(list, "x", "fd00::5")).toBeNull();
    expect(addressRefusal(list, "x", "fc00::5")).toBe("a unique local (private) address");
    expect(addressRefusal(list, "x", "::1")).toBeNull();
    expect(addressRefusal(list, "x", "127.0.0.1")).toBe("a loopback address");
    expect(addressRefusal(list, "x", "169.254.169.254")).toBe("a link-local address");
  });

  it("allows nothing private when empty", () => {
    for (const text of [undefined, "", " , "]) {
      const list = parsePrivateAllowList(text);
      expect(list.size).toBe(0);
      expect(addressRefusal(list, "localhost", "127.0.0.1")).toBe("a loopback address");
    }
  });

  it.each([
    ["10.0.0.0/33", '"10.0.0.0/33" has no valid prefix length (0-32)'],
    ["fd00::/129", '"fd00::/129" has no valid prefix length (0-128)'],
    ["10.0.0.0/8/1", '"10.0.0.0/8/1" has no valid prefix length (0-32)'],
    ["10.0.0.0/x", '"10.0.0.0/x" has no valid prefix length (0-32)'],
    ["http://media.lan", '"http://media.lan" is not a host name, an IP address or a CIDR range'],
    ["media lan", '"media lan" is not a host name, an IP address or a CIDR range'],
    ["media.lan/24", '"media.lan/24" is not a host name, an IP address or a CIDR range'],
    ["*.lan", '"*.lan" is not a host name, an IP address or a CIDR range'],
  ])("refuses %s at start-up, naming the entry", (text, message) => {
    expect(() => parsePrivateAllowList(text)).toThrow(message);
    const parsed = privateAllowListSchema.safeParse(`127.0.0.1,${text}`);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });
});
