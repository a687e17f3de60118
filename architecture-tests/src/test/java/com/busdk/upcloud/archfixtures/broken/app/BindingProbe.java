package com.busdk.upcloud.archfixtures.broken.app;

import com.google.inject.Injector;
import com.google.inject.Key;

/** Breaks "no existing-binding lookups": it discovers at run time what the mode runs. */
public final class BindingProbe {
  public boolean hasListener(Injector injector) {
    return injector.getExistingBinding(Key.get(Runnable.class)) != null;
  }
}
