package io.tork.gateway.core;

/** The read model in memory keeps the read ports' contract. */
class InMemoryViewsTest extends ViewsContract {
  private final InMemoryViews views = InMemoryViews.loaded();

  @Override
  protected Views views() {
    return views;
  }

  @Override
  protected void given(Object record) {
    views.put(record);
  }
}
