package io.tork.worker.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's claim on the working directory it shares with the other workers of its host: an
 * exclusive OS lock on {@code .leases/<nodeId>.lock} there, held while the process lives and
 * released by the OS when it ends, however it ends ({@code kill -9} included). A worker takes the
 * lock of every other node it can: those nodes have ended, and what they left behind (containers
 * still running, task directories) can be removed, and only theirs.
 *
 * <p>Keep the lease reachable while the node runs: a collected channel would release the lock.
 */
public final class NodeLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeLease.class);
  private static final String DIR = ".leases";
  private static final String SUFFIX = ".lock";
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]+");
  // Leases of this JVM's nodes, never opened by a scan: on Linux, closing any handle of a file
  // drops every lock the process holds on it.
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private NodeLease(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes {@code nodeId}'s lease under {@code workdir} (created if missing). */
  public static NodeLease take(Path workdir, String nodeId) {
    if (!NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException("not a node id: '" + nodeId + "'");
    }
    try {
      Path leases = Files.createDirectories(workdir.resolve(DIR)).toRealPath();
      Path file = leases.resolve(nodeId + SUFFIX);
      HELD.add(file);
      // Locked under another name, then renamed: a lease is never seen unlocked, so a worker that
      // scans meanwhile cannot take a starting node for an ended one.
      Path pending = leases.resolve(nodeId + SUFFIX + ".new");
      FileChannel channel =
          FileChannel.open(pending, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.lock();
        Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE);
        return new NodeLease(file, channel, lock);
      } catch (IOException | RuntimeException e) {
        channel.close();
        Files.deleteIfExists(pending);
        HELD.remove(file);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the node lease under " + workdir, e);
    }
  }

  /**
   * Calls {@code reap} with the id of every other node whose lease under the same directory is no
   * longer held (its process has ended), then removes that lease. A lease whose reap failed stays,
   * for the next call to try again.
   *
   * @return the ids reaped
   */
  public List<String> reapEnded(Consumer<String> reap) {
    List<String> reaped = new ArrayList<>();
    try (DirectoryStream<Path> leases = Files.newDirectoryStream(file.getParent(), "*" + SUFFIX)) {
      for (Path other : leases) {
        String name = other.getFileName().toString();
        String nodeId = name.substring(0, name.length() - SUFFIX.length());
        if (NODE_ID.matcher(nodeId).matches()
            && !HELD.contains(other)
            && reapIfEnded(other, nodeId, reap)) {
          reaped.add(nodeId);
        }
      }
    } catch (IOException e) {
      log.atWarn().setCause(e).log("cannot list the node leases");
    }
    return reaped;
  }

  private static boolean reapIfEnded(Path lease, String nodeId, Consumer<String> reap) {
    try (FileChannel channel = FileChannel.open(lease, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        return false; // its node is alive
      }
      try {
        if (!Files.exists(lease)) {
          return false; // reaped meanwhile by another worker, which deleted it
        }
        reap.accept(nodeId);
        Files.delete(lease);
      } finally {
        lock.release();
      }
      log.atInfo().addKeyValue("endedNodeId", nodeId).log("ended node's leftovers removed");
      return true;
    } catch (NoSuchFileException e) {
      return false; // reaped meanwhile by another worker
    } catch (IOException | RuntimeException e) {
      log.atWarn()
          .setCause(e)
          .addKeyValue("endedNodeId", nodeId)
          .log("cannot remove an ended node's leftovers; trying again later");
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

  /**
   * Releases the lock and leaves the lease: the next scan of a live worker (or of the next one to
   * start) removes whatever this node's stop left behind (a task that outlived the stop's wait).
   */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      log.atWarn().setCause(e).addKeyValue("lease", file).log("cannot release the node lease");
    } finally {
      HELD.remove(file);
    }
  }
}
