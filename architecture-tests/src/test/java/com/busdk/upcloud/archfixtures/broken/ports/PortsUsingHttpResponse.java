package com.busdk.upcloud.archfixtures.broken.ports;

import java.net.http.HttpResponse;

/** Breaks "ports use no HTTP types". */
public interface PortsUsingHttpResponse {
  HttpResponse<String> raw();
}
