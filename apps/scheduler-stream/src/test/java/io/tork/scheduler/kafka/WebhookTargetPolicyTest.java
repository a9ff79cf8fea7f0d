package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which address a call connects to, from a name's answers and the operator's allowances. */
class WebhookTargetPolicyTest {
  private static InetAddress[] ips(String... literals) {
    return java.util.Arrays.stream(literals)
        .map(
            l -> {
              try {
                return InetAddress.getByName(l);
              } catch (UnknownHostException e) {
                throw new IllegalArgumentException(l, e);
              }
            })
        .toArray(InetAddress[]::new);
  }

  /** A DNS server that answers each name as told, and knows no other. */
  private static WebhookTargetPolicy.Resolver answering(Map<String, InetAddress[]> answers) {
    return host -> {
      InetAddress[] answer = answers.get(host);
      if (answer == null) {
        if (host.matches("[\\d.]+|.*:.*")) {
          return InetAddress.getAllByName(host); // a literal: no lookup
        }
        throw new UnknownHostException(host);
      }
      return answer;
    };
  }

  @Test
  void byDefaultLoopbackPrivateAndMetadataTargetsAreRefused() {
    WebhookTargetPolicy policy = WebhookTargetPolicy.DEFAULT;
    for (String host :
        List.of(
            "127.0.0.1", "[::1]", "169.254.169.254", "10.0.0.1", "[fd00:ec2::254]", "0.0.0.0")) {
      assertThatThrownBy(() -> policy.address(host))
          .as(host)
          .isInstanceOf(WebhookTargets.Refused.class)
          .hasMessageEndingWith("; --webhook-allow lets it be called");
    }
    assertThatThrownBy(() -> policy.address("127.0.0.1"))
        .hasMessage(
            "127.0.0.1 is a loopback address (127.0.0.0/8); --webhook-allow lets it be called");
  }

  @Test
  void aNameThatResolvesToAPrivateAddressIsRefusedSayingSo() {
    WebhookTargetPolicy policy =
        WebhookTargetPolicy.DEFAULT.withResolver(
            answering(Map.of("hooks.example.com", ips("192.168.1.20"))));
    assertThatThrownBy(() -> policy.address("hooks.example.com"))
        .isInstanceOf(WebhookTargets.Refused.class)
        .hasMessage(
            "hooks.example.com: 192.168.1.20 is a private address (192.168.0.0/16);"
                + " --webhook-allow lets it be called");
  }

  @Test
  void aPublicAnswerIsConnectedTo() throws Exception {
    WebhookTargetPolicy policy =
        WebhookTargetPolicy.DEFAULT.withResolver(
            answering(Map.of("hooks.example.com", ips("93.184.215.14"))));
    assertThat(policy.address("hooks.example.com").getHostAddress()).isEqualTo("93.184.215.14");
    assertThat(policy.address("8.8.8.8").getHostAddress()).isEqualTo("8.8.8.8");
  }

  @Test
  void specialAnswersAreSkippedAndOnlyAnAllowedOneIsConnectedTo() throws Exception {
    WebhookTargetPolicy policy =
        WebhookTargetPolicy.allowing(List.of("127.0.0.1"))
            .withResolver(
                answering(
                    Map.of(
                        "localhost", ips("::1", "127.0.0.1"),
                        "mixed.example.com", ips("10.0.0.5", "93.184.215.14"))));
    assertThat(policy.address("localhost").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(policy.address("mixed.example.com").getHostAddress()).isEqualTo("93.184.215.14");
    assertThatThrownBy(() -> policy.address("[::1]")).isInstanceOf(WebhookTargets.Refused.class);
    assertThatThrownBy(() -> policy.address("127.0.0.2"))
        .isInstanceOf(WebhookTargets.Refused.class);
  }

  @Test
  void aBlockAllowsItsAddressesAndTheirMappedForms() throws Exception {
    WebhookTargetPolicy policy = WebhookTargetPolicy.allowing(List.of("10.1.0.0/16", "fd00::/8"));
    assertThat(policy.refusal(InetAddress.getByName("10.1.255.1"))).isEmpty();
    assertThat(policy.refusal(InetAddress.getByName("fd12::1"))).isEmpty();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 10;
    mapped[13] = 1;
    assertThat(policy.refusal(java.net.Inet6Address.getByAddress(null, mapped, -1))).isEmpty();
    assertThat(policy.refusal(InetAddress.getByName("10.2.0.1"))).isPresent();
    assertThat(policy.refusal(InetAddress.getByName("fc00::1"))).isPresent();
  }

  @Test
  void anAllowedHostNameIsTrustedWhateverItResolvesTo() throws Exception {
    WebhookTargetPolicy policy =
        WebhookTargetPolicy.allowing(List.of("Hooks.Internal."))
            .withResolver(
                answering(
                    Map.of(
                        "hooks.internal", ips("10.9.8.7"),
                        "HOOKS.internal", ips("10.9.8.7"),
                        "other.internal", ips("10.9.8.7"))));
    assertThat(policy.address("hooks.internal").getHostAddress()).isEqualTo("10.9.8.7");
    assertThat(policy.address("HOOKS.internal").getHostAddress()).isEqualTo("10.9.8.7");
    assertThatThrownBy(() -> policy.address("other.internal"))
        .isInstanceOf(WebhookTargets.Refused.class);
    // the name is trusted, not the address it gave
    assertThatThrownBy(() -> policy.address("10.9.8.7")).isInstanceOf(WebhookTargets.Refused.class);
  }

  /**
   * DNS rebinding: a name that answers a reachable address once and loopback the next time. Each
   * answer is checked as it is given, and the address checked is the one returned to connect to:
   * the second lookup is refused, never connected to.
   */
  @Test
  void aNameThatRebindsToLoopbackIsRefusedOnTheLookupThatAnswersLoopback() throws Exception {
    Deque<InetAddress[]> answers =
        new ArrayDeque<>(List.of(ips("93.184.215.14"), ips("127.0.0.1")));
    AtomicInteger lookups = new AtomicInteger();
    WebhookTargetPolicy policy =
        WebhookTargetPolicy.DEFAULT.withResolver(
            host -> {
              lookups.incrementAndGet();
              return answers.size() > 1 ? answers.pop() : answers.peek();
            });
    assertThat(policy.address("rebind.example.com").getHostAddress()).isEqualTo("93.184.215.14");
    assertThatThrownBy(() -> policy.address("rebind.example.com"))
        .isInstanceOf(WebhookTargets.Refused.class)
        .hasMessageStartingWith("rebind.example.com: 127.0.0.1 is a loopback address");
    assertThat(lookups).hasValue(2);
  }

  @Test
  void anUnknownNameIsAFailedAttemptNotARefusal() {
    WebhookTargetPolicy policy = WebhookTargetPolicy.DEFAULT.withResolver(answering(Map.of()));
    assertThatThrownBy(() -> policy.address("nowhere.example.com"))
        .isInstanceOf(UnknownHostException.class);
    assertThatThrownBy(() -> policy.address("[]")).isInstanceOf(WebhookTargets.Refused.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "10.0.0.1/33      | '10.0.0.1/33' has no prefix length between 0 and 32",
        "10.0.0.1/8       | '10.0.0.1/8' has bits set past its prefix (did you mean 10.0.0.0/8?)",
        "10.0.0/8         | '10.0.0/8' is not an IP address",
        "300.1.1.1        | '300.1.1.1' is not an IP address",
        "fd00::/129       | 'fd00::/129' has no prefix length between 0 and 128",
        "fd00::zz         | 'fd00::zz' is not an IP address",
        "a b              | 'a b' is neither an address, a block (10.0.0.0/8, fd00::/8) nor a host"
            + " name",
        "*.internal       | '*.internal' is neither an address",
        "\"\"               | '' is neither an address",
      })
  void aBadAllowanceIsRefusedSayingWhy(String entry, String message) {
    assertThatThrownBy(() -> WebhookTargetPolicy.check(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void allowancesAreAddressesBlocksOrNames() {
    for (String entry :
        List.of(
            "127.0.0.1",
            "10.0.0.0/8",
            "::1",
            "[::1]",
            "fd00::/8",
            "0.0.0.0/0",
            "localhost",
            "a.b-c.d_e")) {
      assertThat(WebhookTargetPolicy.check(entry)).isEqualTo(entry);
    }
    assertThat(WebhookTargetPolicy.allowing(List.of("10.0.0.0/8", "hooks.internal")))
        .hasToString("10.0.0.0/8, hooks.internal");
  }
}
