package com.busdk.upcloud.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The architecture rules, parameterised by the base package so the same rule runs against the real
 * code ({@code com.busdk.upcloud}) and against fixtures that break it on purpose.
 */
final class ArchitectureRules {
  static final String[] ADAPTERS = {"upcloud", "events", "ssh", "journal"};

  private static final String[] PLATFORM = {
    "java..", "javax..", "org.slf4j..", "com.google.inject..", "jakarta.inject.."
  };
  private static final String JACKSON = "com.fasterxml.jackson..";
  private static final String FEIGN = "feign..";

  private ArchitectureRules() {}

  static ArchRule portsOnlyOnJdk(String base) {
    return classes()
        .that()
        .resideInAPackage(base + ".ports..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(base + ".ports..", "java..")
        .because("ports is the contract every module shares, so it carries nothing but the JDK")
        .allowEmptyShould(true);
  }

  // ---- the cloud port speaks the domain (issue 13, point 3) -------------------------------------

  /**
   * Ports use no HTTP client or connection type: a port that carried one would leak the transport
   * into the domain.
   */
  static ArchRule portsFreeOfHttpTypes(String base) {
    return noClasses()
        .that()
        .resideInAPackage(base + ".ports..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net.http..", "com.sun.net.httpserver..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.HttpURLConnection")
        .because("ports are the domain's words; HTTP belongs to the adapters")
        .allowEmptyShould(true);
  }

  /**
   * The cloud port's types ({@code Cloud*}, {@code Server*} in ports) declare no HTTP status: a
   * caller decides on {@code CloudException.Kind}, which the adapter classifies.
   */
  static ArchRule portsWithoutHttpStatus(String base) {
    return noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage(base + ".ports..")
        .should()
        .haveNameMatching("(?i)(http.*|.*status ?code|.*httpstatus)")
        .because(
            "the ports speak the domain: failures are kinds such as BUSY or UNAUTHORIZED, not HTTP"
                + " statuses")
        .allowEmptyShould(true);
  }

  static ArchRule domainOnlyOnPortsJdkAndSlf4j(String base) {
    return classes()
        .that()
        .resideInAPackage(base + ".domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(base + ".domain..", base + ".ports..", "java..", "org.slf4j..")
        .because("the worker's decisions are written against ports only: no framework, no I/O")
        .allowEmptyShould(true);
  }

  static ArchRule upcloudAdapterDependencies(String base) {
    return adapterOnlyOn(base, "upcloud", FEIGN, JACKSON);
  }

  static ArchRule eventsAdapterDependencies(String base) {
    return adapterOnlyOn(base, "events", JACKSON, "com.sun.net.httpserver..");
  }

  static ArchRule sshAdapterDependencies(String base) {
    return adapterOnlyOn(base, "ssh", "com.jcraft.jsch..");
  }

  /** JDBC is in the JDK; the SQLite driver is loaded by it and may be named for its settings. */
  static ArchRule journalAdapterDependencies(String base) {
    return adapterOnlyOn(base, "journal", "org.sqlite..");
  }

  /** Names the forbidden modules explicitly, so a violation reads as what it is. */
  static ArchRule adaptersIndependent(String base) {
    List<ArchRule> rules = new ArrayList<>();
    for (String adapter : ADAPTERS) {
      List<String> forbidden =
          new ArrayList<>(List.of(module(base, "domain"), module(base, "app")));
      forbidden.add(module(base, "testkit"));
      Stream.of(ADAPTERS)
          .filter(other -> !other.equals(adapter))
          .forEach(other -> forbidden.add(module(base, other)));
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(module(base, adapter))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden.toArray(String[]::new))
              .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules)
        .because("adapters meet only at ports; app alone wires them together")
        .allowEmptyShould(true);
  }

  static ArchRule appMainCodeNotOnTestkit(String base) {
    return noClasses()
        .that()
        .resideInAPackage(module(base, "app"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(module(base, "testkit"))
        .because("fakes and simulators ship for tests, never in the worker")
        .allowEmptyShould(true);
  }

  static ArchRule testkitNotOnAppDomainOrAdapters(String base) {
    List<String> forbidden = new ArrayList<>(List.of(module(base, "app"), module(base, "domain")));
    Stream.of(ADAPTERS).forEach(adapter -> forbidden.add(module(base, adapter)));
    return noClasses()
        .that()
        .resideInAPackage(module(base, "testkit"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden.toArray(String[]::new))
        .because("embedding services test against the testkit without pulling in the worker")
        .allowEmptyShould(true);
  }

  static ArchRule noModuleCycles(String base) {
    return slices()
        .matching(base + ".(*)..")
        .should()
        .beFreeOfCycles()
        .because("modules form a layered graph with ports at its centre")
        .allowEmptyShould(true);
  }

  /** Every package of domain, its root included, is one slice. */
  static ArchRule noDomainPackageCycles(String base) {
    String domain = base + ".domain";
    SliceAssignment byPackage =
        new SliceAssignment() {
          @Override
          public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.equals(domain) || pkg.startsWith(domain + ".")
                ? SliceIdentifier.of(pkg)
                : SliceIdentifier.ignore();
          }

          @Override
          public String getDescription() {
            return "packages of " + domain;
          }
        };
    return slices()
        .assignedFrom(byPackage)
        .should()
        .beFreeOfCycles()
        .because("domain packages depend one way, so each can be read on its own")
        .allowEmptyShould(true);
  }

  static ArchRule noStandardStreamsOutsideCli(String base) {
    return noClasses()
        .that(notCliEntryPoint(base))
        .and()
        .resideInAPackage(base + "..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("logs go through SLF4J; only the CLI entry points print for the user")
        .allowEmptyShould(true);
  }

  static ArchRule noJavaUtilLogging(String base) {
    return noClasses()
        .that()
        .resideInAPackage(base + "..")
        .should(GeneralCodingRules.USE_JAVA_UTIL_LOGGING)
        .because("SLF4J is the one logging API")
        .allowEmptyShould(true);
  }

  static ArchRule noFieldInjection(String base) {
    return noFields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage(base + "..")
        .should(GeneralCodingRules.BE_ANNOTATED_WITH_AN_INJECTION_ANNOTATION)
        .because("constructor injection keeps dependencies explicit and fields final")
        .allowEmptyShould(true);
  }

  static ArchRule loggersPrivateStaticFinal(String base) {
    return fields()
        .that()
        .haveRawType("org.slf4j.Logger")
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage(base + "..")
        .should()
        .bePrivate()
        .andShould()
        .beStatic()
        .andShould()
        .beFinal()
        .because("one logger per class, named after it and never shared")
        .allowEmptyShould(true);
  }

  /**
   * Every class except those that may print: {@code Main} in app, everything in {@code app.cli},
   * and the testkit's {@code UpCloudSimulatorMain}, with their nested and anonymous classes.
   */
  static DescribedPredicate<JavaClass> notCliEntryPoint(String base) {
    String app = base + ".app";
    String testkit = base + ".testkit";
    return DescribedPredicate.describe(
        "are not CLI entry points (app Main, app.cli, testkit UpCloudSimulatorMain) or the"
            + " SLF4J backend that writes log lines to stderr (app.runtime.StderrLogger)",
        javaClass -> {
          JavaClass top = topLevel(javaClass);
          String pkg = top.getPackageName();
          boolean inApp = pkg.equals(app) || pkg.startsWith(app + ".");
          boolean inCli = pkg.equals(app + ".cli") || pkg.startsWith(app + ".cli.");
          boolean inTestkit = pkg.equals(testkit) || pkg.startsWith(testkit + ".");
          boolean logBackend =
              pkg.equals(app + ".runtime") && top.getSimpleName().equals("StderrLogger");
          return !((inApp && top.getSimpleName().equals("Main"))
              || inCli
              || logBackend
              || (inTestkit && top.getSimpleName().equals("UpCloudSimulatorMain")));
        });
  }

  private static JavaClass topLevel(JavaClass javaClass) {
    JavaClass current = javaClass;
    while (current.getEnclosingClass().isPresent()) {
      current = current.getEnclosingClass().get();
    }
    return current;
  }

  /**
   * The event bus port takes typed payloads: no {@code publish} or {@code publishAsync} of a port
   * accepts {@code Object} or a {@code Map}, so the domain hands over records, never wire keys.
   */
  static ArchRule eventBusPublishTakesTypedPayloads(String base) {
    return methods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage(module(base, "ports"))
        .and()
        .haveNameMatching("publish(Async)?")
        .should(
            new ArchCondition<JavaMethod>("take no Object or Map parameter") {
              @Override
              public void check(JavaMethod method, ConditionEvents events) {
                for (JavaClass type : method.getRawParameterTypes()) {
                  if (type.isEquivalentTo(Object.class) || type.isAssignableTo(Map.class)) {
                    events.add(
                        SimpleConditionEvent.violated(
                            method, method.getFullName() + " takes " + type.getName()));
                  }
                }
              }
            })
        .because("a port speaks the domain's types; the adapter's codec chooses the wire form")
        .allowEmptyShould(true);
  }

  /**
   * The events adapter's concrete classes stay behind the port: only the adapter itself, the Guice
   * wiring and the benchmarks (which drive the real adapter) name {@code HttpEventBus} or {@code
   * EventsRemoteScripts}. Anyone else asking "is this the HTTP bus?" uses a port capability.
   */
  static ArchRule concreteEventsAdapterOnlyInWiring(String base) {
    return noClasses()
        .that()
        .resideOutsideOfPackages(
            module(base, "events"), base + ".app.wiring..", module(base, "benchmarks"))
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(base + ".events.HttpEventBus")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(base + ".events.EventsRemoteScripts")
        .because("the runtime and the domain reach the events adapter through ports and Guice");
  }

  /**
   * No service-locator probing: main code never asks an injector whether something is bound.
   * Long-running parts are contributed to a set of services instead, and the runtime starts what
   * the set holds.
   */
  static ArchRule noExistingBindingLookups(String base) {
    return noClasses()
        .that()
        .resideInAPackage(base + "..")
        .should()
        .callMethod("com.google.inject.Injector", "getExistingBinding", "com.google.inject.Key")
        .because("what a mode runs is declared in its module, not discovered at run time");
  }

  /**
   * Long-running parts start as services: the token's refresh timer ({@code RotatingToken.start})
   * and the health listener ({@code HealthServer.start}) are started only by implementations of the
   * runtime's {@code Service} or by the runtime itself ({@code app.runtime}, which binds the health
   * listener early so that its address can be printed). Anything else starting them by hand would
   * run a part that no stop sequence knows about.
   */
  static ArchRule lifecycleStartedOnlyByServices(String base) {
    String runtime = base + ".app.runtime";
    return noClasses()
        .that(
            DescribedPredicate.describe(
                "are neither Service implementations nor in app.runtime",
                javaClass ->
                    !(withEnclosing(javaClass).anyMatch(c -> c.isAssignableTo(runtime + ".Service"))
                        || topLevel(javaClass).getPackageName().equals(runtime))))
        .and()
        .resideInAPackage(base + "..")
        .should()
        .callMethod(runtime + ".RotatingToken", "start")
        .orShould()
        .callMethod(base + ".app.health.HealthServer", "start")
        .because("the runtime starts and stops long-running parts as one set of services")
        .allowEmptyShould(true);
  }

  /**
   * Only the entry points ask an injector for instances: {@code Main}, the CLI commands ({@code
   * app.cli}) and the runtime ({@code app.runtime}). Modules, adapters and the domain get what they
   * need injected.
   */
  static ArchRule injectorLookupsOnlyAtEntryPoints(String base) {
    String app = base + ".app";
    return noClasses()
        .that(
            DescribedPredicate.describe(
                "are not app Main, app.cli or app.runtime",
                javaClass -> {
                  JavaClass top = topLevel(javaClass);
                  String pkg = top.getPackageName();
                  return !((pkg.equals(app) && top.getSimpleName().equals("Main"))
                      || pkg.equals(app + ".cli")
                      || pkg.equals(app + ".runtime"));
                }))
        .and()
        .resideInAPackage(base + "..")
        .should()
        .callMethod(Injector.class, "getInstance", Class.class)
        .orShould()
        .callMethod(Injector.class, "getInstance", Key.class)
        .because("no service locator: dependencies are declared and injected, not looked up")
        .allowEmptyShould(true);
  }

  private static Stream<JavaClass> withEnclosing(JavaClass javaClass) {
    return Stream.iterate(javaClass, c -> c != null, c -> c.getEnclosingClass().orElse(null));
  }

  private static ArchRule adapterOnlyOn(String base, String adapter, String... libraries) {
    List<String> allowed = new ArrayList<>(List.of(module(base, adapter), module(base, "ports")));
    allowed.addAll(List.of(PLATFORM));
    allowed.addAll(List.of(libraries));
    return classes()
        .that()
        .resideInAPackage(module(base, adapter))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed.toArray(String[]::new))
        .because(
            "the "
                + adapter
                + " adapter implements ports with its own libraries and nothing of the other modules")
        .allowEmptyShould(true);
  }

  private static String module(String base, String name) {
    return base + "." + name + "..";
  }
}
