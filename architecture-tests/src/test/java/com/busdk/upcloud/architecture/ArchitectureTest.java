package com.busdk.upcloud.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The architecture rules applied to the worker's main code. */
@AnalyzeClasses(
    packages = ArchitectureTest.BASE,
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  static final String BASE = "com.busdk.upcloud";

  @ArchTest
  static final ArchRule ports_depend_only_on_the_jdk = ArchitectureRules.portsOnlyOnJdk(BASE);

  @ArchTest
  static final ArchRule ports_use_no_http_types = ArchitectureRules.portsFreeOfHttpTypes(BASE);

  @ArchTest
  static final ArchRule the_ports_declare_no_http_status =
      ArchitectureRules.portsWithoutHttpStatus(BASE);

  @ArchTest
  static final ArchRule domain_depends_only_on_ports_jdk_and_slf4j =
      ArchitectureRules.domainOnlyOnPortsJdkAndSlf4j(BASE);

  @ArchTest
  static final ArchRule upcloud_adapter_uses_only_ports_and_its_libraries =
      ArchitectureRules.upcloudAdapterDependencies(BASE);

  @ArchTest
  static final ArchRule events_adapter_uses_only_ports_and_its_libraries =
      ArchitectureRules.eventsAdapterDependencies(BASE);

  @ArchTest
  static final ArchRule ssh_adapter_uses_only_ports_and_its_libraries =
      ArchitectureRules.sshAdapterDependencies(BASE);

  @ArchTest
  static final ArchRule journal_adapter_uses_only_ports_and_its_libraries =
      ArchitectureRules.journalAdapterDependencies(BASE);

  @ArchTest
  static final ArchRule adapters_never_use_domain_app_testkit_or_each_other =
      ArchitectureRules.adaptersIndependent(BASE);

  @ArchTest
  static final ArchRule app_main_code_never_uses_testkit =
      ArchitectureRules.appMainCodeNotOnTestkit(BASE);

  @ArchTest
  static final ArchRule testkit_never_uses_app_domain_or_adapters =
      ArchitectureRules.testkitNotOnAppDomainOrAdapters(BASE);

  @ArchTest
  static final ArchRule modules_are_free_of_cycles = ArchitectureRules.noModuleCycles(BASE);

  @ArchTest
  static final ArchRule domain_packages_are_free_of_cycles =
      ArchitectureRules.noDomainPackageCycles(BASE);

  @ArchTest
  static final ArchRule only_cli_entry_points_use_standard_streams =
      ArchitectureRules.noStandardStreamsOutsideCli(BASE);

  @ArchTest static final ArchRule no_java_util_logging = ArchitectureRules.noJavaUtilLogging(BASE);

  @ArchTest static final ArchRule no_field_injection = ArchitectureRules.noFieldInjection(BASE);

  @ArchTest
  static final ArchRule loggers_are_private_static_final =
      ArchitectureRules.loggersPrivateStaticFinal(BASE);

  @ArchTest
  static final ArchRule event_bus_publish_takes_typed_payloads =
      ArchitectureRules.eventBusPublishTakesTypedPayloads(BASE);

  @ArchTest
  static final ArchRule concrete_events_adapter_only_in_wiring =
      ArchitectureRules.concreteEventsAdapterOnlyInWiring(BASE);

  @ArchTest
  static final ArchRule no_existing_binding_lookups =
      ArchitectureRules.noExistingBindingLookups(BASE);

  @ArchTest
  static final ArchRule long_running_parts_are_started_by_services =
      ArchitectureRules.lifecycleStartedOnlyByServices(BASE);

  @ArchTest
  static final ArchRule injector_lookups_only_at_entry_points =
      ArchitectureRules.injectorLookupsOnlyAtEntryPoints(BASE);
}
