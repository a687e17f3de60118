package com.busdk.upcloud.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards against the architecture rules passing because they saw nothing: the import they run on
 * must hold main classes of every module and none of the deliberately broken fixtures.
 */
class ArchitectureScopeTest {
  private static final JavaClasses IMPORTED =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .importPackages(ArchitectureTest.BASE);

  @Test
  void every_module_is_analysed() {
    for (String module :
        List.of("ports", "domain", "upcloud", "events", "ssh", "journal", "app", "testkit")) {
      String pkg = ArchitectureTest.BASE + "." + module;
      assertTrue(
          IMPORTED.stream().map(JavaClass::getPackageName).anyMatch(p -> p.startsWith(pkg)),
          "no main class of " + pkg + " on the test class path");
    }
  }

  @Test
  void fixtures_are_not_analysed_as_real_code() {
    assertTrue(
        IMPORTED.stream()
            .noneMatch(
                c -> c.getPackageName().startsWith(ArchitectureTest.BASE + ".archfixtures")));
  }
}
