package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every block a webhook must not reach unless allowed, at its edges, and what stays reachable. */
class SpecialAddressesTest {
  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  /** An IPv6 address kept in its 16 bytes (the JVM turns a mapped literal into IPv4). */
  private static InetAddress ipv6(String literal) throws UnknownHostException {
    byte[] bytes = InetAddress.getByName(literal).getAddress();
    if (bytes.length == 4) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    return Inet6Address.getByAddress(null, bytes, -1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0.0.0          | an unspecified ('this network') address (0.0.0.0/8)",
        "0.255.255.255    | an unspecified ('this network') address (0.0.0.0/8)",
        "10.0.0.0         | a private address (10.0.0.0/8)",
        "10.255.255.255   | a private address (10.0.0.0/8)",
        "100.64.0.0       | a shared (carrier-grade NAT) address (100.64.0.0/10)",
        "100.100.100.200  | a shared (carrier-grade NAT) address (100.64.0.0/10)",
        "100.127.255.255  | a shared (carrier-grade NAT) address (100.64.0.0/10)",
        "127.0.0.1        | a loopback address (127.0.0.0/8)",
        "127.255.255.254  | a loopback address (127.0.0.0/8)",
        "169.254.169.254  | a link-local address (cloud metadata services live here)"
            + " (169.254.0.0/16)",
        "169.254.0.1      | a link-local address",
        "172.16.0.1       | a private address (172.16.0.0/12)",
        "172.31.255.255   | a private address (172.16.0.0/12)",
        "192.0.0.192      | an IETF protocol assignment (192.0.0.0/24)",
        "192.0.2.1        | a documentation address (TEST-NET-1) (192.0.2.0/24)",
        "192.88.99.1      | a 6to4 relay anycast address (192.88.99.0/24)",
        "192.168.0.1      | a private address (192.168.0.0/16)",
        "192.168.255.255  | a private address (192.168.0.0/16)",
        "198.18.0.1       | a benchmarking address (198.18.0.0/15)",
        "198.19.255.255   | a benchmarking address (198.18.0.0/15)",
        "198.51.100.7     | a documentation address (TEST-NET-2) (198.51.100.0/24)",
        "203.0.113.9      | a documentation address (TEST-NET-3) (203.0.113.0/24)",
        "224.0.0.1        | a multicast address (224.0.0.0/4)",
        "239.255.255.250  | a multicast address (224.0.0.0/4)",
        "240.0.0.1        | a reserved address (or the broadcast address) (240.0.0.0/4)",
        "255.255.255.255  | a reserved address (or the broadcast address) (240.0.0.0/4)",
        "::               | an unspecified address (::/128)",
        "::1              | a loopback address (::1/128)",
        "::127.0.0.1      | an IPv4-compatible address (deprecated) (::/96)",
        "::8.8.8.8        | an IPv4-compatible address (deprecated) (::/96)",
        "64:ff9b:1::1     | a local-use NAT64 address (64:ff9b:1::/48)",
        "100::1           | a discard-only address (100::/64)",
        "2001::1          | a Teredo address (2001::/32)",
        "2001:2::1        | a benchmarking address",
        "2001:10::1       | an ORCHID address (deprecated)",
        "2001:db8::1      | a documentation address (2001:db8::/32)",
        "3fff::1          | a documentation address (3fff::/20)",
        "5f00::1          | a segment routing (SRv6) address",
        "fc00::1          | a unique local (private) address (fc00::/7)",
        "fd00:ec2::254    | a unique local (private) address",
        "fdff:ffff::1     | a unique local (private) address",
        "fe80::1          | a link-local address (fe80::/10)",
        "febf:ffff::1     | a link-local address",
        "fec0::1          | a site-local address (deprecated)",
        "ff02::1          | a multicast address (ff00::/8)",
        "1::1             | is not a global unicast address (2000::/3)",
        "4000::1          | is not a global unicast address (2000::/3)",
        "fbff:ffff::1     | is not a global unicast address (2000::/3)",
        "fe7f::1          | is not a global unicast address (2000::/3)",
        "feff::1          | a site-local address (deprecated) (fec0::/10)",
      })
  void aSpecialAddressIsNamedWithItsBlock(String address, String kind) throws Exception {
    assertThat(SpecialAddresses.of(ip(address)))
        .hasValueSatisfying(r -> assertThat(r).contains(kind));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "1.1.1.1",
        "8.8.8.8",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "169.255.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.255",
        "192.0.3.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:4700:4700::1111",
        "2a00:1450:4001::200e",
        "2001:4860:4860::8888",
        "64:ff9b::808:808",
        "2002:808:808::1",
        "2c0f:fb50:4003::1",
        "3ffe:ffff::1"
      })
  void aGloballyReachableAddressIsNot(String address) throws Exception {
    assertThat(SpecialAddresses.of(ip(address))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "::ffff:127.0.0.1     | is an IPv4-mapped address (::ffff:0:0/96) of 127.0.0.1, a loopback"
            + " address",
        "::ffff:169.254.169.254 | of 169.254.169.254, a link-local address",
        "::ffff:10.1.2.3      | of 10.1.2.3, a private address",
        "64:ff9b::7f00:1      | is a NAT64 address (64:ff9b::/96) of 127.0.0.1, a loopback address",
        "64:ff9b::a9fe:a9fe   | of 169.254.169.254, a link-local address",
        "2002:7f00:1::1       | is a 6to4 address (2002::/16) of 127.0.0.1, a loopback address",
        "2002:c0a8:101::1     | of 192.168.1.1, a private address",
      })
  void anIpv6FormOfAnIpv4AddressIsJudgedByIt(String address, String reason) throws Exception {
    assertThat(SpecialAddresses.of(ipv6(address)))
        .hasValueSatisfying(r -> assertThat(r).contains(reason));
  }

  @Test
  void aMappedFormOfAPublicAddressIsPublic() throws Exception {
    assertThat(SpecialAddresses.of(ipv6("::ffff:8.8.8.8"))).isEmpty();
    assertThat(SpecialAddresses.unmapped(ipv6("::ffff:10.0.0.1")))
        .hasValueSatisfying(v4 -> assertThat(v4.getHostAddress()).isEqualTo("10.0.0.1"));
    assertThat(SpecialAddresses.unmapped(ip("10.0.0.1"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "::1, ::1",
    "::, ::",
    "fe80::1, fe80::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
    "1:0:2:0:3:0:4:0, 1:0:2:0:3:0:4:0",
    "10.0.0.1, 10.0.0.1"
  })
  void anAddressIsShownAsPeopleWriteIt(String address, String shown) throws Exception {
    assertThat(SpecialAddresses.shown(ip(address))).isEqualTo(shown);
  }

  @Test
  void theReasonNamesTheAddress() throws Exception {
    assertThat(SpecialAddresses.of(ip("169.254.169.254")))
        .contains(
            "169.254.169.254 is a link-local address (cloud metadata services live here)"
                + " (169.254.0.0/16)");
  }
}
