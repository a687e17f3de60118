package com.busdk.upcloud.app.e2e;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * "kill -9" for a worker that runs in this JVM. The worker's ports to the world (event bus, run
 * journal, UpCloud) are wrapped with {@link #guard}; after {@link #kill()} every call on them fails
 * with the port's own failure, so nothing the dead worker's lingering threads still do can leave
 * the process or land in its journal, and the real resources are closed as the operating system
 * would close them (streams cut, journal file released). Calls already under way when the kill
 * comes are allowed to finish, like a write the kernel already took.
 */
final class KillSwitch {
  private final AtomicBoolean killed = new AtomicBoolean();
  private final List<AutoCloseable> onKill = new CopyOnWriteArrayList<>();

  /**
   * {@code target} behind this switch: alive, calls pass through; killed, every call (but {@code
   * close}) throws what {@code death} makes, and {@code target}, when it can be closed, is closed
   * at the kill.
   */
  <T> T guard(Class<T> port, T target, Supplier<? extends RuntimeException> death) {
    requireNonNull(target, "target is null");
    if (target instanceof AutoCloseable resource) {
      onKill.add(resource);
    }
    return port.cast(
        Proxy.newProxyInstance(
            port.getClassLoader(), new Class<?>[] {port}, new Guard(target, death)));
  }

  /** Freezes every guarded port and closes what it guards; idempotent. */
  void kill() throws Exception {
    if (!killed.compareAndSet(false, true)) {
      return;
    }
    for (AutoCloseable resource : onKill) {
      resource.close();
    }
  }

  private final class Guard implements InvocationHandler {
    private final Object target;
    private final Supplier<? extends RuntimeException> death;

    Guard(Object target, Supplier<? extends RuntimeException> death) {
      this.target = target;
      this.death = death;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "Killable[" + target + "]";
        };
      }
      if (killed.get()) {
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
          return null;
        }
        throw death.get();
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
