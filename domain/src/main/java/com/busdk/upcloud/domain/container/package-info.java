/**
 * Container mode: disposable Podman runs on one UpCloud runner server that is created on demand,
 * started, probed for SSH, bootstrapped and driven through the ssh-runner, plus the protected
 * runner administration under the delete policy.
 */
package com.busdk.upcloud.domain.container;
