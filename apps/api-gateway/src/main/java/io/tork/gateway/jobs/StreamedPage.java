package io.tork.gateway.jobs;

import io.tork.model.codec.ApiJson;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A page answer, {@code {items, number, size, totalPages, totalItems}}, written item by item as
 * they are read from the view: however large the items (a task record, a log part), the gateway
 * holds one at a time, not the page. Reading runs off the event loop, at the client's pace.
 */
final class StreamedPage<T> {
  private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

  private final Iterator<T> items;
  private final Function<T, byte[]> render;
  private final int number;
  private final int size;
  private final @Nullable LongSupplier total;
  private long skipped;
  private long emitted;
  private long counted;
  private int phase;

  /**
   * @param items the matching items, in the page order, from the first
   * @param total how many match in all, or null to count them by walking {@code items} to the end
   */
  private StreamedPage(
      Iterator<T> items,
      Function<T, byte[]> render,
      int number,
      int size,
      @Nullable LongSupplier total) {
    this.items = items;
    this.render = render;
    this.number = number;
    this.size = size;
    this.total = total;
  }

  static <T> Mono<ServerResponse> answer(
      Iterator<T> items,
      Function<T, byte[]> render,
      int number,
      int size,
      @Nullable LongSupplier total) {
    StreamedPage<T> page = new StreamedPage<>(items, render, number, size, total);
    Flux<DataBuffer> body =
        Flux.<byte[]>generate(sink -> sink.next(page.next()))
            .takeUntil(chunk -> page.phase == 3)
            .map(BUFFERS::wrap)
            .map(DataBuffer.class::cast)
            .subscribeOn(Schedulers.boundedElastic());
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(BodyInserters.fromDataBuffers(body));
  }

  /** The next piece of the answer: the opening, one item, or the closing with the totals. */
  private byte[] next() {
    if (phase == 0) {
      phase = 1;
      return "{\"items\":[".getBytes(StandardCharsets.UTF_8);
    }
    long skip = (long) (number - 1) * size;
    while (phase == 1 && items.hasNext()) {
      if (skipped < skip) {
        items.next();
        skipped++;
        continue;
      }
      if (emitted == size) {
        break;
      }
      byte[] item = render.apply(items.next());
      emitted++;
      if (emitted == 1) {
        return item;
      }
      byte[] out = new byte[item.length + 1];
      out[0] = ',';
      System.arraycopy(item, 0, out, 1, item.length);
      return out;
    }
    phase = 3;
    long all;
    if (total != null) {
      all = total.getAsLong();
    } else {
      while (items.hasNext()) {
        items.next();
        counted++;
      }
      all = skipped + emitted + counted;
    }
    Map<String, Object> tail = new LinkedHashMap<>();
    tail.put("number", number);
    tail.put("size", emitted);
    tail.put("totalPages", (all + size - 1) / size);
    tail.put("totalItems", all);
    byte[] fields = ApiJson.write(tail);
    byte[] out = new byte[fields.length + 1];
    out[0] = ']';
    out[1] = ',';
    System.arraycopy(fields, 1, out, 2, fields.length - 1);
    return out;
  }
}
