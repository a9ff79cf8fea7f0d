package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.codec.Redaction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The job listing's indexes, newest first, on disk: all jobs, jobs by state, jobs by tag, jobs by
 * who may see them (their owner's and their permissions' keys, {@link io.tork.model.Access}), each
 * a range of keys in the view store with its size beside it. A page walks one index from its start,
 * so it costs the page's offset and size, not the number of jobs; a query on one state or one tag
 * walks that index. Free-text terms (matched in name, description and state) filter the walk, and
 * their total is counted by a walk to the end. A user's page walks only the indexes of their own
 * keys (their name and each of their roles), merged newest first: its cost is that of the jobs they
 * may see, never of all jobs (ADR 42). One writer (the view's consumer), any number of readers.
 */
final class JobIndex {
  /** What the listing knows of a job: enough to place it and to match a query. */
  record Listed(
      String id,
      Instant createdAt,
      JobState state,
      String name,
      String description,
      List<String> tags,
      List<String> access) {
    Listed {
      tags = List.copyOf(tags);
      access = List.copyOf(access);
    }

    /**
     * What the listing keeps of {@code job}, on disk: its words with its secrets redacted (a
     * sub-job's name is a template), so that neither the store nor a search holds one.
     */
    static Listed of(Job job) {
      Redaction secrets = Redaction.of(job, List.of());
      return new Listed(
          job.id(),
          job.createdAt(),
          job.state(),
          secrets.text(job.name()),
          secrets.text(job.description()),
          job.tags().stream().map(secrets::text).toList(),
          job.accessKeys());
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

    boolean matches(Listed job) {
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

  private static final String ALL = "a";
  private final ViewStore store;

  JobIndex(ViewStore store) {
    this.store = store;
  }

  /** Records {@code job}, which was {@code previous} (null for a new job). */
  void put(ViewBatch batch, Job job, @Nullable Job previous) {
    put(batch, Listed.of(job), previous == null ? null : Listed.of(previous));
  }

  void put(ViewBatch batch, Listed job, @Nullable Listed previous) {
    if (previous != null && sameEntries(job, previous)) {
      if (previous.state() != job.state()) {
        remove(batch, state(previous.state()), previous);
        add(batch, state(job.state()), job);
      }
      return;
    }
    if (previous != null) {
      remove(batch, previous);
    }
    add(batch, ALL, job);
    job.tags().forEach(tag -> add(batch, tag(tag), job));
    job.access().forEach(key -> add(batch, access(key), job));
    add(batch, state(job.state()), job);
  }

  void remove(ViewBatch batch, Job job) {
    remove(batch, Listed.of(job));
  }

  void remove(ViewBatch batch, Listed job) {
    remove(batch, ALL, job);
    remove(batch, state(job.state()), job);
    job.tags().forEach(tag -> remove(batch, tag(tag), job));
    job.access().forEach(key -> remove(batch, access(key), job));
  }

  /**
   * @param page 1-based
   * @param jobs reads what the listing knows of a job, by id (null when gone)
   */
  Page page(Query query, int page, int size, Function<String, @Nullable Listed> jobs) {
    return page(query, page, size, jobs, null);
  }

  /**
   * @param accessKeys the caller's keys: only the jobs indexed under one of them are walked (null:
   *     every job, for an admin)
   */
  Page page(
      Query query,
      int page,
      int size,
      Function<String, @Nullable Listed> jobs,
      @Nullable Set<String> accessKeys) {
    if (accessKeys != null) {
      return visiblePage(query, page, size, jobs, accessKeys);
    }
    String index = ALL;
    Query rest = query;
    if (query.tagGroups().size() == 1 && query.tagGroups().getFirst().size() == 1) {
      index = tag(query.tagGroups().getFirst().getFirst());
      rest = new Query(List.of(), query.words());
    } else if (query.tagGroups().isEmpty() && query.words().size() == 1) {
      JobState state = state(query.words().getFirst());
      if (state != null) {
        index = state(state);
        rest = new Query(List.of(), List.of());
      }
    }
    boolean filtered = !rest.tagGroups().isEmpty() || !rest.words().isEmpty();
    Query filter = rest;
    long skip = (long) (page - 1) * size;
    List<String> ids = new ArrayList<>(size);
    int matched = 0;
    byte[] prefix = indexPrefix(index);
    Iterator<ViewStore.Entry> keys = store.entries(Family.LISTING, prefix, false, true);
    while (keys.hasNext()) {
      String id = idOf(keys.next().key(), prefix);
      Listed job = jobs.apply(id);
      if (job == null || (filtered && !filter.matches(job))) {
        continue;
      }
      matched++;
      if (matched > skip && ids.size() < size) {
        ids.add(id);
      } else if (ids.size() == size && !filtered) {
        break; // unfiltered: the total is the index's size, no need to walk on
      }
    }
    return new Page(ids, filtered ? matched : (int) size(prefix));
  }

  /**
   * A page of the jobs under {@code accessKeys}: their indexes merged newest first, a job under two
   * of them once. With one key and no query its total is that index's size; otherwise the merge is
   * walked to its end to count.
   */
  private Page visiblePage(
      Query query,
      int page,
      int size,
      Function<String, @Nullable Listed> jobs,
      Set<String> accessKeys) {
    JobState onlyState =
        query.tagGroups().isEmpty() && query.words().size() == 1
            ? state(query.words().getFirst())
            : null;
    boolean filtered = !query.tagGroups().isEmpty() || !query.words().isEmpty();
    List<byte[]> prefixes = accessKeys.stream().sorted().map(k -> indexPrefix(access(k))).toList();
    MergedIndexes merged = new MergedIndexes(prefixes);
    long skip = (long) (page - 1) * size;
    List<String> ids = new ArrayList<>(size);
    int matched = 0;
    boolean countOnIndex = !filtered && prefixes.size() == 1;
    for (String id = merged.next(); id != null; id = merged.next()) {
      Listed job = jobs.apply(id);
      if (job == null
          || (onlyState != null ? job.state() != onlyState : filtered && !query.matches(job))) {
        continue;
      }
      matched++;
      if (matched > skip && ids.size() < size) {
        ids.add(id);
      } else if (ids.size() == size && countOnIndex) {
        break;
      }
    }
    return new Page(ids, countOnIndex ? (int) size(prefixes.getFirst()) : matched);
  }

  /** Several indexes walked as one, newest first, each job once (they share the key order). */
  private final class MergedIndexes {
    private final List<Iterator<ViewStore.Entry>> walks = new ArrayList<>();
    private final List<byte[]> prefixes;
    private final byte[][] heads;
    private byte @Nullable [] last;

    MergedIndexes(List<byte[]> prefixes) {
      this.prefixes = prefixes;
      this.heads = new byte[prefixes.size()][];
      for (int i = 0; i < prefixes.size(); i++) {
        walks.add(store.entries(Family.LISTING, prefixes.get(i), false, true));
        advance(i);
      }
    }

    private void advance(int i) {
      Iterator<ViewStore.Entry> walk = walks.get(i);
      heads[i] = walk.hasNext() ? suffix(walk.next().key(), prefixes.get(i)) : null;
    }

    /** The next job's id, or null at the end of every index. */
    @Nullable String next() {
      while (true) {
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
          if (heads[i] != null
              && (best < 0 || java.util.Arrays.compareUnsigned(heads[i], heads[best]) < 0)) {
            best = i;
          }
        }
        if (best < 0) {
          return null;
        }
        byte[] head = heads[best];
        advance(best);
        if (last == null || !java.util.Arrays.equals(last, head)) {
          last = head;
          return new String(head, 12, head.length - 12, java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
  }

  /** A key past its index's prefix: the inverted time, then the id. */
  private static byte[] suffix(byte[] key, byte[] indexPrefix) {
    return java.util.Arrays.copyOfRange(key, indexPrefix.length, key.length);
  }

  /** How many jobs are in {@code state} now (the state index's size: no walk). */
  int count(JobState state) {
    return (int) size(indexPrefix(state(state)));
  }

  private long size(byte[] indexPrefix) {
    byte[] count = store.get(Family.META, countKey(indexPrefix));
    return count == null ? 0 : ViewCodec.toLong(count);
  }

  private void add(ViewBatch batch, String index, Listed job) {
    byte[] prefix = indexPrefix(index);
    byte[] key = key(prefix, job);
    if (batch.get(Family.LISTING, key) == null) {
      batch.put(Family.LISTING, key, ViewCodec.EMPTY);
      batch.add(Family.META, countKey(prefix), 1);
    }
  }

  private void remove(ViewBatch batch, String index, Listed job) {
    byte[] prefix = indexPrefix(index);
    byte[] key = key(prefix, job);
    if (batch.get(Family.LISTING, key) != null) {
      batch.delete(Family.LISTING, key);
      batch.add(Family.META, countKey(prefix), -1);
    }
  }

  private static boolean sameEntries(Listed a, Listed b) {
    return a.createdAt().equals(b.createdAt())
        && a.tags().equals(b.tags())
        && a.access().equals(b.access());
  }

  private static String state(JobState state) {
    return "s" + state.name();
  }

  private static String tag(String tag) {
    return "t" + tag;
  }

  private static String access(String key) {
    return "k" + key;
  }

  /** The index's name, length first, so that no name is a prefix of another's keys. */
  private static byte[] indexPrefix(String index) {
    byte[] name = ViewCodec.utf8(index);
    return ByteBuffer.allocate(4 + name.length).putInt(name.length).put(name).array();
  }

  /** Newest first: the time inverted (then the id, for jobs created in the same instant). */
  private static byte[] key(byte[] indexPrefix, Listed job) {
    byte[] id = ViewCodec.utf8(job.id());
    return ByteBuffer.allocate(indexPrefix.length + 12 + id.length)
        .put(indexPrefix)
        .putLong(Long.MAX_VALUE - job.createdAt().getEpochSecond())
        .putInt(Integer.MAX_VALUE - job.createdAt().getNano())
        .put(id)
        .array();
  }

  private static String idOf(byte[] key, byte[] indexPrefix) {
    int from = indexPrefix.length + 12;
    return new String(key, from, key.length - from, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] countKey(byte[] indexPrefix) {
    return ViewCodec.concat(new byte[] {'c'}, indexPrefix);
  }

  private static @Nullable JobState state(String word) {
    for (JobState state : JobState.values()) {
      if (state.name().equalsIgnoreCase(word)) {
        return state;
      }
    }
    return null;
  }
}
