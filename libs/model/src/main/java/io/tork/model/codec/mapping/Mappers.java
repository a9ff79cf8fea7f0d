package io.tork.model.codec.mapping;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.Nulls;
import io.tork.model.CancelJob;
import io.tork.model.CancelRemaining;
import io.tork.model.DeleteJob;
import io.tork.model.FailQueued;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.PlanChildren;
import io.tork.model.RestartJob;
import io.tork.model.ScheduleCommand;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskProgress;
import io.tork.model.TaskReturned;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The configured mappers, shared by the codecs above and the expressions' JSON functions ({@link
 * JsonValues}). Records stay free of annotations: mix-ins carry them.
 */
public final class Mappers {
  /** Submissions and the internal wire format. */
  public static final JsonMapper JSON =
      configure(JsonMapper.builder())
          .addMixIn(Task.class, StoredTaskMixin.class)
          .addMixIn(Job.class, StoredJobMixin.class)
          .build();

  public static final YAMLMapper YAML = configure(YAMLMapper.builder()).build();

  /** API responses: tasks flattened as Tork shows them. */
  public static final JsonMapper API =
      configure(JsonMapper.builder()).addMixIn(Task.class, ApiTaskMixin.class).build();

  private Mappers() {}

  private static <M extends tools.jackson.databind.ObjectMapper, B extends MapperBuilder<M, B>>
      B configure(B builder) {
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
        .propertyNamingStrategy(new TorkNaming())
        // The records' isX() helpers (isComposite, isSubJob, ...) are not fields.
        .changeDefaultVisibility(v -> v.withIsGetterVisibility(JsonAutoDetect.Visibility.NONE))
        .changeDefaultPropertyInclusion(
            incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
        .addMixIn(TaskEvent.class, TaskEventMixin.class)
        .addMixIn(JobCommand.class, JobCommandMixin.class)
        .addMixIn(ScheduleCommand.class, ScheduleCommandMixin.class);
  }

  /**
   * Java can't name a field {@code if}, nor a record component {@code wait}: {@code condition} and
   * {@code waitFor} stand for them.
   */
  static final class TorkNaming extends PropertyNamingStrategies.NamingBase {
    private static final long serialVersionUID = 1L;

    @Override
    public String translate(String name) {
      return switch (name) {
        case "condition" -> "if";
        case "waitFor" -> "wait";
        default -> name;
      };
    }
  }

  /** Counts added later read as 0 from records stored before them. */
  abstract static class StoredTaskMixin {
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    abstract int planned();
  }

  /** Counts added later read as 0 from records stored before them. */
  abstract static class StoredJobMixin {
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    abstract int childTasks();
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = TaskStarted.class, name = "started"),
    @JsonSubTypes.Type(value = TaskCompleted.class, name = "completed"),
    @JsonSubTypes.Type(value = TaskFailed.class, name = "failed"),
    @JsonSubTypes.Type(value = TaskReturned.class, name = "returned"),
    @JsonSubTypes.Type(value = TaskProgress.class, name = "progress")
  })
  interface TaskEventMixin {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = CancelJob.class, name = "cancel"),
    @JsonSubTypes.Type(value = RestartJob.class, name = "restart"),
    @JsonSubTypes.Type(value = DeleteJob.class, name = "delete"),
    @JsonSubTypes.Type(value = FailQueued.class, name = "fail-queued"),
    @JsonSubTypes.Type(value = PlanChildren.class, name = "plan-children"),
    @JsonSubTypes.Type(value = CancelRemaining.class, name = "cancel-remaining")
  })
  interface JobCommandMixin {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ScheduleCommand.Create.class, name = "create"),
    @JsonSubTypes.Type(value = ScheduleCommand.Pause.class, name = "pause"),
    @JsonSubTypes.Type(value = ScheduleCommand.Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = ScheduleCommand.Delete.class, name = "delete")
  })
  interface ScheduleCommandMixin {}

  /**
   * A task record flattened with its spec, as Tork shows it. The spec's {@code queue} (what the
   * user wrote) gives way to the record's (where the task was routed): one {@code queue} key, not
   * two.
   */
  abstract static class ApiTaskMixin {
    @JsonUnwrapped
    @JsonIgnoreProperties({"queue"})
    abstract TaskSpec spec();

    @JsonIgnore
    abstract int seq();

    @JsonIgnore
    abstract java.util.Map<String, Object> scope();

    @JsonIgnore
    abstract int released();

    @JsonIgnore
    abstract int planned();

    /** The job's secret values, which the record carries for the worker: never shown. */
    @JsonIgnore
    abstract java.util.List<String> secrets();
  }
}
