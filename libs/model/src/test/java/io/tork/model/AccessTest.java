package io.tork.model;

import static io.tork.model.codec.DocumentFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {
  @Test
  void permissionsAreReadInToksSyntax() {
    JobSpec spec =
        yaml(
            """
            name: shared
            permissions:
            - user: bob
            - role: ops
            tasks:
            - name: t
              image: alpine:3.18.3
              run: true
            """);
    assertThat(spec.permissions()).containsExactly(Permission.user("bob"), Permission.role("ops"));
    Job job = Job.pending("j1", spec, java.time.Instant.EPOCH, "alice");
    assertThat(job.createdBy()).isEqualTo("alice");
    assertThat(job.permissions()).isEqualTo(spec.permissions());
    assertThat(job.accessKeys()).containsExactly("user:alice", "user:bob", "role:ops");
  }

  @Test
  void anEntryNamesExactlyOneOfUserAndRole() {
    assertThatThrownBy(
            () ->
                yaml(
                    """
                    name: shared
                    permissions:
                    - {user: bob, role: ops}
                    - {}
                    - role: %s
                    tasks:
                    - name: t
                      image: alpine:3.18.3
                    """
                        .formatted("r".repeat(65))))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("permissions[0]: must name exactly one of user and role")
        .hasMessageContaining("permissions[1]: must name exactly one of user and role")
        .hasMessageContaining("permissions[2].role: is longer than 64 characters");
  }

  @Test
  void anUnknownFieldOfAnEntryIsRefused() {
    assertThatThrownBy(
            () ->
                yaml(
                    """
                    name: shared
                    permissions: [{group: ops}]
                    tasks: [{name: t, image: alpine:3.18.3}]
                    """))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("group");
  }

  @Test
  void aDocumentCannotNameItsOwner() {
    assertThatThrownBy(
            () ->
                yaml(
                    """
                    name: forged
                    createdBy: admin
                    tasks: [{name: t, image: alpine:3.18.3}]
                    """))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("createdBy");
  }

  @Test
  void aCallerMaySeeWhatTheyOwnOrWhatNamesThemOrOneOfTheirRoles() {
    List<String> job =
        Access.keysOf("alice", List.of(Permission.user("bob"), Permission.role("ops")));
    assertThat(Access.mayAccess(Access.callerKeys("alice", Set.of()), job)).isTrue();
    assertThat(Access.mayAccess(Access.callerKeys("bob", Set.of()), job)).isTrue();
    assertThat(Access.mayAccess(Access.callerKeys("carol", Set.of("ops")), job)).isTrue();
    assertThat(Access.mayAccess(Access.callerKeys("carol", Set.of("dev")), job)).isFalse();
    // A user named like a role is not that role.
    assertThat(Access.mayAccess(Access.callerKeys("ops", Set.of()), job)).isFalse();
  }

  @Test
  void tooManyPermissionsAreRefused() {
    StringBuilder doc = new StringBuilder("name: many\npermissions:\n");
    for (int i = 0; i <= Access.MAX_PERMISSIONS; i++) {
      doc.append("- user: u").append(i).append('\n');
    }
    doc.append("tasks: [{name: t, image: alpine:3.18.3}]\n");
    assertThatThrownBy(() -> yaml(doc.toString()))
        .hasMessageContaining("permissions: has 101 entries, more than the limit of 100");
  }
}
