package com.busdk.upcloud.app.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;

/**
 * Renders a config record for logs. Driven by the record's components so that a new field can never
 * be forgotten, and so that a {@link Secret} only ever shows whether it is set.
 */
final class ConfigText {
  private ConfigText() {}

  static String describe(Record record) {
    StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('[');
    RecordComponent[] components = record.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(components[i].getName()).append('=').append(text(value(record, components[i])));
    }
    return out.append(']').toString();
  }

  private static Object value(Record record, RecordComponent component) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }

  private static String text(Object value) {
    if (value instanceof Secret) {
      return "<set>";
    }
    if (value == null) {
      return "<unset>";
    }
    if (value instanceof Record nested) {
      // Nested groups (and the domain's DeletePolicy) render the same way, durations included.
      return describe(nested);
    }
    if (value instanceof Duration duration) {
      return GoDuration.format(duration);
    }
    return String.valueOf(value);
  }
}
