package io.tork.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bind sources judged by their real paths, on this host's filesystem. */
class MountPolicyTest {
  @TempDir Path root;
  private Path allowed;
  private Path outside;
  private MountPolicy policy;

  @BeforeEach
  void layout() throws IOException {
    allowed = Files.createDirectories(root.resolve("allowed"));
    outside = Files.createDirectories(root.resolve("outside"));
    policy = new MountPolicy(true, List.of(allowed.toString()));
  }

  @Test
  void aSourceUnderTheAllowedOneIsAllowedAtItsRealPath() throws IOException {
    Path data = Files.createDirectories(allowed.resolve("data"));
    assertThat(policy.check(data.toString()))
        .isEqualTo(new MountPolicy.Check.Allowed(data.toRealPath()));
    assertThat(policy.check(allowed + "/data/../data"))
        .isEqualTo(new MountPolicy.Check.Allowed(data.toRealPath()));
  }

  @Test
  void aLinkOutOfTheAllowedSourceIsRefusedNamingWhereItLeads() throws IOException {
    Path link = Files.createSymbolicLink(allowed.resolve("esc"), outside);
    Path nested = Files.createSymbolicLink(allowed.resolve("hop"), Path.of("esc"));
    assertThat(policy.check(link.toString()))
        .isEqualTo(
            new MountPolicy.Check.Refused(
                "bind source '"
                    + link
                    + "' resolves to '"
                    + outside.toRealPath()
                    + "', which is not in this worker's allowed sources"));
    assertThat(policy.check(nested + "/sub")).isInstanceOf(MountPolicy.Check.Refused.class);
    assertThat(policy.check(allowed + "/../outside")).isInstanceOf(MountPolicy.Check.Refused.class);
  }

  @Test
  void anAllowedSourceThatIsItselfALinkIsFollowedToo() throws IOException {
    Path alias = Files.createSymbolicLink(root.resolve("alias"), allowed);
    MountPolicy viaAlias = new MountPolicy(true, List.of(alias.toString()));
    Path data = Files.createDirectories(allowed.resolve("data"));
    assertThat(viaAlias.check(data.toString()))
        .isEqualTo(new MountPolicy.Check.Allowed(data.toRealPath()));
    assertThat(viaAlias.check(outside.toString())).isInstanceOf(MountPolicy.Check.Refused.class);
  }

  @Test
  void missingRelativeOrDisallowedSourcesAreRefused() {
    assertThat(policy.check(allowed.resolve("missing").toString()))
        .isEqualTo(
            new MountPolicy.Check.Refused(
                "bind source '" + allowed.resolve("missing") + "' does not exist"));
    assertThat(allowed.resolve("missing")).doesNotExist();
    assertThat(policy.check("relative/path"))
        .isEqualTo(
            new MountPolicy.Check.Refused("bind source 'relative/path' is not an absolute path"));
    assertThat(MountPolicy.DENY_BINDS.check(allowed.toString()))
        .isEqualTo(new MountPolicy.Check.Refused("bind mounts are not allowed on this worker"));
    assertThat(new MountPolicy(true, List.of()).check(outside.toString()))
        .isInstanceOf(MountPolicy.Check.Allowed.class);
  }

  @Test
  void theRecheckSeesAPartSwappedForALink() throws IOException {
    Path data = Files.createDirectories(allowed.resolve("data"));
    Path real = ((MountPolicy.Check.Allowed) policy.check(data.toString())).realPath();
    assertThat(policy.recheck(real)).isEmpty();
    Files.delete(data);
    assertThat(policy.recheck(real))
        .hasValue("bind source '" + real + "' changed since it was checked: it no longer exists");
    Files.createSymbolicLink(data, outside);
    assertThat(policy.recheck(real))
        .hasValue(
            "bind source '"
                + real
                + "' changed since it was checked: it now resolves to '"
                + outside.toRealPath()
                + "'");
  }
}
