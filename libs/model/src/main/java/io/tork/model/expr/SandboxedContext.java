package io.tork.model.expr;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * The sandbox: expressions come from untrusted users. Only map entries can be read (the context is
 * maps all the way down) and only {@link ExpressionFunctions}' methods can be called. No type
 * references, constructors, bean references or assignment ({@link SimpleEvaluationContext} supports
 * none of them), and no method on any other object ({@code ''.getClass()} fails).
 */
final class SandboxedContext {
  private static final MethodResolver FUNCTIONS_ONLY = new FunctionsOnly();
  private static final PropertyAccessor MAPS = new MapEntries();

  private SandboxedContext() {}

  static EvaluationContext of(ExpressionFunctions root) {
    return SimpleEvaluationContext.forPropertyAccessors(MAPS)
        .withMethodResolvers(FUNCTIONS_ONLY)
        .withRootObject(root)
        .build();
  }

  /** Resolves a method only when it is called on the functions root, never on other objects. */
  private static final class FunctionsOnly implements MethodResolver {
    private static final Set<String> NAMES = Set.copyOf(ExpressionFunctions.names());

    private final ReflectiveMethodResolver delegate = new ReflectiveMethodResolver();

    @Override
    public @Nullable MethodExecutor resolve(
        EvaluationContext context, Object target, String name, List<TypeDescriptor> argumentTypes)
        throws AccessException {
      if (!(target instanceof ExpressionFunctions) || !NAMES.contains(name)) {
        return null;
      }
      return delegate.resolve(context, target, name, argumentTypes);
    }
  }

  /**
   * Reads map entries by name ({@code inputs.message}); on the root, the context's entries. A
   * missing key reads as null, rendered empty, as Tork does for {@code {{ inputs.nope }}}.
   */
  private static final class MapEntries implements PropertyAccessor {
    @Override
    public Class<?>[] getSpecificTargetClasses() {
      return new Class<?>[] {Map.class, ExpressionFunctions.class};
    }

    @Override
    public boolean canRead(EvaluationContext context, @Nullable Object target, String name) {
      return target instanceof Map<?, ?> || target instanceof ExpressionFunctions;
    }

    @Override
    public TypedValue read(EvaluationContext context, @Nullable Object target, String name) {
      Map<?, ?> map = target instanceof ExpressionFunctions f ? f.context() : (Map<?, ?>) target;
      if (target instanceof ExpressionFunctions && !map.containsKey(name)) {
        throw new ExpressionException("unknown name " + name);
      }
      Object value = map == null ? null : map.get(name);
      return value == null ? TypedValue.NULL : new TypedValue(value);
    }

    @Override
    public boolean canWrite(EvaluationContext context, @Nullable Object target, String name) {
      return false;
    }

    @Override
    public void write(
        EvaluationContext context, @Nullable Object target, String name, @Nullable Object value)
        throws AccessException {
      throw new AccessException("expressions cannot assign");
    }
  }
}
