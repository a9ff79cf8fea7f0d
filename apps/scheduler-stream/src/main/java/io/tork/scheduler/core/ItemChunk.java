package io.tork.scheduler.core;

import java.util.List;

/**
 * Part of the list an {@code each} task runs over, kept while its children are planned a chunk at a
 * time: items {@code chunk * SIZE} to {@code chunk * SIZE + items.size() - 1}.
 */
public record ItemChunk(String parentId, int chunk, List<Object> items) {
  /** Items per stored chunk. */
  public static final int SIZE = 500;

  public ItemChunk {
    items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
  }
}
