package com.busdk.upcloud.events;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;

/**
 * What is wrong with a payload, in words a requester can act on: the field at fault and the limit
 * broken, never Jackson's own message (which may quote the payload).
 */
final class PayloadErrors {
  private PayloadErrors() {}

  /** "field: expected a number" for a value of the wrong JSON type. */
  static String mismatch(MismatchedInputException e) {
    return path(e) + ": expected " + expected(e.getTargetType());
  }

  static boolean isLimit(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }

  /** Which limit a payload broke, in words a requester can act on (never Jackson's). */
  static String limitBroken(Throwable e, int maxEventBytes) {
    String message = "";
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException limit && limit.getOriginalMessage() != null) {
        message = limit.getOriginalMessage();
        break;
      }
    }
    if (message.contains("nesting depth")) {
      return "payload: nested deeper than " + EventCodec.MAX_PAYLOAD_DEPTH + " levels";
    }
    if (message.startsWith("Number")) {
      return "payload: a number longer than " + EventCodec.MAX_NUMBER_LENGTH + " digits";
    }
    if (message.startsWith("Name length")) {
      return "payload: a field name longer than " + EventCodec.MAX_NAME_LENGTH + " characters";
    }
    if (message.startsWith("String")) {
      return "payload: a string longer than " + maxEventBytes + " characters";
    }
    return "payload: beyond a read limit";
  }

  static String ruleViolation(ValueInstantiationException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if ((cause instanceof IllegalArgumentException || cause instanceof NullPointerException)
          && cause.getMessage() != null) {
        return cause.getMessage();
      }
    }
    return path(e) + ": invalid value";
  }

  private static final int MAX_ECHOED_FIELD = 32;
  private static final int MAX_ECHOED_PATH = 96;

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        String field = ref.getFieldName();
        // A requester's key is echoed in the answer: short, and without control characters.
        String shortened =
            field.length() > MAX_ECHOED_FIELD ? field.substring(0, MAX_ECHOED_FIELD) + "…" : field;
        path.append(shortened.replaceAll("\\p{Cntrl}", "?"));
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
      if (path.length() > MAX_ECHOED_PATH) {
        return path.substring(0, MAX_ECHOED_PATH) + "…";
      }
    }
    return path.length() == 0 ? "payload" : path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a different type";
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || type == char.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)
        || type.isRecord()
        || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }
}
