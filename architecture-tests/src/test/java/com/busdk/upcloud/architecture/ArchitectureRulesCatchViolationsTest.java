package com.busdk.upcloud.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves each architecture rule can fail: it must reject a fixture that breaks it on purpose, and
 * accept a clean miniature of the intended shape (so it does not fail on everything either).
 */
class ArchitectureRulesCatchViolationsTest {
  private static final String FIXTURES = "com.busdk.upcloud.archfixtures";
  private static final String CLEAN = FIXTURES + ".clean";
  private static final String BROKEN = FIXTURES + ".broken";

  private static final JavaClasses CLEAN_CLASSES = new ClassFileImporter().importPackages(CLEAN);
  private static final JavaClasses BROKEN_CLASSES = new ClassFileImporter().importPackages(BROKEN);

  @TestFactory
  Stream<DynamicTest> each_rule_catches_its_deliberate_violation() {
    return cases()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      EvaluationResult result = c.rule().apply(BROKEN).evaluate(BROKEN_CLASSES);
                      assertTrue(result.hasViolation(), c.name() + " found nothing");
                      String report = String.join("\n", result.getFailureReport().getDetails());
                      assertTrue(
                          report.contains(c.culprit()),
                          c.name() + " did not name " + c.culprit() + ":\n" + report);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> each_rule_accepts_the_clean_shape() {
    return cases()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      EvaluationResult result = c.rule().apply(CLEAN).evaluate(CLEAN_CLASSES);
                      assertFalse(
                          result.hasViolation(),
                          () -> String.join("\n", result.getFailureReport().getDetails()));
                    }));
  }

  private static Stream<Case> cases() {
    return Stream.of(
        new Case("ports only on the JDK", ArchitectureRules::portsOnlyOnJdk, "PortsUsingJackson"),
        new Case(
            "ports free of HTTP types",
            ArchitectureRules::portsFreeOfHttpTypes,
            "PortsUsingHttpResponse"),
        new Case(
            "cloud port without HTTP status",
            ArchitectureRules::portsWithoutHttpStatus,
            "CloudFailureWithStatus.httpStatus"),
        new Case(
            "server records without HTTP status",
            ArchitectureRules::portsWithoutHttpStatus,
            "ServerAnswer.statusCode"),
        new Case(
            "domain only on ports, JDK, SLF4J",
            ArchitectureRules::domainOnlyOnPortsJdkAndSlf4j,
            "DomainUsingJackson"),
        new Case(
            "upcloud adapter libraries",
            ArchitectureRules::upcloudAdapterDependencies,
            "UpcloudUsingDomain"),
        new Case(
            "events adapter libraries",
            ArchitectureRules::eventsAdapterDependencies,
            "EventsUsingJsch"),
        new Case(
            "ssh adapter libraries", ArchitectureRules::sshAdapterDependencies, "SshUsingFeign"),
        new Case(
            "journal adapter libraries",
            ArchitectureRules::journalAdapterDependencies,
            "JournalUsingJackson"),
        new Case(
            "journal adapter independent of domain",
            ArchitectureRules::journalAdapterDependencies,
            "JournalUsingDomain"),
        new Case(
            "journal adapter independent of other adapters",
            ArchitectureRules::adaptersIndependent,
            "JournalUsingSsh"),
        new Case(
            "adapters independent of domain, journal too",
            ArchitectureRules::adaptersIndependent,
            "JournalUsingDomain"),
        new Case(
            "adapters independent of each other",
            ArchitectureRules::adaptersIndependent,
            "SshUsingEvents"),
        new Case(
            "adapters independent of domain",
            ArchitectureRules::adaptersIndependent,
            "UpcloudUsingDomain"),
        new Case(
            "app main code not on testkit",
            ArchitectureRules::appMainCodeNotOnTestkit,
            "AppUsingTestkit"),
        new Case(
            "testkit not on domain",
            ArchitectureRules::testkitNotOnAppDomainOrAdapters,
            "TestkitUsingDomain"),
        new Case("module cycles", ArchitectureRules::noModuleCycles, "DomainUsingAdapter"),
        new Case("domain package cycles", ArchitectureRules::noDomainPackageCycles, "First"),
        new Case(
            "standard streams in app",
            ArchitectureRules::noStandardStreamsOutsideCli,
            "PrintingService"),
        new Case(
            "standard streams in testkit",
            ArchitectureRules::noStandardStreamsOutsideCli,
            "LoudFake"),
        new Case("java.util.logging", ArchitectureRules::noJavaUtilLogging, "JulLogging"),
        new Case("field injection", ArchitectureRules::noFieldInjection, "FieldInjected"),
        new Case("public logger", ArchitectureRules::loggersPrivateStaticFinal, "SharedLogger.LOG"),
        new Case(
            "instance logger", ArchitectureRules::loggersPrivateStaticFinal, "InstanceLogger.log"),
        new Case(
            "publish takes typed payloads",
            ArchitectureRules::eventBusPublishTakesTypedPayloads,
            "LooseEventBus"),
        new Case(
            "concrete events adapter only in wiring",
            ArchitectureRules::concreteEventsAdapterOnlyInWiring,
            "RuntimeProbingHttpBus"),
        new Case(
            "no existing-binding lookups",
            ArchitectureRules::noExistingBindingLookups,
            "BindingProbe"),
        new Case(
            "token refresh started only by a service",
            ArchitectureRules::lifecycleStartedOnlyByServices,
            "StartsByHand.startToken"),
        new Case(
            "health listener started only by a service",
            ArchitectureRules::lifecycleStartedOnlyByServices,
            "StartsByHand.startHealth"),
        new Case(
            "injector lookups only at entry points",
            ArchitectureRules::injectorLookupsOnlyAtEntryPoints,
            "LocatingModule"));
  }

  private record Case(String name, Function<String, ArchRule> rule, String culprit) {}
}
