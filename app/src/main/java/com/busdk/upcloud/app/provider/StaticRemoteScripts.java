package com.busdk.upcloud.app.provider;

import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import java.util.concurrent.CompletableFuture;

/** Static provider: every script "runs" and exits 0 with empty output, without any SSH. */
public final class StaticRemoteScripts implements RemoteScripts {
  @Override
  public CompletableFuture<ScriptResult> submit(String correlationId, ScriptRequest request) {
    return CompletableFuture.completedFuture(new ScriptResult(0, "", "", null));
  }
}
