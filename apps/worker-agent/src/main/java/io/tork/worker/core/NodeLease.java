package io.tork.worker.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's claim on the working directory it shares with the other workers of its host: an
 * exclusive OS lock on {@code <nodeId>.lock} there, held while the process lives and released by
 * the OS when it ends, however it ends ({@code kill -9} included). A starting worker takes the lock
 * of every other node it can: those nodes are dead, and what they left behind (containers still
 * running, task directories) can be removed, and only theirs.
 */
public final class NodeLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeLease.class);
  private static final String SUFFIX = ".lock";
  // Leases of this JVM's nodes, never opened by a scan: on Linux, closing any handle of a file
  // drops
  // every lock the process holds on it.
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private NodeLease(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes {@code nodeId}'s lease under {@code root} (created if missing). */
  public static NodeLease take(Path root, String nodeId) {
    try {
      Files.createDirectories(root);
      // Locked under another name, then renamed: a lease is never seen unlocked, so a worker that
      // scans meanwhile cannot take a starting node for a dead one.
      Path pending = root.resolve(nodeId + SUFFIX + ".new");
      FileChannel channel =
          FileChannel.open(pending, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      Path file =
          Files.move(pending, root.resolve(nodeId + SUFFIX), StandardCopyOption.ATOMIC_MOVE)
              .toAbsolutePath();
      HELD.add(file);
      return new NodeLease(file, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the node lease under " + root, e);
    }
  }

  /**
   * Calls {@code reap} with the id of every other node whose lease under the same directory is no
   * longer held (its process has ended without releasing it), then removes that lease.
   *
   * @return the ids reaped
   */
  public List<String> reapDead(Consumer<String> reap) {
    List<String> reaped = new ArrayList<>();
    try (DirectoryStream<Path> leases = Files.newDirectoryStream(file.getParent(), "*" + SUFFIX)) {
      for (Path listed : leases) {
        Path other = listed.toAbsolutePath();
        String nodeId = other.getFileName().toString();
        nodeId = nodeId.substring(0, nodeId.length() - SUFFIX.length());
        if (!HELD.contains(other) && reapIfDead(other, nodeId, reap)) {
          reaped.add(nodeId);
        }
      }
    } catch (IOException e) {
      log.atWarn().setCause(e).log("cannot list the node leases");
    }
    return reaped;
  }

  private static boolean reapIfDead(Path lease, String nodeId, Consumer<String> reap) {
    try (FileChannel channel = FileChannel.open(lease, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        return false; // its node is alive
      }
      try {
        reap.accept(nodeId);
        Files.deleteIfExists(lease);
      } finally {
        lock.release();
      }
      log.atInfo().addKeyValue("deadNodeId", nodeId).log("dead node's leftovers removed");
      return true;
    } catch (IOException e) {
      // Gone meanwhile: another starting worker reaped it.
      return false;
    }
  }

  private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very process: a node of this JVM
    }
  }

  /** Releases the lease on a graceful stop: the node has left nothing behind. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      lock.release();
      channel.close();
      HELD.remove(file);
    } catch (IOException e) {
      log.atWarn().setCause(e).addKeyValue("lease", file).log("cannot release the node lease");
    }
  }
}
