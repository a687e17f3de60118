package com.busdk.upcloud.app.config;

import java.util.List;
import java.util.stream.Stream;

/** Every declared option, section by section in help order. */
final class Options {
  private Options() {}

  static final List<Option<?>> ALL =
      Stream.of(
              ModeOptions.ALL,
              EventsOptions.ALL,
              UpCloudOptions.ALL,
              ContainerOptions.ALL,
              RunnerOptions.ALL,
              StateOptions.ALL,
              WorkerOptions.ALL)
          .flatMap(List::stream)
          .toList();

  /** The names, defaults and help texts of {@link #ALL}. */
  static final List<OptionDef> DEFS = ALL.stream().map(Option::def).toList();
}
