package dev.signet.delegation.policy;

import com.google.protobuf.Timestamp;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Instant;
import java.util.Map;

/**
 * Policy conditions in CEL, the Common Expression Language of Kubernetes admission policies: a
 * condition is compiled and type-checked once (on write, and again when the policy set loads) and
 * then evaluated many times. CEL has no loops; its macros ({@code all}, {@code exists}, {@code
 * map}) are bounded by {@link #MAX_ITERATIONS}, and the expression's size and nesting are capped,
 * so no condition can make a decision expensive.
 *
 * <p>Variables: {@code subject}, {@code resource} (maps of the request's attributes, with {@code
 * id} set to the subject or resource id), {@code action} (string), {@code context} (map) and {@code
 * now} (timestamp of the decision).
 */
public final class Conditions {

  /** Longest condition accepted, in code points. */
  public static final int MAX_LENGTH = 4_000;

  /** Deepest nesting the parser accepts. */
  static final int MAX_DEPTH = 32;

  /** Most iterations a macro may take over one list or map during one evaluation. */
  static final int MAX_ITERATIONS = 1_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .maxExpressionCodePointSize(MAX_LENGTH)
          .maxParseRecursionDepth(MAX_DEPTH)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .enableHeterogeneousNumericComparisons(true)
          .maxRegexProgramSize(500)
          .build();

  private static final MapType ATTRIBUTES = MapType.create(SimpleType.STRING, SimpleType.DYN);

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("subject", ATTRIBUTES)
          .addVar("resource", ATTRIBUTES)
          .addVar("context", ATTRIBUTES)
          .addVar("action", SimpleType.STRING)
          .addVar("now", SimpleType.TIMESTAMP)
          .setResultType(SimpleType.BOOL)
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** A condition that does not compile: the first error with its 1-based line and column. */
  public static final class InvalidCondition extends Exception {
    private final int line;
    private final int column;

    InvalidCondition(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    /** "line 1, column 9: undeclared reference to 'x'", for a problem+json detail. */
    public String detail() {
      return "condition does not compile at line "
          + line
          + ", column "
          + column
          + ": "
          + getMessage();
    }
  }

  /** A compiled condition, safe to share between threads. */
  public static final class Compiled {
    private final CelRuntime.Program program;

    private Compiled(CelRuntime.Program program) {
      this.program = program;
    }

    /**
     * Whether the condition holds for these variables (see the class comment); an evaluation error
     * (a missing attribute, a type mismatch, the iteration cap) is {@link CelEvaluationException}.
     */
    public boolean holds(Map<String, Object> variables) throws CelEvaluationException {
      Object result = program.eval(variables);
      if (result instanceof Boolean b) {
        return b;
      }
      // A dyn expression that turned out not to be a boolean is an evaluation error.
      throw new IllegalStateException("condition did not evaluate to a boolean");
    }
  }

  private Conditions() {}

  /** Compiles and type-checks a condition; a condition that is not a boolean is refused too. */
  public static Compiled compile(String expression) throws InvalidCondition {
    CelValidationResult result = COMPILER.compile(expression);
    if (result.hasError()) {
      CelIssue first = result.getErrors().get(0);
      throw invalid(first);
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      CelKind kind = ast.getResultType().kind();
      if (kind != CelKind.BOOL && kind != CelKind.DYN) {
        throw new InvalidCondition(
            "must be a boolean expression, not " + ast.getResultType().name(), 1, 1);
      }
      return new Compiled(RUNTIME.createProgram(ast));
    } catch (CelValidationException e) {
      throw e.getErrors().isEmpty()
          ? new InvalidCondition(e.getMessage(), 1, 1)
          : invalid(e.getErrors().get(0));
    } catch (CelEvaluationException e) {
      throw new InvalidCondition("cannot be planned: " + e.getMessage(), 1, 1);
    }
  }

  /** CEL's timestamp value for an instant (the {@code now} variable). */
  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  private static InvalidCondition invalid(CelIssue issue) {
    // CEL counts columns from 0; people and editors count from 1.
    int line = Math.max(1, issue.getSourceLocation().getLine());
    int column = Math.max(0, issue.getSourceLocation().getColumn()) + 1;
    return new InvalidCondition(issue.getMessage(), line, column);
  }
}
