package com.busdk.upcloud.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size limits that keep the code readable without counting: no main-code source file over {@value
 * #MAX_LINES} lines, and no constructor (a record's canonical one included) with more than {@value
 * #MAX_PARAMETERS} parameters. A longer list is a sign that a group of values wants a name of its
 * own; a longer file, that it holds more than one idea.
 */
class CodeShapeTest {
  static final int MAX_LINES = 400;
  static final int MAX_PARAMETERS = 8;

  /** The project root, seen from this module's directory, where Maven runs its tests. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void noMainSourceFileIsLongerThanTheLimit() {
    List<Path> sources = mainSources(ROOT);
    assertTrue(
        sources.size() > 100, "found the main sources under " + ROOT + ": " + sources.size());
    assertEquals(
        List.of(), tooLong(ROOT, sources), "main source files over " + MAX_LINES + " lines");
  }

  @Test
  void theLineLimitCatchesALongFile(@TempDir Path dir) throws IOException {
    Path main = Files.createDirectories(dir.resolve("mod/src/main/java/x"));
    Files.writeString(main.resolve("Long.java"), "//\n".repeat(MAX_LINES + 1));
    Files.writeString(main.resolve("Short.java"), "//\n".repeat(MAX_LINES));
    Path test = Files.createDirectories(dir.resolve("mod/src/test/java/x"));
    Files.writeString(test.resolve("LongTest.java"), "//\n".repeat(MAX_LINES * 2));
    assertEquals(
        List.of("mod/src/main/java/x/Long.java: 401 lines"), tooLong(dir, mainSources(dir)));
  }

  @Test
  void noMainConstructorTakesMoreThanTheLimit() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ArchitectureTest.BASE);
    assertTrue(classes.size() > 100, "imported the main classes: " + classes.size());
    EvaluationResult result = fewParameters(ArchitectureTest.BASE).evaluate(classes);
    assertTrue(
        !result.hasViolation(), () -> String.join("\n", result.getFailureReport().getDetails()));
  }

  @Test
  void theParameterLimitCatchesALongConstructor() {
    String broken = "com.busdk.upcloud.archfixtures.broken";
    JavaClasses classes = new ClassFileImporter().importPackages(broken);
    EvaluationResult result = fewParameters(broken).evaluate(classes);
    assertTrue(result.hasViolation(), "a nine-parameter record was accepted");
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertTrue(report.contains("NineValues"), report);
  }

  static ArchRule fewParameters(String base) {
    return ArchRuleDefinition.constructors()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage(base + "..")
        .should(
            new ArchCondition<JavaConstructor>("take at most " + MAX_PARAMETERS + " parameters") {
              @Override
              public void check(JavaConstructor constructor, ConditionEvents events) {
                int count = constructor.getRawParameterTypes().size();
                if (constructor.getOwner().isInnerClass()) {
                  count--; // the enclosing instance, which javac passes first
                }
                events.add(
                    new SimpleConditionEvent(
                        constructor,
                        count <= MAX_PARAMETERS,
                        constructor.getFullName() + " takes " + count + " parameters"));
              }
            });
  }

  private static List<Path> mainSources(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> root.relativize(p).toString().replace('\\', '/').contains("/src/main/java/"))
          .filter(p -> !("/" + root.relativize(p)).replace('\\', '/').contains("/target/"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> tooLong(Path root, List<Path> sources) {
    List<String> found = new ArrayList<>();
    for (Path source : sources) {
      try (Stream<String> lines = Files.lines(source)) {
        long count = lines.count();
        if (count > MAX_LINES) {
          found.add(
              root.relativize(source).toString().replace('\\', '/') + ": " + count + " lines");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }
}
