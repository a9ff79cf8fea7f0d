package io.tork.gateway.core;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The items of another iterator as {@code keep} maps them, those it maps to null left out: read one
 * at a time, as the caller asks for them (a page of a view is never read whole).
 */
public final class FilteringIterator<E, T> implements Iterator<T> {
  private final Iterator<E> items;
  private final Function<E, @Nullable T> keep;
  private @Nullable T next;

  public FilteringIterator(Iterator<E> items, Function<E, @Nullable T> keep) {
    this.items = items;
    this.keep = keep;
  }

  @Override
  public boolean hasNext() {
    while (next == null && items.hasNext()) {
      next = keep.apply(items.next());
    }
    return next != null;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T out = next;
    next = null;
    return out;
  }
}
