package com.busdk.upcloud.app.provider;

import com.busdk.upcloud.domain.container.SshKeySource;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.WorkerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Public keys read from the {@code --container-ssh-keys} files, each time a runner is created (so a
 * rotated key file is picked up without a restart). Only public key lines are read; a file that
 * holds a private key is refused rather than sent anywhere.
 */
public final class FileSshKeys implements SshKeySource {
  private final List<Path> files;

  public FileSshKeys(List<Path> files) {
    this.files = List.copyOf(files);
  }

  @Override
  public List<String> publicKeys() {
    if (files.isEmpty()) {
      throw new WorkerException(
          ErrorType.BAD_REQUEST,
          "no SSH public key configured: set --container-ssh-keys (UPCLOUD_CONTAINER_SSH_KEYS)"
              + " to create the runner");
    }
    List<String> keys = new ArrayList<>();
    for (Path file : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new WorkerException(
            ErrorType.PROVIDER_ERROR, "SSH public key file " + file + " is not readable");
      }
      List<String> found = new ArrayList<>();
      for (String line : lines) {
        String key = line.strip();
        if (key.contains("PRIVATE KEY")) {
          throw new WorkerException(
              ErrorType.PROVIDER_ERROR,
              "SSH key file " + file + " holds a private key; configure the .pub file");
        }
        if (!key.isEmpty() && !key.startsWith("#")) {
          found.add(key);
        }
      }
      if (found.isEmpty()) {
        throw new WorkerException(
            ErrorType.PROVIDER_ERROR, "SSH public key file " + file + " is empty");
      }
      keys.addAll(found);
    }
    return keys;
  }
}
