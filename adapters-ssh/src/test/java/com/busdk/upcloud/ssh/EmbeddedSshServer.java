package com.busdk.upcloud.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/** A real SSH server on loopback that refuses every login and records what it was offered. */
final class EmbeddedSshServer implements AutoCloseable {
  private final SshServer server;
  private final List<String> passwordAttempts = new CopyOnWriteArrayList<>();
  private final List<String> publicKeyAttempts = new CopyOnWriteArrayList<>();

  EmbeddedSshServer(Path keyDir) throws IOException {
    SimpleGeneratorHostKeyProvider hostKeys =
        new SimpleGeneratorHostKeyProvider(keyDir.resolve("host-key.ser"));
    hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    server = SshServer.setUpDefaultServer();
    server.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.setPort(0);
    server.setKeyPairProvider(hostKeys);
    server.setPasswordAuthenticator(
        (user, password, session) -> {
          passwordAttempts.add(user);
          return false;
        });
    server.setPublickeyAuthenticator(
        (user, key, session) -> {
          publicKeyAttempts.add(user);
          return false;
        });
    server.setKeyboardInteractiveAuthenticator(null);
    server.start();
  }

  int port() {
    return server.getPort();
  }

  List<String> passwordAttempts() {
    return List.copyOf(passwordAttempts);
  }

  List<String> publicKeyAttempts() {
    return List.copyOf(publicKeyAttempts);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
