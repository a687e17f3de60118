package com.busdk.upcloud.app.cli;

import static com.busdk.upcloud.app.cli.CheckResult.fail;
import static com.busdk.upcloud.app.cli.CheckResult.ok;

import com.busdk.upcloud.app.provider.FileSshKeys;
import com.busdk.upcloud.ports.WorkerException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** That the public key files a new runner needs are readable and hold OpenSSH public keys. */
final class SshKeysCheck {
  /** An OpenSSH public key line: key type, then the base64 key. */
  private static final Pattern PUBLIC_KEY =
      Pattern.compile(
          "^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)\\s+[A-Za-z0-9+/]+=*(\\s|$)");

  private SshKeysCheck() {}

  static CheckResult check(List<Path> files) {
    List<String> keys;
    try {
      keys = new FileSshKeys(files).publicKeys();
    } catch (WorkerException e) {
      return fail("ssh keys", e.getMessage());
    }
    List<String> odd = keys.stream().filter(k -> !PUBLIC_KEY.matcher(k).find()).toList();
    String paths = files.stream().map(Path::toString).collect(Collectors.joining(" "));
    if (!odd.isEmpty()) {
      return fail(
          "ssh keys",
          odd.size()
              + (odd.size() == 1 ? " line" : " lines")
              + " in "
              + paths
              + (odd.size() == 1
                  ? " does not look like an OpenSSH public key"
                  : " do not look like OpenSSH public keys")
              + " (key type, base64 key, comment)");
    }
    return ok(
        "ssh keys", keys.size() + " public key" + (keys.size() == 1 ? "" : "s") + " in " + paths);
  }
}
