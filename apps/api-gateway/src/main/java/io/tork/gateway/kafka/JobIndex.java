package io.tork.gateway.kafka;

import io.tork.model.Job;
import io.tork.model.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The job listing's indexes, newest first: all jobs, jobs by state, jobs by tag. A page walks one
 * index from its start, so it costs the page's offset and size, not the number of jobs; a query on
 * one state or one tag walks that index. Free-text terms (matched in name, description and state)
 * filter the walk, and their total is counted by a walk to the end. One writer (the view's
 * consumer), any number of readers.
 */
final class JobIndex {
  /** Newest first; the id breaks ties between jobs created in the same instant. */
  record Key(Instant createdAt, String id) {
    static final Comparator<Key> NEWEST_FIRST =
        Comparator.comparing(Key::createdAt).reversed().thenComparing(Key::id);
  }

  private record Entry(NavigableSet<Key> keys, AtomicInteger size) {
    static Entry create() {
      return new Entry(new ConcurrentSkipListSet<>(Key.NEWEST_FIRST), new AtomicInteger());
    }

    void add(Key key) {
      if (keys.add(key)) {
        size.incrementAndGet();
      }
    }

    void remove(Key key) {
      if (keys.remove(key)) {
        size.decrementAndGet();
      }
    }
  }

  /** A page of job ids, and how many jobs the query matches in all. */
  record Page(List<String> ids, int totalItems) {}

  /**
   * A parsed {@code q}: {@code tag:x} (the job has tag x), {@code tags:a,b} (any of them), and
   * words, every one of which must appear in the name, description or state (case ignored).
   */
  record Query(List<List<String>> tagGroups, List<String> words) {
    static Query parse(String q) {
      List<List<String>> tags = new ArrayList<>();
      List<String> words = new ArrayList<>();
      for (String token : q.trim().split("\\s+")) {
        if (token.isEmpty()) {
          continue;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tag:") || lower.startsWith("tags:")) {
          String value = token.substring(token.indexOf(':') + 1);
          tags.add(Arrays.stream(value.split(",")).filter(t -> !t.isBlank()).toList());
        } else {
          words.add(lower);
        }
      }
      return new Query(tags, words);
    }

    boolean matches(Job job) {
      for (List<String> group : tagGroups) {
        if (group.stream().noneMatch(job.tags()::contains)) {
          return false;
        }
      }
      String text =
          (job.name() + "\n" + job.description() + "\n" + job.state()).toLowerCase(Locale.ROOT);
      return words.stream().allMatch(text::contains);
    }
  }

  private final Entry all = Entry.create();
  private final Map<JobState, Entry> byState = new ConcurrentHashMap<>();
  private final Map<String, Entry> byTag = new ConcurrentHashMap<>();

  /** Records {@code job}, which was {@code previous} (null for a new job). */
  void put(Job job, Job previous) {
    Key key = new Key(job.createdAt(), job.id());
    if (previous == null) {
      all.add(key);
      job.tags().forEach(tag -> byTag.computeIfAbsent(tag, t -> Entry.create()).add(key));
    } else if (previous.state() != job.state()) {
      byState.computeIfAbsent(previous.state(), s -> Entry.create()).remove(key);
    }
    byState.computeIfAbsent(job.state(), s -> Entry.create()).add(key);
  }

  /** How many jobs are in {@code state} now. */
  int count(JobState state) {
    Entry entry = byState.get(state);
    return entry == null ? 0 : entry.size().get();
  }

  void remove(Job job) {
    Key key = new Key(job.createdAt(), job.id());
    all.remove(key);
    byState.computeIfAbsent(job.state(), s -> Entry.create()).remove(key);
    job.tags().forEach(tag -> byTag.computeIfAbsent(tag, t -> Entry.create()).remove(key));
  }

  /**
   * @param page 1-based
   * @param jobs reads a job by id (null when gone)
   */
  Page page(Query query, int page, int size, Function<String, Job> jobs) {
    Entry entry = all;
    Query rest = query;
    if (query.tagGroups().size() == 1 && query.tagGroups().getFirst().size() == 1) {
      entry = byTag.getOrDefault(query.tagGroups().getFirst().getFirst(), Entry.create());
      rest = new Query(List.of(), query.words());
    } else if (query.tagGroups().isEmpty() && query.words().size() == 1) {
      JobState state = state(query.words().getFirst());
      if (state != null) {
        entry = byState.getOrDefault(state, Entry.create());
        rest = new Query(List.of(), List.of());
      }
    }
    boolean filtered = !rest.tagGroups().isEmpty() || !rest.words().isEmpty();
    Query filter = rest;
    Predicate<Key> keep =
        key -> {
          Job job = jobs.apply(key.id());
          return job != null && (!filtered || filter.matches(job));
        };
    long skip = (long) (page - 1) * size;
    List<String> ids = new ArrayList<>(size);
    int matched = 0;
    for (Key key : entry.keys()) {
      if (!keep.test(key)) {
        continue;
      }
      matched++;
      if (matched > skip && ids.size() < size) {
        ids.add(key.id());
      } else if (ids.size() == size && !filtered) {
        break; // unfiltered: the total is the index's size, no need to walk on
      }
    }
    return new Page(ids, filtered ? matched : entry.size().get());
  }

  private static JobState state(String word) {
    for (JobState state : JobState.values()) {
      if (state.name().equalsIgnoreCase(word)) {
        return state;
      }
    }
    return null;
  }
}
